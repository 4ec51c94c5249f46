import { isUnknown, unknown, type Value } from '../../../model/value.js';
import { tagsOf } from './compute-support.js';
import { regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** ElastiCache replication groups (Redis OSS and Valkey). */

const present = (value: Value | undefined): Value => (isUnknown(value) ? (value.origin ? true : value) : value !== undefined && value !== null && value !== '');

export const ELASTICACHE_MAPPERS: MapperSet = {
  primary: {
    aws_elasticache_replication_group: {
      kind: 'aws.elasticache.replication_group',
      attributes: (instance) => {
        const engine = attr(instance, 'engine', 'redis');
        return {
          id: attr(instance, 'replication_group_id', unknown(`${instance.address}.replication_group_id is not set`)),
          engine,
          // Valkey replication groups are always encrypted at rest.
          at_rest_encryption_enabled: attr(instance, 'at_rest_encryption_enabled', engine === 'valkey' ? true : isUnknown(engine) ? engine : false),
          transit_encryption_enabled: attr(instance, 'transit_encryption_enabled', false),
          auth_token_enabled: present(instance.attributes.auth_token),
          user_group_ids: attr(instance, 'user_group_ids', []),
          snapshot_retention_limit: attr(instance, 'snapshot_retention_limit', 0),
          subnet_group_name: attr(instance, 'subnet_group_name', 'default'),
          region: regionOf(instance),
          tags: tagsOf(instance),
        };
      },
      name: (a, instance) => (typeof a.id === 'string' ? a.id : instance.address),
    },
  },
  companions: {},
};
