import { EBS_MAPPERS } from './ebs.js';
import { EC2_MAPPERS } from './ec2.js';
import { ELB_MAPPERS } from './elb.js';
import { ELB_CLASSIC_MAPPERS } from './elb-classic.js';
import { LAUNCH_MAPPERS } from './launch.js';
import { RDS_FAMILY_MAPPERS } from './rds-family.js';
import { IAM_MAPPERS } from './iam.js';
import { MONITORING_MAPPERS } from './monitoring.js';
import { NETWORK_MAPPERS } from './network.js';
import { NETWORK_PATH_MAPPERS } from './network-paths.js';
import { GOVERNANCE_MAPPERS } from './governance.js';
import { RDS_MAPPERS } from './rds.js';
import { S3_ACCOUNT_MAPPERS, S3_MAPPERS } from './s3.js';
import { ANALYTICS_MAPPERS } from './analytics.js';
import { ECR_MAPPERS } from './ecr.js';
import { ECS_MAPPERS } from './ecs.js';
import { EKS_MAPPERS } from './eks.js';
import { ELASTICACHE_MAPPERS } from './elasticache.js';
import { LAMBDA_MAPPERS } from './lambda.js';
import { OPENSEARCH_MAPPERS } from './opensearch.js';
import { SECRETSMANAGER_MAPPERS } from './secretsmanager.js';
import { EDGE_DATA_MAPPERS } from './edge-data.js';
import { DATA_STORE_MAPPERS } from './data-stores.js';
import { BACKUP_WAREHOUSE_MAPPERS } from './backup-warehouse.js';
import type { MapperSet } from './types.js';

/** Every Terraform resource type Vigil maps, by service. */
export const TERRAFORM_MAPPERS: MapperSet = [
  EC2_MAPPERS,
  NETWORK_MAPPERS,
  EBS_MAPPERS,
  S3_MAPPERS,
  S3_ACCOUNT_MAPPERS,
  RDS_MAPPERS,
  IAM_MAPPERS,
  MONITORING_MAPPERS,
  ELB_MAPPERS,
  ELB_CLASSIC_MAPPERS,
  LAUNCH_MAPPERS,
  RDS_FAMILY_MAPPERS,
  ECS_MAPPERS,
  ECR_MAPPERS,
  SECRETSMANAGER_MAPPERS,
  ELASTICACHE_MAPPERS,
  EKS_MAPPERS,
  OPENSEARCH_MAPPERS,
  LAMBDA_MAPPERS,
  ANALYTICS_MAPPERS,
  EDGE_DATA_MAPPERS,
  DATA_STORE_MAPPERS,
  BACKUP_WAREHOUSE_MAPPERS,
  NETWORK_PATH_MAPPERS,
  GOVERNANCE_MAPPERS,
].reduce<MapperSet>(
  (all, set) => ({ primary: { ...all.primary, ...set.primary }, companions: { ...all.companions, ...set.companions } }),
  { primary: {}, companions: {} },
);

export type { MapperSet, PrimaryMapper, CompanionMapper } from './types.js';

/** By companion type, the argument that names the resource it configures: the evaluator follows the reference written there. */
export const LINK_ARGUMENTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TERRAFORM_MAPPERS.companions).map(([type, companion]) => [type, companion.link]),
);
