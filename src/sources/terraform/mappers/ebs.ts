import { unknown } from '../../../model/value.js';
import { regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/**
 * EBS volumes and the per-region encryption-by-default setting. Snapshots are not mapped: Terraform
 * cannot share one with everyone, so the public-snapshot rule reads live accounts only.
 */

export const EBS_MAPPERS: MapperSet = {
  primary: {
    aws_ebs_volume: {
      kind: 'aws.ec2.volume',
      attributes: (instance) => ({
        // Left out, the volume is created unencrypted unless the account encrypts by default.
        encrypted: attr(instance, 'encrypted', false),
        kms_key_id: attr(instance, 'kms_key_id', null),
        size: attr(instance, 'size', unknown(`${instance.address}.size comes from the snapshot`)),
        region: regionOf(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (_a, instance) => instance.address,
    },
    aws_ebs_encryption_by_default: {
      kind: 'aws.ec2.ebs_encryption_default',
      attributes: (instance) => ({
        enabled: attr(instance, 'enabled', true),
        kms_key_id: null,
        region: regionOf(instance),
      }),
      name: (_a, instance) => instance.address,
    },
  },
  companions: {},
};
