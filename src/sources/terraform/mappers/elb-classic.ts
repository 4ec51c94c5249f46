import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/**
 * Classic Load Balancers (`aws_elb`): one aws.elb.load_balancer of type "classic", its listeners
 * written inline. Classic listeners speak HTTP, HTTPS, TCP or SSL; SSL is TLS over TCP, named as
 * the newer load balancers name it. Their negotiation policy is a separate resource
 * (aws_lb_ssl_negotiation_policy, aws_load_balancer_listener_policy), so it is unknown here.
 */

function listeners(value: Value | undefined, address: string): Value {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  return (list as ValueObject[]).map((l) => {
    const raw = l.lb_protocol;
    const protocol = typeof raw === 'string' ? (raw.toUpperCase() === 'SSL' ? 'TLS' : raw.toUpperCase()) : (raw ?? null);
    const secure = protocol === 'HTTPS' || protocol === 'TLS';
    return {
      port: l.lb_port ?? null,
      protocol,
      ssl_policy: secure ? unknown(`${address}: a classic load balancer's TLS negotiation policy is set by a separate policy resource, or the API's default applies`) : null,
      // A Classic Load Balancer cannot redirect.
      redirects_to_https: false,
      certificate_arn: l.ssl_certificate_id ?? null,
    };
  });
}

export const ELB_CLASSIC_MAPPERS: MapperSet = {
  primary: {
    aws_elb: {
      kind: 'aws.elb.load_balancer',
      attributes: (instance) => {
        const logs = block(instance.attributes.access_logs);
        const hasBlock = !isUnknown(logs) && Object.keys(logs as ValueObject).length > 0;
        return {
          name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
          type: 'classic',
          internal: attr(instance, 'internal', false),
          // An access_logs block is on unless it says enabled = false.
          access_logs_enabled: isUnknown(logs) ? logs : hasBlock ? field(logs, 'enabled', true) : false,
          listeners: listeners(instance.attributes.listener, instance.address),
          web_acl_arn: null,
          // A Classic Load Balancer cannot be protected from deletion.
          deletion_protection: false,
          cross_zone: attr(instance, 'cross_zone_load_balancing', true),
          region: regionOf(instance),
          tags: attr(instance, 'tags', {}),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
  },
  companions: {},
};
