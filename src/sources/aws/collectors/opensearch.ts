import {
  DescribeDomainsCommand,
  ListDomainNamesCommand,
  type DescribeDomainsCommandOutput,
  type ListDomainNamesCommandOutput,
} from '@aws-sdk/client-opensearch';
import { resourcePolicyFacts } from '../../../model/resource-policy.js';
import type { Resource } from '../../../model/resource.js';
import { unknown } from '../../../model/value.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, type Collector } from './support.js';

/** OpenSearch Service domains, both engines (the opensearch API describes legacy Elasticsearch domains too). */
export const OPENSEARCH_COLLECTORS: readonly Collector[] = [
  {
    name: 'opensearch domains',
    service: 'opensearch',
    kinds: ['aws.opensearch.domain'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.call<ListDomainNamesCommandOutput>('opensearch', ctx.region, new ListDomainNamesCommand({}));
      if (!list.ok) return listingFailed(ctx, 'OpenSearch domains', list);
      const names = (list.value.DomainNames ?? []).flatMap((d) => (d.DomainName ? [d.DomainName] : []));
      const out: Resource[] = [];
      // DescribeDomains takes at most five names.
      for (let i = 0; i < names.length; i += 5) {
        const batch = names.slice(i, i + 5);
        const described = await ctx.session.call<DescribeDomainsCommandOutput>('opensearch', ctx.region, new DescribeDomainsCommand({ DomainNames: batch }));
        if (!described.ok) {
          const missing = unknownFrom(described);
          for (const name of batch) {
            out.push(awsResource(ctx, 'aws.opensearch.domain', arn(ctx, 'es', `domain/${name}`), name, {
              name, engine_version: missing, legacy_elasticsearch: missing, encrypt_at_rest: missing, node_to_node_encryption: missing,
              enforce_https: missing, tls_security_policy: missing, in_vpc: missing, cloudwatch_log_types: missing,
              policy: { exists: missing, public: missing }, region: ctx.region, tags: missing,
            }, evidenceOf(list, described)));
          }
          continue;
        }
        for (const d of described.value.DomainStatusList ?? []) {
          const version = d.EngineVersion ?? null;
          out.push(awsResource(ctx, 'aws.opensearch.domain', d.ARN ?? arn(ctx, 'es', `domain/${d.DomainName}`), d.DomainName ?? '', {
            name: d.DomainName ?? null,
            engine_version: version,
            legacy_elasticsearch: typeof version === 'string' && version.startsWith('Elasticsearch_'),
            encrypt_at_rest: d.EncryptionAtRestOptions?.Enabled ?? false,
            node_to_node_encryption: d.NodeToNodeEncryptionOptions?.Enabled ?? false,
            enforce_https: d.DomainEndpointOptions?.EnforceHTTPS ?? false,
            tls_security_policy: d.DomainEndpointOptions?.TLSSecurityPolicy ?? null,
            in_vpc: (d.VPCOptions?.SubnetIds ?? []).length > 0,
            cloudwatch_log_types: Object.entries(d.LogPublishingOptions ?? {}).filter(([, o]) => o.Enabled && o.CloudWatchLogsLogGroupArn).map(([type]) => type).sort(),
            policy: resourcePolicyFacts(d.AccessPolicies ?? null),
            region: ctx.region,
            tags: unknown('OpenSearch domain tags are not read (ListTags is not called)'),
          }, evidenceOf(list, described)));
        }
      }
      return out;
    },
  },
];
