import type { ResourceInstance } from '../module.js';
import { dbCluster, dbInstance } from './rds.js';
import type { MapperSet, PrimaryMapper } from './types.js';

/**
 * Neptune and DocumentDB clusters are RDS clusters in the API (DescribeDBClusters lists them with
 * engine "neptune" and "docdb"), and an `aws_rds_cluster_instance` is a DB instance of a cluster:
 * they are judged by the same rules as their RDS counterparts.
 */

/** A cluster of another family read as an aws_rds_cluster: its engine default, its own argument names. */
const clusterOf = (engine: string, logsArgument: string): PrimaryMapper => ({
  ...dbCluster,
  attributes: (instance) => {
    const a = instance.attributes;
    const renamed: ResourceInstance = {
      ...instance,
      attributes: { ...a, engine: a.engine ?? engine, enabled_cloudwatch_logs_exports: a[logsArgument] ?? null },
    };
    return dbCluster.attributes(renamed);
  },
});

export const RDS_FAMILY_MAPPERS: MapperSet = {
  primary: {
    aws_neptune_cluster: clusterOf('neptune', 'enable_cloudwatch_logs_exports'),
    aws_docdb_cluster: clusterOf('docdb', 'enabled_cloudwatch_logs_exports'),
    aws_rds_cluster_instance: dbInstance,
  },
  companions: {},
};
