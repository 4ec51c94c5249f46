import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { attr, type CompanionMapper, type MapperSet, type PrimaryMapper } from './types.js';

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

/** Terraform and AWS accept "-1", -1, "all", protocol numbers and names in any case. */
export function normalizeProtocol(value: Value): Value {
  if (isUnknown(value) || value === null) return value;
  const text = String(value).toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
}

const list = (value: Value | undefined): Value => (value === undefined || value === null ? [] : value);

function ruleFromBlock(block: ValueObject): ValueObject {
  return {
    protocol: normalizeProtocol(block.protocol ?? null),
    from_port: block.from_port ?? null,
    to_port: block.to_port ?? null,
    cidr_blocks: list(block.cidr_blocks),
    ipv6_cidr_blocks: list(block.ipv6_cidr_blocks),
    prefix_list_ids: list(block.prefix_list_ids),
    security_groups: list(block.security_groups),
    self: block.self ?? false,
    description: block.description ?? null,
  };
}

function rules(value: Value | undefined): Value {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) return unknown('security group rules are not a list');
  return value.map((item) => (isValueObject(item) ? ruleFromBlock(item) : item));
}

const securityGroup = (isDefault: boolean): PrimaryMapper => ({
  kind: 'aws.ec2.security_group',
  attributes: (instance) => ({
    name: attr(instance, 'name', isDefault ? 'default' : unknown(`${instance.address}.name is generated on apply`)),
    description: attr(instance, 'description', 'Managed by Terraform'),
    vpc_id: attr(instance, 'vpc_id', unknown(`${instance.address}.vpc_id defaults to the account's default VPC`)),
    is_default: isDefault,
    ingress: rules(instance.attributes.ingress),
    egress: rules(instance.attributes.egress),
    tags: attr(instance, 'tags', {}),
  }),
  name: (attributes, instance) => (typeof attributes.name === 'string' ? attributes.name : instance.name),
});

function appendRule(target: ValueObject, direction: string, rule: ValueObject | Value): void {
  const current = target[direction];
  if (isUnknown(current)) return;
  target[direction] = [...(Array.isArray(current) ? current : []), rule];
}

/** `aws_security_group_rule`: one rule, ingress or egress by its `type`. */
const legacyRule: CompanionMapper = {
  kind: 'aws.ec2.security_group',
  link: 'security_group_id',
  apply(target, companion: ResourceInstance) {
    const type = companion.attributes.type;
    const rule = ruleFromBlock({
      ...companion.attributes,
      security_groups: companion.attributes.source_security_group_id
        ? [companion.attributes.source_security_group_id]
        : [],
    });
    if (isUnknown(type)) {
      appendRule(target, 'ingress', rule);
      return;
    }
    appendRule(target, type === 'egress' ? 'egress' : 'ingress', rule);
  },
};

/** `aws_vpc_security_group_ingress_rule` / `_egress_rule`: one CIDR or source per resource. */
const vpcRule = (direction: 'ingress' | 'egress'): CompanionMapper => ({
  kind: 'aws.ec2.security_group',
  link: 'security_group_id',
  apply(target, companion) {
    const a = companion.attributes;
    const protocol = normalizeProtocol(a.ip_protocol ?? null);
    appendRule(target, direction, {
      protocol,
      // With every protocol the ports do not apply; AWS reports -1 for both.
      from_port: protocol === '-1' ? -1 : (a.from_port ?? null),
      to_port: protocol === '-1' ? -1 : (a.to_port ?? null),
      cidr_blocks: a.cidr_ipv4 ? [a.cidr_ipv4] : [],
      ipv6_cidr_blocks: a.cidr_ipv6 ? [a.cidr_ipv6] : [],
      prefix_list_ids: a.prefix_list_id ? [a.prefix_list_id] : [],
      security_groups: a.referenced_security_group_id ? [a.referenced_security_group_id] : [],
      self: false,
      description: a.description ?? null,
    });
  },
});

export const EC2_MAPPERS: MapperSet = {
  primary: {
    aws_security_group: securityGroup(false),
    aws_default_security_group: securityGroup(true),
  },
  companions: {
    aws_security_group_rule: legacyRule,
    aws_vpc_security_group_ingress_rule: vpcRule('ingress'),
    aws_vpc_security_group_egress_rule: vpcRule('egress'),
  },
};
