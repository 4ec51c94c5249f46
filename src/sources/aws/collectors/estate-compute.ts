import { ANALYTICS_COLLECTORS } from './analytics.js';
import { ECR_COLLECTORS } from './ecr.js';
import { ECS_COLLECTORS } from './ecs.js';
import { EKS_COLLECTORS } from './eks.js';
import { ELASTICACHE_COLLECTORS } from './elasticache.js';
import { LAMBDA_COLLECTORS } from './lambda.js';
import { OPENSEARCH_COLLECTORS } from './opensearch.js';
import { SECRETSMANAGER_COLLECTORS } from './secretsmanager.js';
import type { Collector } from './support.js';

/** The compute, container and analytics services: ECS, ECR, Secrets Manager, ElastiCache, EKS, OpenSearch, Lambda, SageMaker, EMR, CodeBuild. */
export const ESTATE_COMPUTE_COLLECTORS: readonly Collector[] = [
  ...ECS_COLLECTORS,
  ...ECR_COLLECTORS,
  ...SECRETSMANAGER_COLLECTORS,
  ...ELASTICACHE_COLLECTORS,
  ...EKS_COLLECTORS,
  ...OPENSEARCH_COLLECTORS,
  ...LAMBDA_COLLECTORS,
  ...ANALYTICS_COLLECTORS,
];
