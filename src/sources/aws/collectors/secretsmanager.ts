import {
  GetResourcePolicyCommand,
  ListSecretsCommand,
  type GetResourcePolicyCommandOutput,
  type ListSecretsCommandOutput,
} from '@aws-sdk/client-secrets-manager';
import { resourcePolicyFacts } from '../../../model/resource-policy.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { isCustomerKeyId } from './compute-support.js';
import { awsResource, daysBetween, evidenceOf, listingFailed, tagsOf, type Collector } from './support.js';

/** Secrets Manager secrets with their rotation and resource policy. Secret values are never read. */
export const SECRETSMANAGER_COLLECTORS: readonly Collector[] = [
  {
    name: 'secrets manager secrets',
    service: 'secretsmanager',
    kinds: ['aws.secretsmanager.secret'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.paginate<ListSecretsCommandOutput>('secretsmanager', ctx.region, (NextToken) => new ListSecretsCommand({ NextToken, MaxResults: 100 }), (p) => p.NextToken);
      if (!list.ok) return listingFailed(ctx, 'Secrets Manager secrets', list);
      return mapBounded(list.pages.flatMap((p) => p.SecretList ?? []), 8, async (secret) => {
        const policy = await ctx.session.call<GetResourcePolicyCommandOutput>('secretsmanager', ctx.region, new GetResourcePolicyCommand({ SecretId: secret.ARN }));
        const changed = secret.LastRotatedDate ?? secret.CreatedDate;
        const rotating = secret.RotationEnabled ?? false;
        return awsResource(ctx, 'aws.secretsmanager.secret', secret.ARN ?? '', secret.Name ?? '', {
          name: secret.Name ?? null,
          kms_key_id: secret.KmsKeyId ?? null,
          customer_managed_key: isCustomerKeyId(secret.KmsKeyId),
          rotation_enabled: rotating,
          rotation_interval_days: rotating ? (secret.RotationRules?.AutomaticallyAfterDays ?? null) : null,
          days_since_rotation: changed ? daysBetween(new Date(changed), ctx.now()) : null,
          policy: policy.ok ? resourcePolicyFacts(policy.value.ResourcePolicy ?? null) : { exists: unknownFrom(policy), public: unknownFrom(policy) },
          region: ctx.region,
          tags: tagsOf(secret.Tags),
        }, evidenceOf(list, policy));
      });
    },
  },
];
