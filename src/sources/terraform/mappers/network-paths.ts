import { allowsAdmin, documentFact } from '../../../model/policy.js';
import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { append, blocks, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/**
 * Network paths: route tables and their routes, subnets, internet and transit gateways, the VPC
 * endpoints of a VPC, and Route 53 hosted zones with their query logging and DNSSEC.
 */

/** A gateway written as a reference to an aws_internet_gateway, or a literal igw- ID. */
function toInternetGateway(gateway: Value | undefined): Value {
  if (gateway === undefined || gateway === null) return false;
  if (typeof gateway === 'string') return gateway.startsWith('igw-');
  if (isUnknown(gateway)) {
    if (gateway.origin !== undefined) return /(^|\.)aws_internet_gateway\./.test(gateway.origin);
    return unknown(`the route's gateway_id is not known before apply (${gateway.reason})`);
  }
  return false;
}

function route(entry: ValueObject): ValueObject {
  return {
    destination_cidr_block: entry.destination_cidr_block ?? entry.cidr_block ?? null,
    destination_ipv6_cidr_block: entry.destination_ipv6_cidr_block ?? entry.ipv6_cidr_block ?? null,
    gateway_id: entry.gateway_id ?? null,
    to_internet_gateway: toInternetGateway(entry.gateway_id ?? undefined),
  };
}

function inlineRoutes(value: Value | undefined): Value {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  return (list as ValueObject[]).map(route);
}

const routeTable = (isDefault: boolean): PrimaryMapper => ({
  kind: 'aws.ec2.route_table',
  attributes: (instance) => ({
    vpc_id: attr(instance, 'vpc_id', isDefault ? unknown(`${instance.address}: the VPC follows from default_route_table_id`) : null),
    routes: inlineRoutes(instance.attributes.route),
    is_default: isDefault,
    // aws_route_table_association companions add the subnets and gateways that use the table.
    associations: [],
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: (_a, instance) => instance.address,
});

const subnet = (isDefault: boolean): PrimaryMapper => ({
  kind: 'aws.ec2.subnet',
  attributes: (instance) => ({
    vpc_id: attr(instance, 'vpc_id', isDefault ? unknown(`${instance.address}: the default VPC's ID is known only after apply`) : null),
    cidr_block: attr(instance, 'cidr_block', isDefault ? unknown(`${instance.address}: the default subnet's CIDR is AWS's`) : null),
    is_default: isDefault,
    // Default subnets hand out public addresses; a new subnet does not unless told to.
    map_public_ip_on_launch: attr(instance, 'map_public_ip_on_launch', isDefault),
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: (_a, instance) => instance.address,
});

/** The service part of `com.amazonaws.<region>.<service>` (also `aws.sagemaker.<region>.<service>`). */
function endpointService(name: Value): Value {
  if (typeof name !== 'string') return name ?? null;
  const match = /^[a-z0-9.-]*?\.(?:[a-z]{2}(?:-[a-z]+)+-\d)\.(.+)$/.exec(name);
  return match ? match[1]! : name;
}

/** A policy other than the default, which allows every action on every resource to everyone. */
function customPolicy(instance: ResourceInstance): Value {
  const policy = instance.attributes.policy;
  if (policy === undefined || policy === null) return false;
  return documentFact(policy, (statements) => {
    const full = allowsAdmin(statements);
    return isUnknown(full) ? full : !full;
  }, false);
}

const zone: PrimaryMapper = {
  kind: 'aws.route53.hosted_zone',
  attributes: (instance) => {
    const vpcs = blocks(instance.attributes.vpc);
    return {
      name: attr(instance, 'name', null),
      private_zone: isUnknown(vpcs) ? vpcs : (vpcs as ValueObject[]).length > 0,
      // Companions turn these on.
      query_logging_enabled: false,
      dnssec_signing: false,
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
};

export const NETWORK_PATH_MAPPERS: MapperSet = {
  primary: {
    aws_route_table: routeTable(false),
    aws_default_route_table: routeTable(true),
    aws_subnet: subnet(false),
    aws_default_subnet: subnet(true),
    aws_internet_gateway: {
      kind: 'aws.ec2.internet_gateway',
      attributes: (instance) => ({
        attachments: instance.attributes.vpc_id === undefined || instance.attributes.vpc_id === null ? [] : [{ vpc_id: instance.attributes.vpc_id }],
        region: regionOf(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (_a, instance) => instance.address,
    },
    aws_ec2_transit_gateway: {
      kind: 'aws.ec2.transit_gateway',
      attributes: (instance) => {
        const flag = (name: string, fallback: string): Value => {
          const value = attr(instance, name, fallback);
          return typeof value === 'string' ? value === 'enable' : value;
        };
        return {
          auto_accept_shared_attachments: flag('auto_accept_shared_attachments', 'disable'),
          default_route_table_association: flag('default_route_table_association', 'enable'),
          region: regionOf(instance),
          tags: attr(instance, 'tags', {}),
        };
      },
      name: (_a, instance) => instance.address,
    },
    aws_route53_zone: zone,
  },
  companions: {
    aws_route_table_association: {
      kind: 'aws.ec2.route_table',
      link: 'route_table_id',
      apply(target, companion) {
        const subnet = companion.attributes.subnet_id;
        append(target, 'associations', subnet !== undefined && subnet !== null ? subnet : attr(companion, 'gateway_id', unknown(`${companion.address} names neither subnet_id nor gateway_id`)));
      },
    },
    aws_route: {
      kind: 'aws.ec2.route_table',
      link: 'route_table_id',
      apply(target, companion) {
        append(target, 'routes', route(companion.attributes));
      },
    },
    aws_internet_gateway_attachment: {
      kind: 'aws.ec2.internet_gateway',
      link: 'internet_gateway_id',
      apply(target, companion) {
        append(target, 'attachments', { vpc_id: attr(companion, 'vpc_id', unknown(`${companion.address}.vpc_id is not set`)) });
      },
    },
    aws_vpc_endpoint: {
      kind: 'aws.ec2.vpc',
      link: 'vpc_id',
      apply(target, companion) {
        append(target, 'endpoints', {
          service: endpointService(attr(companion, 'service_name', unknown(`${companion.address}.service_name is not set`))),
          type: attr(companion, 'vpc_endpoint_type', 'Gateway'),
          custom_policy: customPolicy(companion),
        });
      },
    },
    aws_route53_query_log: {
      kind: 'aws.route53.hosted_zone',
      link: 'zone_id',
      apply(target) {
        target.query_logging_enabled = true;
      },
    },
    aws_route53_hosted_zone_dnssec: {
      kind: 'aws.route53.hosted_zone',
      link: 'hosted_zone_id',
      apply(target, companion) {
        const status = attr(companion, 'signing_status', 'SIGNING');
        target.dnssec_signing = typeof status === 'string' ? status === 'SIGNING' : status;
      },
    },
  },
};
