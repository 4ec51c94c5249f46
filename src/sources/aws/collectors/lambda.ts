import {
  GetPolicyCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  type GetPolicyCommandOutput,
  type ListFunctionsCommandOutput,
  type ListTagsCommandOutput,
} from '@aws-sdk/client-lambda';
import { plaintextSecretNames } from '../../../model/plaintext-secrets.js';
import { resourcePolicyFacts } from '../../../model/resource-policy.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { isCustomerKeyId } from './compute-support.js';
import { awsResource, evidenceOf, listingFailed, valueOf, type Collector } from './support.js';

/** Lambda functions with their resource policy and tags. Environment values are read only to name the secret-like ones. */
export const LAMBDA_COLLECTORS: readonly Collector[] = [
  {
    name: 'lambda functions',
    service: 'lambda',
    kinds: ['aws.lambda.function'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.paginate<ListFunctionsCommandOutput>('lambda', ctx.region, (Marker) => new ListFunctionsCommand({ Marker, MaxItems: 50 }), (p) => p.NextMarker);
      if (!list.ok) return listingFailed(ctx, 'Lambda functions', list);
      return mapBounded(list.pages.flatMap((p) => p.Functions ?? []), 8, async (fn) => {
        const policy = await ctx.session.call<GetPolicyCommandOutput>('lambda', ctx.region, new GetPolicyCommand({ FunctionName: fn.FunctionName }));
        const tags = await ctx.session.call<ListTagsCommandOutput>('lambda', ctx.region, new ListTagsCommand({ Resource: fn.FunctionArn }));
        const variables = fn.Environment?.Variables ?? {};
        return awsResource(ctx, 'aws.lambda.function', fn.FunctionArn ?? '', fn.FunctionName ?? '', {
          name: fn.FunctionName ?? null,
          runtime: fn.Runtime ?? null,
          package_type: fn.PackageType ?? 'Zip',
          kms_key_arn: fn.KMSKeyArn ?? null,
          customer_managed_key: isCustomerKeyId(fn.KMSKeyArn),
          environment_variable_names: Object.keys(variables).sort(),
          environment_secret_names: plaintextSecretNames(Object.entries(variables)),
          in_vpc: (fn.VpcConfig?.SubnetIds ?? []).length > 0,
          // No policy at all is ResourceNotFoundException.
          policy: policy.ok
            ? resourcePolicyFacts(policy.value.Policy ?? null)
            : /ResourceNotFound/.test(policy.error.code) ? resourcePolicyFacts(null) : { exists: unknownFrom(policy), public: unknownFrom(policy) },
          region: ctx.region,
          tags: valueOf(tags, (v) => ({ ...(v.Tags ?? {}) })),
        }, evidenceOf(list, policy, tags));
      });
    },
  },
];
