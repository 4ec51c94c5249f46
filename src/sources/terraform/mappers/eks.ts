import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { tagsOf } from './compute-support.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** EKS clusters' control planes. Node launch templates are aws_launch_template, read as instances. */

/** Whether some encryption_config lists "secrets" among its resources. */
function secretsEncrypted(value: Value | undefined): Value {
  const configs = blocks(value);
  if (isUnknown(configs)) return configs;
  let pending: Value | undefined;
  for (const config of configs as ValueObject[]) {
    const resources = config.resources;
    if (isUnknown(resources)) pending ??= resources;
    else if (Array.isArray(resources) && resources.some((r) => r === 'secrets')) return true;
    else if (Array.isArray(resources) && resources.some(isUnknown)) pending ??= resources.find(isUnknown)!;
  }
  return pending ?? false;
}

export const EKS_MAPPERS: MapperSet = {
  primary: {
    aws_eks_cluster: {
      kind: 'aws.eks.cluster',
      attributes: (instance) => {
        const vpc = block(instance.attributes.vpc_config);
        return {
          name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
          version: attr(instance, 'version', unknown(`${instance.address}.version is left out: EKS chooses its default version on apply`)),
          secrets_encrypted: secretsEncrypted(instance.attributes.encryption_config),
          endpoint_public_access: field(vpc, 'endpoint_public_access', true),
          endpoint_private_access: field(vpc, 'endpoint_private_access', false),
          public_access_cidrs: field(vpc, 'public_access_cidrs', ['0.0.0.0/0']),
          enabled_log_types: attr(instance, 'enabled_cluster_log_types', []),
          region: regionOf(instance),
          tags: tagsOf(instance),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
  },
  companions: {},
};
