import {
  DescribeRepositoriesCommand,
  GetRepositoryPolicyCommand,
  type DescribeRepositoriesCommandOutput,
  type GetRepositoryPolicyCommandOutput,
} from '@aws-sdk/client-ecr';
import { resourcePolicyFacts } from '../../../model/resource-policy.js';
import { unknown } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { awsResource, evidenceOf, listingFailed, type Collector } from './support.js';
import { isCustomerKeyId } from './compute-support.js';

/** Private ECR repositories and their repository policies. */
export const ECR_COLLECTORS: readonly Collector[] = [
  {
    name: 'ecr repositories',
    service: 'ecr',
    kinds: ['aws.ecr.repository'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.paginate<DescribeRepositoriesCommandOutput>('ecr', ctx.region, (nextToken) => new DescribeRepositoriesCommand({ nextToken, maxResults: 1000 }), (p) => p.nextToken);
      if (!list.ok) return listingFailed(ctx, 'ECR repositories', list);
      return mapBounded(list.pages.flatMap((p) => p.repositories ?? []), 8, async (repo) => {
        const policy = await ctx.session.call<GetRepositoryPolicyCommandOutput>('ecr', ctx.region, new GetRepositoryPolicyCommand({ repositoryName: repo.repositoryName, registryId: repo.registryId }));
        const encryption = repo.encryptionConfiguration;
        const type = encryption?.encryptionType ?? 'AES256';
        return awsResource(ctx, 'aws.ecr.repository', repo.repositoryArn ?? '', repo.repositoryName ?? '', {
          name: repo.repositoryName ?? null,
          scan_on_push: repo.imageScanningConfiguration?.scanOnPush ?? false,
          image_tag_mutability: repo.imageTagMutability ?? 'MUTABLE',
          encryption_type: type,
          kms_key_id: encryption?.kmsKey ?? null,
          customer_managed_key: type.startsWith('KMS') ? isCustomerKeyId(encryption?.kmsKey) : false,
          policy: policy.ok
            ? resourcePolicyFacts(policy.value.policyText ?? null)
            : /RepositoryPolicyNotFound/.test(policy.error.code) ? resourcePolicyFacts(null) : { exists: unknownFrom(policy), public: unknownFrom(policy) },
          region: ctx.region,
          tags: unknown('ECR repository tags are not read (ListTagsForResource is not called)'),
        }, evidenceOf(list, policy));
      });
    },
  },
];
