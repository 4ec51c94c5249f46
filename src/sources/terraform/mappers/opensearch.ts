import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { resourcePolicyFacts, tagsOf } from './compute-support.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/** OpenSearch Service domains, OpenSearch and legacy Elasticsearch, folded with their domain policy. */

/** The log types published to CloudWatch Logs and not switched off. */
function cloudwatchLogTypes(value: Value | undefined): Value {
  const options = blocks(value);
  if (isUnknown(options)) return options;
  const types: Value[] = [];
  for (const option of options as ValueObject[]) {
    const enabled = option.enabled ?? true;
    if (isUnknown(enabled)) return enabled;
    if (enabled === false) continue;
    types.push(option.log_type ?? unknown('a log_publishing_options block names no log_type'));
  }
  return types;
}

function inVpc(value: Value | undefined): Value {
  const vpc = block(value);
  if (isUnknown(vpc)) return vpc;
  const subnets = field(vpc, 'subnet_ids', []);
  if (isUnknown(subnets)) return subnets.origin ? true : subnets;
  return Array.isArray(subnets) && subnets.length > 0;
}

const domain = (legacy: boolean): PrimaryMapper => ({
  kind: 'aws.opensearch.domain',
  attributes: (instance: ResourceInstance) => {
    const endpoint = block(instance.attributes.domain_endpoint_options);
    const endpointGiven = instance.attributes.domain_endpoint_options !== undefined && instance.attributes.domain_endpoint_options !== null;
    return {
      name: attr(instance, 'domain_name', unknown(`${instance.address}.domain_name is not set`)),
      engine_version: legacy
        ? (() => {
            const version = attr(instance, 'elasticsearch_version', '1.5');
            return typeof version === 'string' ? `Elasticsearch_${version}` : version;
          })()
        : attr(instance, 'engine_version', unknown(`${instance.address}.engine_version is left out: the service chooses the latest OpenSearch version on apply`)),
      legacy_elasticsearch: legacy,
      encrypt_at_rest: field(block(instance.attributes.encrypt_at_rest), 'enabled', false),
      node_to_node_encryption: field(block(instance.attributes.node_to_node_encryption), 'enabled', false),
      // Without the block the API leaves HTTP open; inside it the provider defaults enforce_https to true.
      enforce_https: endpointGiven ? field(endpoint, 'enforce_https', true) : false,
      tls_security_policy: field(endpoint, 'tls_security_policy', unknown(`${instance.address}: domain_endpoint_options.tls_security_policy is left out, so the service chooses the TLS policy`)),
      in_vpc: inVpc(instance.attributes.vpc_options),
      cloudwatch_log_types: cloudwatchLogTypes(instance.attributes.log_publishing_options),
      policy: resourcePolicyFacts(instance.attributes.access_policies),
      region: regionOf(instance),
      tags: tagsOf(instance),
    };
  },
  name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
  identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
});

const domainPolicy = {
  kind: 'aws.opensearch.domain',
  link: 'domain_name',
  apply(target: ValueObject, companion: ResourceInstance) {
    target.policy = resourcePolicyFacts(companion.attributes.access_policies);
  },
};

export const OPENSEARCH_MAPPERS: MapperSet = {
  primary: { aws_opensearch_domain: domain(false), aws_elasticsearch_domain: domain(true) },
  companions: { aws_opensearch_domain_policy: domainPolicy, aws_elasticsearch_domain_policy: domainPolicy },
};
