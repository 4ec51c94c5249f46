import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type CompanionMapper, type MapperSet, type PrimaryMapper } from './types.js';

/** CloudFront distributions, WAFv2 web ACLs and their associations, API Gateway stages and domains. */

const named = (key: string) => (attributes: ValueObject, instance: ResourceInstance): string => (typeof attributes[key] === 'string' ? (attributes[key] as string) : instance.address);

/** An origin served by S3's REST endpoint; a website endpoint (`s3-website`) is a custom origin. */
function isS3Origin(origin: ValueObject): Value {
  if (isValueObject(block(origin.s3_origin_config)) && Object.keys(block(origin.s3_origin_config) as ValueObject).length > 0) return true;
  const domain = origin.domain_name;
  if (typeof domain === 'string') return /\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(domain) && !/s3-website/.test(domain);
  if (isUnknown(domain)) {
    if (domain.origin && /(^|\.)aws_s3_bucket\./.test(domain.origin)) return !/website/.test(domain.reason);
    return domain.origin ? false : unknown(`whether origin ${String(origin.origin_id ?? '')} is an S3 bucket depends on ${domain.reason}`);
  }
  return false;
}

function s3Origins(instance: ResourceInstance): Value {
  const origins = blocks(instance.attributes.origin);
  if (isUnknown(origins)) return origins;
  const out: Value[] = [];
  for (const origin of origins as ValueObject[]) {
    const s3 = isS3Origin(origin);
    if (s3 === false) continue;
    if (isUnknown(s3)) {
      out.push(s3);
      continue;
    }
    out.push({
      id: origin.origin_id ?? null,
      domain_name: origin.domain_name ?? null,
      origin_access_control_id: field(origin, 'origin_access_control_id', null),
      origin_access_identity: field(block(origin.s3_origin_config), 'origin_access_identity', null),
    });
  }
  return out;
}

function viewerPolicies(instance: ResourceInstance): Value {
  const policies: Value[] = [];
  const main = block(instance.attributes.default_cache_behavior);
  policies.push(field(main, 'viewer_protocol_policy', unknown(`${instance.address}: default_cache_behavior.viewer_protocol_policy is not set`)));
  const ordered = blocks(instance.attributes.ordered_cache_behavior);
  if (isUnknown(ordered)) return ordered;
  for (const behaviour of ordered as ValueObject[]) policies.push(field(behaviour, 'viewer_protocol_policy', unknown(`${instance.address}: an ordered_cache_behavior has no viewer_protocol_policy`)));
  return policies;
}

const distribution: PrimaryMapper = {
  kind: 'aws.cloudfront.distribution',
  attributes: (instance) => {
    const certificate = block(instance.attributes.viewer_certificate);
    const usesDefault = field(certificate, 'cloudfront_default_certificate', false);
    const logging = block(instance.attributes.logging_config);
    return {
      domain_name: unknown(`${instance.address}: the domain name is assigned on apply`),
      viewer_protocol_policies: viewerPolicies(instance),
      uses_default_certificate: usesDefault,
      // With the default certificate CloudFront accepts TLSv1 whatever the block says.
      minimum_protocol_version: usesDefault === true ? 'TLSv1' : field(certificate, 'minimum_protocol_version', 'TLSv1'),
      web_acl_id: attr(instance, 'web_acl_id', null),
      logging_enabled: isUnknown(logging) ? logging : Object.keys(logging as ValueObject).length > 0,
      s3_origins: s3Origins(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (_a, instance) => instance.address,
};

const webAcl: PrimaryMapper = {
  kind: 'aws.wafv2.web_acl',
  attributes: (instance) => ({
    name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
    scope: attr(instance, 'scope', unknown(`${instance.address}.scope is not set`)),
    logging_enabled: false,
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: named('name'),
};

const webAclLogging: CompanionMapper = {
  kind: 'aws.wafv2.web_acl',
  link: 'resource_arn',
  apply(target, companion) {
    const destinations = companion.attributes.log_destination_configs;
    target.logging_enabled = isUnknown(destinations) ? true : Array.isArray(destinations) ? destinations.length > 0 : false;
  },
};

/** A web ACL association names an Application Load Balancer or an API Gateway stage by ARN. */
const association = (aclArgument: string): CompanionMapper => ({
  kind: 'aws.elb.load_balancer',
  alsoKinds: ['aws.apigateway.stage'],
  link: 'resource_arn',
  apply(target, companion) {
    target.web_acl_arn = attr(companion, aclArgument, unknown(`${companion.address}.${aclArgument} is not set`));
  },
});

const restStage: PrimaryMapper = {
  kind: 'aws.apigateway.stage',
  attributes: (instance) => {
    const access = block(instance.attributes.access_log_settings);
    return {
      name: attr(instance, 'stage_name', unknown(`${instance.address}.stage_name is not set`)),
      api_type: 'REST',
      execution_logging_level: 'OFF',
      access_logging_enabled: isUnknown(access) ? access : field(access, 'destination_arn', null) !== null,
      client_certificate_id: attr(instance, 'client_certificate_id', null),
      web_acl_arn: null,
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

/** Method settings for every method (`*\/*`) set the stage's execution logging. */
const methodSettings: CompanionMapper = {
  kind: 'aws.apigateway.stage',
  link: 'stage_name',
  applies: (companion) => companion.attributes.method_path === '*/*',
  apply(target, companion) {
    target.execution_logging_level = field(block(companion.attributes.settings), 'logging_level', 'OFF');
  },
};

const v2Stage: PrimaryMapper = {
  kind: 'aws.apigateway.stage',
  attributes: (instance) => {
    const access = block(instance.attributes.access_log_settings);
    const api = instance.referenced?.api_id;
    const protocol = isValueObject(api) ? api.protocol_type : undefined;
    return {
      name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
      api_type: typeof protocol === 'string' ? protocol : unknown(`${instance.address}: the API of api_id is not in the scanned configuration, so whether it is HTTP or WebSocket is not known`),
      execution_logging_level: field(block(instance.attributes.default_route_settings), 'logging_level', 'OFF'),
      access_logging_enabled: isUnknown(access) ? access : field(access, 'destination_arn', null) !== null,
      client_certificate_id: attr(instance, 'client_certificate_id', null),
      web_acl_arn: null,
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

const domainName = (v2: boolean): PrimaryMapper => ({
  kind: 'aws.apigateway.domain_name',
  attributes: (instance) => ({
    domain_name: attr(instance, 'domain_name', unknown(`${instance.address}.domain_name is not set`)),
    security_policy: v2
      ? field(block(instance.attributes.domain_name_configuration), 'security_policy', 'TLS_1_2')
      : attr(instance, 'security_policy', unknown(`${instance.address}: security_policy is left out, so API Gateway chooses it`)),
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: named('domain_name'),
});

export const EDGE_DATA_MAPPERS: MapperSet = {
  primary: {
    aws_cloudfront_distribution: distribution,
    aws_wafv2_web_acl: webAcl,
    aws_api_gateway_stage: restStage,
    aws_apigatewayv2_stage: v2Stage,
    aws_api_gateway_domain_name: domainName(false),
    aws_apigatewayv2_domain_name: domainName(true),
  },
  companions: {
    aws_wafv2_web_acl_logging_configuration: webAclLogging,
    aws_wafv2_web_acl_association: association('web_acl_arn'),
    aws_wafregional_web_acl_association: association('web_acl_id'),
    aws_api_gateway_method_settings: methodSettings,
  },
};
