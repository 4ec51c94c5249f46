import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { blocks, listOf, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/** Arguments that create a database from another one, whose engine it then takes. */
const SOURCES = ['snapshot_identifier', 'replicate_source_db', 'replication_source_identifier', 'restore_to_point_in_time', 's3_import'];

/** Left out, the engine comes from the snapshot or replica source; without one, say what is true. */
function engineOf(instance: ResourceInstance): Value {
  const given = instance.attributes.engine;
  if (given !== undefined && given !== null) return given;
  const source = SOURCES.find((name) => instance.attributes[name] !== undefined && instance.attributes[name] !== null);
  if (source) return unknown(`${instance.address}.engine comes from the snapshot or replica source (${source})`);
  return unknown(
    instance.type === 'aws_rds_cluster'
      ? `${instance.address}.engine is not set and no snapshot or replica source is given: AWS provider v5 requires it, and earlier versions created "aurora" (MySQL 5.6-compatible)`
      : `${instance.address}.engine is not set and no snapshot or replica source is given: the AWS provider requires one of them`,
  );
}

/** The settings RDS instances and clusters share, with the provider's defaults. */
function common(instance: ResourceInstance): ValueObject {
  return {
    engine: engineOf(instance),
    storage_encrypted: attr(instance, 'storage_encrypted', false),
    kms_key_id: attr(instance, 'kms_key_id', null),
    // Left out, the RDS API keeps automated backups for 1 day.
    backup_retention_period: attr(instance, 'backup_retention_period', 1),
    deletion_protection: attr(instance, 'deletion_protection', false),
    iam_database_authentication_enabled: attr(instance, 'iam_database_authentication_enabled', false),
    enabled_cloudwatch_logs_exports: attr(instance, 'enabled_cloudwatch_logs_exports', []),
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  };
}

const named = (attributes: ValueObject, instance: ResourceInstance): string =>
  typeof attributes.identifier === 'string' ? attributes.identifier : instance.address;

/** Aurora engines keep encryption, backups and logs on the cluster; an instance of one inherits them. */
function isAurora(engine: Value): boolean {
  return typeof engine === 'string' && engine.startsWith('aurora');
}

export const dbInstance: PrimaryMapper = {
  kind: 'aws.rds.db_instance',
  attributes: (instance) => {
    const shared = common(instance);
    return {
      identifier: attr(instance, 'identifier', unknown(`${instance.address}.identifier is generated on apply`)),
      ...shared,
      ...(isAurora(shared.engine!) && instance.attributes.storage_encrypted === undefined
        ? { storage_encrypted: unknown(`${instance.address}: an Aurora instance inherits encryption from its cluster`) }
        : {}),
      publicly_accessible: attr(instance, 'publicly_accessible', false),
      multi_az: attr(instance, 'multi_az', false),
      auto_minor_version_upgrade: attr(instance, 'auto_minor_version_upgrade', true),
      monitoring_interval: attr(instance, 'monitoring_interval', 0),
      parameter_group_name: attr(instance, 'parameter_group_name', null),
      cluster_identifier: attr(instance, 'cluster_identifier', null),
    };
  },
  name: named,
};

function clusterMultiAz(instance: ResourceInstance): Value {
  const zones = instance.attributes.availability_zones;
  if (isUnknown(zones)) return zones;
  if (Array.isArray(zones)) return zones.length > 1;
  // Left out, Aurora spreads storage over three zones and places instances where it can.
  return unknown(`${instance.address}: availability_zones is left out, so placement is decided on apply`);
}

export const dbCluster: PrimaryMapper = {
  kind: 'aws.rds.db_cluster',
  attributes: (instance) => ({
    identifier: attr(instance, 'cluster_identifier', unknown(`${instance.address}.cluster_identifier is generated on apply`)),
    ...common(instance),
    multi_az: clusterMultiAz(instance),
  }),
  name: named,
};

const snapshot = (identifierField: string): PrimaryMapper => ({
  kind: 'aws.rds.db_snapshot',
  attributes: (instance) => {
    const shared = listOf(instance.attributes.shared_accounts);
    return {
      identifier: attr(instance, identifierField, unknown(`${instance.address}.${identifierField} is not set`)),
      encrypted: unknown(`${instance.address}: encryption follows the source database`),
      public: isUnknown(shared) ? shared : Array.isArray(shared) && shared.includes('all'),
      shared_accounts: shared,
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named,
});

const parameterGroup = (cluster: boolean): PrimaryMapper => ({
  kind: 'aws.rds.db_parameter_group',
  attributes: (instance) => {
    const params = blocks(instance.attributes.parameter);
    return {
      name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
      family: attr(instance, 'family', unknown(`${instance.address}.family is not set`)),
      cluster,
      parameters: isUnknown(params)
        ? params
        : (params as ValueObject[]).map((p) => ({ name: p.name ?? null, value: p.value === undefined || p.value === null || isUnknown(p.value) ? (p.value ?? null) : String(p.value) })),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (attributes, instance) => (typeof attributes.name === 'string' ? attributes.name : instance.address),
});

export const RDS_MAPPERS: MapperSet = {
  primary: {
    aws_db_instance: dbInstance,
    aws_rds_cluster: dbCluster,
    aws_db_snapshot: snapshot('db_snapshot_identifier'),
    aws_db_cluster_snapshot: snapshot('db_cluster_snapshot_identifier'),
    aws_db_parameter_group: parameterGroup(false),
    aws_rds_cluster_parameter_group: parameterGroup(true),
  },
  companions: {},
};
