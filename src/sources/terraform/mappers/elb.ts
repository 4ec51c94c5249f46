import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { append, block, blocks, field, regionOf } from './support.js';
import { attr, type CompanionMapper, type MapperSet, type PrimaryMapper } from './types.js';

/** Application, Network and Gateway Load Balancers with their listeners. */

const loadBalancer: PrimaryMapper = {
  kind: 'aws.elb.load_balancer',
  attributes: (instance) => {
    const logs = block(instance.attributes.access_logs);
    const hasBlock = !isUnknown(logs) && Object.keys(logs as ValueObject).length > 0;
    return {
      name: attr(instance, 'name', instance.address),
      type: attr(instance, 'load_balancer_type', 'application'),
      internal: attr(instance, 'internal', false),
      // An access_logs block is on unless it says enabled = false.
      access_logs_enabled: isUnknown(logs) ? logs : hasBlock ? field(logs, 'enabled', true) : false,
      listeners: [],
      web_acl_arn: null,
      deletion_protection: attr(instance, 'enable_deletion_protection', false),
      // Application load balancers always balance across zones; network and gateway ones only when told to.
      cross_zone: (() => {
        const type = attr(instance, 'load_balancer_type', 'application');
        return type === 'application' ? true : attr(instance, 'enable_cross_zone_load_balancing', false);
      })(),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
};

function redirectsToHttps(instance: ResourceInstance): Value {
  const actions = blocks(instance.attributes.default_action);
  if (isUnknown(actions)) return actions;
  return (actions as ValueObject[]).some((action) => {
    if (action.type !== 'redirect') return false;
    const redirect = block(action.redirect);
    return field(redirect, 'protocol', '#{protocol}') === 'HTTPS';
  });
}

const listener: CompanionMapper = {
  kind: 'aws.elb.load_balancer',
  link: 'load_balancer_arn',
  apply(target, companion) {
    const protocol = attr(companion, 'protocol', companion.attributes.certificate_arn ? 'HTTPS' : 'HTTP');
    append(target, 'listeners', {
      port: attr(companion, 'port', null),
      protocol: typeof protocol === 'string' ? protocol.toUpperCase() : protocol,
      ssl_policy: attr(companion, 'ssl_policy', protocol === 'HTTPS' || protocol === 'TLS' ? unknown(`${companion.address}: ssl_policy is left out, so the API's default policy applies`) : null),
      redirects_to_https: redirectsToHttps(companion),
      certificate_arn: attr(companion, 'certificate_arn', null),
    });
  },
};

export const ELB_MAPPERS: MapperSet = {
  primary: { aws_lb: loadBalancer, aws_alb: loadBalancer },
  companions: { aws_lb_listener: listener, aws_alb_listener: listener },
};
