import { isUnknown, type ValueObject } from '../../model/value.js';
import type { ResourceInstance } from './module.js';

/**
 * Some settings of a resource are decided by another one it points at: an instance that leaves
 * `associate_public_ip_address` out gets a public address when its subnet has
 * `map_public_ip_on_launch = true`. An argument written as a reference to a resource declared in
 * the scanned configuration (`subnet_id = aws_subnet.public.id`, through modules too) reads an
 * unknown value whose origin is that resource's address: this follows it, so mappers can read
 * the referenced resource's configuration.
 */

/** The arguments followed, by resource type, and the resource type each must point at. */
const FOLLOWED: Record<string, Record<string, string>> = {
  aws_instance: { subnet_id: 'aws_subnet' },
};

/** Sets `referenced` on the instances whose followed arguments point at a declared resource. */
export function followReferences(instances: readonly ResourceInstance[]): void {
  let byAddress: Map<string, ResourceInstance> | undefined;
  for (const instance of instances) {
    const followed = FOLLOWED[instance.type];
    if (!followed) continue;
    for (const [argument, targetType] of Object.entries(followed)) {
      const value = instance.attributes[argument];
      if (!isUnknown(value) || value.origin === undefined) continue;
      byAddress ??= new Map(instances.map((i) => [i.address, i]));
      const target = byAddress.get(value.origin);
      if (target?.type !== targetType) continue;
      (instance.referenced ??= {} as Record<string, ValueObject>)[argument] = target.attributes;
    }
  }
}
