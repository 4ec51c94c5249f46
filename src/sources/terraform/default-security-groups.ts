import type { Resource, TerraformProvenance } from '../../model/resource.js';
import { isUnknown, type ValueObject } from '../../model/value.js';

/**
 * Every VPC has a default security group. A configuration that creates a VPC and does not take
 * its default group over with `aws_default_security_group` leaves the group as AWS creates it:
 * all traffic in from its own members, all traffic out. That group is added here, at the VPC's
 * block, so the rule on default groups judges it as a live scan would.
 */

/** AWS's rules of a new default security group. */
const AWS_DEFAULT_RULES = {
  ingress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: true, description: null }],
  egress: [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: null }],
};

/** The default security groups of the VPCs no aws_default_security_group manages, in one root's resources. */
export function unmanagedDefaultSecurityGroups(resources: readonly Resource[]): Resource[] {
  const managedBy = new Set<string>();
  for (const resource of resources) {
    if (resource.kind !== 'aws.ec2.security_group' || resource.attributes.is_default !== true) continue;
    const vpc = resource.attributes.vpc_id;
    if (typeof vpc === 'string') managedBy.add(vpc);
    else if (isUnknown(vpc)) managedBy.add(vpc.origin ?? '*');
  }
  // A default group whose VPC cannot be told may be any VPC's: none is added.
  if (managedBy.has('*')) return [];
  const out: Resource[] = [];
  for (const vpc of resources) {
    if (vpc.kind !== 'aws.ec2.vpc' || vpc.provenance.source !== 'terraform') continue;
    // A VPC that only a companion stands for (an orphan flow log) is declared elsewhere, where its default group may be managed.
    if (typeof vpc.attributes.is_default !== 'boolean') continue;
    const vpcId = vpc.attributes.vpc_id;
    if (managedBy.has(vpc.id) || (typeof vpcId === 'string' && managedBy.has(vpcId))) continue;
    const provenance: TerraformProvenance = { ...vpc.provenance, address: `${vpc.provenance.address}.default_security_group`, parts: [] };
    const attributes: ValueObject = {
      name: 'default',
      description: 'default VPC security group',
      vpc_id: typeof vpcId === 'string' ? vpcId : vpc.id,
      is_default: true,
      ingress: AWS_DEFAULT_RULES.ingress.map((rule) => ({ ...rule })),
      egress: AWS_DEFAULT_RULES.egress.map((rule) => ({ ...rule })),
      tags: {},
    };
    out.push({ kind: 'aws.ec2.security_group', id: provenance.address, name: `default (${vpc.name})`, attributes, provenance });
  }
  return out;
}
