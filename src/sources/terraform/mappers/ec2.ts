import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { block, blocks, field, regionOf } from './support.js';
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

function blockDevices(instance: ResourceInstance): Value {
  const root = blocks(instance.attributes.root_block_device);
  const extra = blocks(instance.attributes.ebs_block_device);
  if (isUnknown(root)) return root;
  if (isUnknown(extra)) return extra;
  // Without a root_block_device block the root volume is still there, unencrypted unless the AMI's snapshot or the account default encrypts it.
  const roots = (root as ValueObject[]).length > 0 ? (root as ValueObject[]) : [{}];
  return [
    ...roots.map((b) => ({ device_name: 'root', encrypted: b.encrypted ?? false, kms_key_id: b.kms_key_id ?? null })),
    ...(extra as ValueObject[]).map((b) => ({ device_name: b.device_name ?? null, encrypted: b.encrypted ?? false, kms_key_id: b.kms_key_id ?? null })),
  ];
}

/**
 * Left out, the subnet decides: a subnet declared in the configuration says so with
 * map_public_ip_on_launch (false unless set); with no subnet the instance lands in a default
 * subnet, which assigns public addresses.
 */
function publicIp(instance: ResourceInstance): Value {
  const given = instance.attributes.associate_public_ip_address;
  if (given !== undefined && given !== null) return given;
  if (instance.attributes.subnet_id === undefined || instance.attributes.subnet_id === null) return true;
  const subnet = instance.referenced?.subnet_id;
  if (isValueObject(subnet)) return subnet.map_public_ip_on_launch ?? false;
  return unknown(`${instance.address}: associate_public_ip_address is left out, so the subnet's map_public_ip_on_launch decides`);
}

const ec2Instance: PrimaryMapper = {
  kind: 'aws.ec2.instance',
  attributes: (instance) => {
    const metadata = block(instance.attributes.metadata_options);
    return {
      instance_type: attr(instance, 'instance_type', unknown(`${instance.address}.instance_type comes from a launch template`)),
      public_ip: publicIp(instance),
      // The provider leaves IMDSv1 on unless told otherwise (or the AMI is marked IMDSv2-only).
      http_tokens: field(metadata, 'http_tokens', 'optional'),
      http_endpoint: field(metadata, 'http_endpoint', 'enabled'),
      block_devices: blockDevices(instance),
      iam_instance_profile: attr(instance, 'iam_instance_profile', null),
      // EC2-Classic is retired: every instance the provider can create runs in a VPC.
      in_vpc: true,
      launched_by: 'instance',
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (attributes, instance) => {
    const tags = attributes.tags;
    return isValueObject(tags) && typeof tags.Name === 'string' ? tags.Name : instance.address;
  },
};

export const EC2_MAPPERS: MapperSet = {
  primary: {
    aws_instance: ec2Instance,
    aws_security_group: securityGroup(false),
    aws_default_security_group: securityGroup(true),
  },
  companions: {
    aws_security_group_rule: legacyRule,
    aws_vpc_security_group_ingress_rule: vpcRule('ingress'),
    aws_vpc_security_group_egress_rule: vpcRule('egress'),
  },
};
