import { unknown } from '../../../model/value.js';
import { attr, type MapperSet } from './types.js';

export const RDS_MAPPERS: MapperSet = {
  primary: {
    aws_db_instance: {
      kind: 'aws.rds.db_instance',
      attributes: (instance) => ({
        identifier: attr(instance, 'identifier', unknown(`${instance.address}.identifier is generated on apply`)),
        engine: attr(instance, 'engine', unknown(`${instance.address}.engine comes from a snapshot or replica source`)),
        // Provider defaults for what the block leaves out.
        storage_encrypted: attr(instance, 'storage_encrypted', false),
        kms_key_id: attr(instance, 'kms_key_id', null),
        publicly_accessible: attr(instance, 'publicly_accessible', false),
        multi_az: attr(instance, 'multi_az', false),
        // Left out, the RDS API keeps automated backups for 1 day.
        backup_retention_period: attr(instance, 'backup_retention_period', 1),
        deletion_protection: attr(instance, 'deletion_protection', false),
        iam_database_authentication_enabled: attr(instance, 'iam_database_authentication_enabled', false),
        auto_minor_version_upgrade: attr(instance, 'auto_minor_version_upgrade', true),
        enabled_cloudwatch_logs_exports: attr(instance, 'enabled_cloudwatch_logs_exports', []),
        cluster_identifier: null,
        tags: attr(instance, 'tags', {}),
      }),
      name: (attributes, instance) => (typeof attributes.identifier === 'string' ? attributes.identifier : instance.address),
    },
  },
  companions: {},
};
