import { DescribeClusterCommand, ListClustersCommand, type DescribeClusterCommandOutput, type ListClustersCommandOutput } from '@aws-sdk/client-eks';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, type Collector } from './support.js';

/** EKS clusters' control planes. */
export const EKS_COLLECTORS: readonly Collector[] = [
  {
    name: 'eks clusters',
    service: 'eks',
    kinds: ['aws.eks.cluster'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.paginate<ListClustersCommandOutput>('eks', ctx.region, (nextToken) => new ListClustersCommand({ nextToken, maxResults: 100 }), (p) => p.nextToken);
      if (!list.ok) return listingFailed(ctx, 'EKS clusters', list);
      return mapBounded(list.pages.flatMap((p) => p.clusters ?? []), 8, async (name) => {
        const described = await ctx.session.call<DescribeClusterCommandOutput>('eks', ctx.region, new DescribeClusterCommand({ name }));
        if (!described.ok) {
          const missing = unknownFrom(described);
          return awsResource(ctx, 'aws.eks.cluster', arn(ctx, 'eks', `cluster/${name}`), name, {
            name, version: missing, secrets_encrypted: missing, endpoint_public_access: missing, endpoint_private_access: missing,
            public_access_cidrs: missing, enabled_log_types: missing, region: ctx.region, tags: missing,
          }, evidenceOf(list, described));
        }
        const c = described.value.cluster!;
        const vpc = c.resourcesVpcConfig;
        return awsResource(ctx, 'aws.eks.cluster', c.arn ?? arn(ctx, 'eks', `cluster/${name}`), name, {
          name,
          version: c.version ?? null,
          secrets_encrypted: (c.encryptionConfig ?? []).some((e) => (e.resources ?? []).includes('secrets')),
          endpoint_public_access: vpc?.endpointPublicAccess ?? true,
          endpoint_private_access: vpc?.endpointPrivateAccess ?? false,
          public_access_cidrs: vpc?.publicAccessCidrs ?? (vpc?.endpointPublicAccess === false ? [] : ['0.0.0.0/0']),
          enabled_log_types: [...new Set((c.logging?.clusterLogging ?? []).filter((l) => l.enabled).flatMap((l) => l.types ?? []))].sort(),
          region: ctx.region,
          tags: { ...(c.tags ?? {}) },
        }, evidenceOf(list, described));
      });
    },
  },
];
