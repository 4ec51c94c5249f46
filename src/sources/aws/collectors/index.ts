import { KINDS } from '../../../model/kinds.js';
import { configRulesCollector } from './config-rules.js';
import { EC2_COLLECTORS } from './ec2.js';
import { EDGE_COLLECTORS } from './edge.js';
import { ESTATE_COMPUTE_COLLECTORS } from './estate-compute.js';
import { makeIamCollector, type ReportTiming } from './iam.js';
import { KMS_COLLECTORS } from './kms.js';
import { inventoryListingCollector } from './inventory-listing.js';
import { MONITORING_COLLECTORS } from './monitoring.js';
import { RDS_COLLECTORS } from './rds.js';
import { S3_COLLECTORS } from './s3.js';
import { EDGE_DATA_COLLECTORS } from './edge-data.js';
import { DATA_STORE_COLLECTORS } from './data-stores.js';
import { BACKUP_WAREHOUSE_COLLECTORS } from './backup-warehouse.js';
import { NETWORK_PATH_COLLECTORS } from './network-paths.js';
import { GOVERNANCE_COLLECTORS } from './governance.js';
import { ALARMS_SCALING_COLLECTORS } from './alarms-scaling.js';
import type { Collector } from './support.js';

/** Every collector, in one explicit list: nothing registers itself by being imported. */
export function allCollectors(reportTiming?: ReportTiming): Collector[] {
  const list = [...EC2_COLLECTORS, ...S3_COLLECTORS, ...RDS_COLLECTORS, makeIamCollector(reportTiming), ...MONITORING_COLLECTORS, configRulesCollector, ...KMS_COLLECTORS, ...EDGE_COLLECTORS, ...ESTATE_COMPUTE_COLLECTORS, ...EDGE_DATA_COLLECTORS, ...DATA_STORE_COLLECTORS, ...BACKUP_WAREHOUSE_COLLECTORS, ...NETWORK_PATH_COLLECTORS, ...GOVERNANCE_COLLECTORS, ...ALARMS_SCALING_COLLECTORS, inventoryListingCollector];
  // A collector for a kind the model does not (yet) define would fill nothing any rule can read.
  return list.filter((c) => c.kinds.every((kind) => kind in KINDS));
}

export type { Collector, CollectContext } from './support.js';
