import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/**
 * Launch templates and launch configurations describe the instances an Auto Scaling group or a
 * `run-instances` call starts: they are judged as the instances they launch (aws.ec2.instance),
 * by the rules on IMDSv2, volume encryption and public IP addresses.
 */

const volume = (deviceName: Value, settings: ValueObject | Value): ValueObject => ({
  device_name: deviceName,
  encrypted: field(settings, 'encrypted', false),
  kms_key_id: field(settings, 'kms_key_id', null),
});

/** Launch template `block_device_mappings { ebs { encrypted } }`; the AMI's root volume when none is given. */
function templateVolumes(instance: ResourceInstance): Value {
  const mappings = blocks(instance.attributes.block_device_mappings);
  if (isUnknown(mappings)) return mappings;
  const list = mappings as ValueObject[];
  // Without mappings the root volume comes from the AMI: unencrypted unless its snapshot or the account default encrypts it.
  if (list.length === 0) return [volume('root', {})];
  return list
    .map((m) => {
      const ebs = block(m.ebs);
      // A mapping without ebs is an instance-store or suppressed device, not an EBS volume.
      if (!isUnknown(ebs) && Object.keys(ebs as ValueObject).length === 0 && (m.virtual_name !== undefined || m.no_device !== undefined)) return undefined;
      return volume(m.device_name ?? null, ebs);
    })
    .filter((v): v is ValueObject => v !== undefined);
}

/**
 * Left out, the subnets the instances launch into decide: those of the Auto Scaling groups that
 * use this launcher, when they are declared (see referenced.ts), else unknown.
 */
function publicIpFromLaunchSubnets(instance: ResourceInstance): Value {
  const subnets = instance.referenced?.launch_subnets;
  if (Array.isArray(subnets)) {
    if (subnets.some((subnet) => subnet.map_public_ip_on_launch === true)) return true;
    const pending = subnets.map((subnet) => subnet.map_public_ip_on_launch).find(isUnknown);
    return pending ? unknown(`${instance.address}: a launch subnet's map_public_ip_on_launch is not known before apply (${pending.reason})`) : false;
  }
  return unknown(`${instance.address}: associate_public_ip_address is left out, so the subnet the instances launch into decides`);
}

/** `network_interfaces { associate_public_ip_address }`; left out, the subnet the group launches into decides. */
function templatePublicIp(instance: ResourceInstance): Value {
  const interfaces = blocks(instance.attributes.network_interfaces);
  if (isUnknown(interfaces)) return interfaces;
  const given = (interfaces as ValueObject[]).map((i) => i.associate_public_ip_address).find((v) => v !== undefined && v !== null);
  if (given !== undefined) return typeof given === 'string' ? given === 'true' : given;
  return publicIpFromLaunchSubnets(instance);
}

const launchTemplate: PrimaryMapper = {
  kind: 'aws.ec2.instance',
  attributes: (instance) => {
    const metadata = block(instance.attributes.metadata_options);
    const profile = block(instance.attributes.iam_instance_profile);
    return {
      instance_type: attr(instance, 'instance_type', unknown(`${instance.address}.instance_type is chosen where the template is used`)),
      public_ip: templatePublicIp(instance),
      // Left out, the instances launch with the AMI's and the account's defaults: IMDSv1 allowed.
      http_tokens: field(metadata, 'http_tokens', 'optional'),
      http_endpoint: field(metadata, 'http_endpoint', 'enabled'),
      block_devices: templateVolumes(instance),
      iam_instance_profile: isUnknown(profile) ? profile : field(profile, 'name', field(profile, 'arn', null)),
      in_vpc: true,
      launched_by: 'launch_template',
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (_a, instance) => (typeof instance.attributes.name === 'string' ? instance.attributes.name : instance.address),
};

const launchConfiguration: PrimaryMapper = {
  kind: 'aws.ec2.instance',
  attributes: (instance) => {
    const metadata = block(instance.attributes.metadata_options);
    const root = blocks(instance.attributes.root_block_device);
    const extra = blocks(instance.attributes.ebs_block_device);
    const devices = isUnknown(root)
      ? root
      : isUnknown(extra)
        ? extra
        : [
            ...((root as ValueObject[]).length > 0 ? (root as ValueObject[]) : [{}]).map((b) => volume('root', b)),
            ...(extra as ValueObject[]).map((b) => volume(b.device_name ?? null, b)),
          ];
    const given = instance.attributes.associate_public_ip_address;
    return {
      instance_type: attr(instance, 'instance_type', unknown(`${instance.address}.instance_type is not set`)),
      public_ip: given !== undefined && given !== null ? given : publicIpFromLaunchSubnets(instance),
      http_tokens: field(metadata, 'http_tokens', 'optional'),
      http_endpoint: field(metadata, 'http_endpoint', 'enabled'),
      block_devices: devices,
      iam_instance_profile: attr(instance, 'iam_instance_profile', null),
      in_vpc: true,
      launched_by: 'launch_configuration',
      region: regionOf(instance),
      tags: {},
    };
  },
  name: (_a, instance) => (typeof instance.attributes.name === 'string' ? instance.attributes.name : instance.address),
};

export const LAUNCH_MAPPERS: MapperSet = {
  primary: {
    aws_launch_template: launchTemplate,
    aws_launch_configuration: launchConfiguration,
  },
  companions: {},
};
