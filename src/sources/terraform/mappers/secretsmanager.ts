import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { customerKey, resourcePolicyFacts, tagsOf } from './compute-support.js';
import { block, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** Secrets Manager secrets, folded with their rotation and resource policy. */

/** Rotation as `rotation_rules` says it (the separate resource, or the provider v3 inline block). */
function rotationFrom(target: ValueObject, rules: Value | undefined): void {
  const block_ = block(rules);
  if (isUnknown(block_)) {
    target.rotation_enabled = block_;
    target.rotation_interval_days = block_;
    return;
  }
  target.rotation_enabled = true;
  target.rotation_interval_days = field(block_, 'automatically_after_days', null);
}

const named = (a: ValueObject, instance: ResourceInstance): string => (typeof a.name === 'string' ? a.name : instance.address);

export const SECRETSMANAGER_MAPPERS: MapperSet = {
  primary: {
    aws_secretsmanager_secret: {
      kind: 'aws.secretsmanager.secret',
      attributes: (instance) => {
        const key = attr(instance, 'kms_key_id', null);
        const out: ValueObject = {
          name: attr(instance, 'name', instance.attributes.name_prefix ? unknown(`${instance.address}: the name is generated on apply from name_prefix`) : unknown(`${instance.address}.name is generated on apply`)),
          kms_key_id: key,
          customer_managed_key: customerKey(key),
          rotation_enabled: false,
          rotation_interval_days: null,
          days_since_rotation: unknown('when a secret was last rotated is only known in the live account'),
          policy: resourcePolicyFacts(instance.attributes.policy),
          region: regionOf(instance),
          tags: tagsOf(instance),
        };
        if (instance.attributes.rotation_rules !== undefined && instance.attributes.rotation_rules !== null) rotationFrom(out, instance.attributes.rotation_rules);
        return out;
      },
      name: named,
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
  },
  companions: {
    aws_secretsmanager_secret_rotation: {
      kind: 'aws.secretsmanager.secret',
      link: 'secret_id',
      apply(target, companion) {
        rotationFrom(target, companion.attributes.rotation_rules ?? [{}]);
      },
    },
    aws_secretsmanager_secret_policy: {
      kind: 'aws.secretsmanager.secret',
      link: 'secret_arn',
      apply(target, companion) {
        target.policy = resourcePolicyFacts(companion.attributes.policy);
      },
    },
  },
};
