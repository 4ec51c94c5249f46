import { isUnknown, isValueObject, type Value, type ValueObject } from '../../model/value.js';
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
  aws_apigatewayv2_stage: { api_id: 'aws_apigatewayv2_api' },
  aws_redshift_cluster: { cluster_parameter_group_name: 'aws_redshift_parameter_group' },
};

/** Sets `referenced` on the instances whose followed arguments point at a declared resource. */
export function followReferences(instances: readonly ResourceInstance[]): void {
  followLaunchSubnets(instances);
  followEmrSubnets(instances);
  let byAddress: Map<string, ResourceInstance> | undefined;
  let byName: Map<string, ResourceInstance> | undefined;
  for (const instance of instances) {
    const followed = FOLLOWED[instance.type];
    if (!followed) continue;
    for (const [argument, targetType] of Object.entries(followed)) {
      const value = instance.attributes[argument];
      // A literal name (a parameter group's `name`) names the declared resource of that name.
      const target =
        typeof value === 'string'
          ? (byName ??= new Map(instances.filter((i) => typeof i.attributes.name === 'string').map((i) => [`${i.type}|${String(i.attributes.name)}`, i]))).get(`${targetType}|${value}`)
          : isUnknown(value) && value.origin !== undefined
            ? (byAddress ??= new Map(instances.map((i) => [i.address, i]))).get(value.origin)
            : undefined;
      if (target?.type !== targetType) continue;
      (instance.referenced ??= {})[argument] = target.attributes;
    }
  }
}

const LAUNCHERS = new Set(['aws_launch_template', 'aws_launch_configuration']);

/** The resource address a reference argument names, when it is one. */
const originOf = (value: Value | undefined): string | undefined => (isUnknown(value) ? value.origin : undefined);

/**
 * An Auto Scaling group launches its template's or configuration's instances into the subnets of
 * `vpc_zone_identifier`: when every group that uses a launcher names only declared subnets, the
 * launcher's `referenced.launch_subnets` lists them, so a launcher that leaves the public IP out
 * gets one exactly when one of those subnets maps public IPs on launch. A group whose subnets
 * cannot all be followed leaves the launcher's public IP unknown.
 */
function followLaunchSubnets(instances: readonly ResourceInstance[]): void {
  const groups = instances.filter((i) => i.type === 'aws_autoscaling_group');
  if (groups.length === 0) return;
  const byAddress = new Map(instances.map((i) => [i.address, i]));
  const subnetsOf = new Map<string, ValueObject[] | undefined>();
  for (const group of groups) {
    const template = group.attributes.launch_template;
    const templateBlock = Array.isArray(template) && isValueObject(template[0]) ? template[0] : undefined;
    const launcher = originOf(group.attributes.launch_configuration) ?? originOf(templateBlock?.id) ?? originOf(templateBlock?.name);
    const target = launcher === undefined ? undefined : byAddress.get(launcher);
    if (!target || !LAUNCHERS.has(target.type)) continue;
    const zones = group.attributes.vpc_zone_identifier;
    const subnets = Array.isArray(zones) ? zones.map((zone) => byAddress.get(originOf(zone) ?? '')) : [undefined];
    const known = subnets.every((subnet) => subnet?.type === 'aws_subnet') ? subnets.map((subnet) => subnet!.attributes) : undefined;
    const before = subnetsOf.has(target.address) ? subnetsOf.get(target.address) : [];
    subnetsOf.set(target.address, before && known ? [...before, ...known] : undefined);
  }
  for (const [address, subnets] of subnetsOf) {
    if (subnets && subnets.length > 0) (byAddress.get(address)!.referenced ??= {}).launch_subnets = subnets;
  }
}

/** An EMR cluster's nodes launch into `ec2_attributes.subnet_id`: `referenced.ec2_subnet` is that subnet when it is declared. */
function followEmrSubnets(instances: readonly ResourceInstance[]): void {
  const clusters = instances.filter((i) => i.type === 'aws_emr_cluster');
  if (clusters.length === 0) return;
  const byAddress = new Map(instances.map((i) => [i.address, i]));
  for (const cluster of clusters) {
    const ec2 = cluster.attributes.ec2_attributes;
    const first = Array.isArray(ec2) && isValueObject(ec2[0]) ? ec2[0] : undefined;
    const subnet = byAddress.get(originOf(first?.subnet_id) ?? '');
    if (subnet?.type === 'aws_subnet') (cluster.referenced ??= {}).ec2_subnet = subnet.attributes;
  }
}
