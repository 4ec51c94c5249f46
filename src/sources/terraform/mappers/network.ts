import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { normalizeProtocol } from './ec2.js';
import { append, blocks, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/** VPCs with their flow logs, and network ACLs with their entries. */

function aclEntry(entry: ValueObject, numberField: string, actionField: string): ValueObject {
  const protocol = normalizeProtocol(entry.protocol ?? null);
  return {
    rule_number: entry[numberField] ?? null,
    protocol,
    action: typeof entry[actionField] === 'string' ? (entry[actionField] as string).toLowerCase() : (entry[actionField] ?? null),
    cidr_block: entry.cidr_block ?? null,
    ipv6_cidr_block: entry.ipv6_cidr_block ?? null,
    from_port: protocol === '-1' ? null : (entry.from_port ?? null),
    to_port: protocol === '-1' ? null : (entry.to_port ?? null),
  };
}

function aclEntries(value: Value | undefined): Value {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  return (list as ValueObject[]).map((e) => aclEntry(e, 'rule_no', 'action'));
}

const networkAcl = (isDefault: boolean): PrimaryMapper => ({
  kind: 'aws.ec2.network_acl',
  attributes: (instance) => ({
    vpc_id: attr(instance, 'vpc_id', isDefault ? unknown(`${instance.address}: the VPC follows from default_network_acl_id`) : null),
    is_default: isDefault,
    ingress: aclEntries(instance.attributes.ingress),
    egress: aclEntries(instance.attributes.egress),
    tags: attr(instance, 'tags', {}),
  }),
  name: (_attributes, instance) => instance.address,
});

const vpc = (isDefault: boolean): PrimaryMapper => ({
  kind: 'aws.ec2.vpc',
  attributes: (instance) => ({
    cidr_block: attr(instance, 'cidr_block', isDefault ? '172.31.0.0/16' : unknown(`${instance.address}.cidr_block comes from IPAM`)),
    is_default: isDefault,
    // A companion aws_flow_log turns these on.
    flow_logs_enabled: false,
    flow_log_traffic_types: [],
    // Companion aws_vpc_endpoint blocks add to these.
    endpoints: [],
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: (_attributes, instance) => instance.address,
});

export const NETWORK_MAPPERS: MapperSet = {
  primary: {
    aws_network_acl: networkAcl(false),
    aws_default_network_acl: networkAcl(true),
    aws_vpc: vpc(false),
    aws_default_vpc: vpc(true),
  },
  companions: {
    aws_network_acl_rule: {
      kind: 'aws.ec2.network_acl',
      link: 'network_acl_id',
      apply(target, companion) {
        const egress = companion.attributes.egress;
        const entry = aclEntry(companion.attributes, 'rule_number', 'rule_action');
        append(target, egress === true ? 'egress' : 'ingress', entry);
      },
    },
    aws_flow_log: {
      kind: 'aws.ec2.vpc',
      link: 'vpc_id',
      apply(target, companion) {
        target.flow_logs_enabled = true;
        append(target, 'flow_log_traffic_types', attr(companion, 'traffic_type', unknown(`${companion.address}.traffic_type is not set`)));
      },
    },
  },
};
