import type { AttributeSpec, KindSpec } from './kinds.js';

/**
 * The kinds of the compute, container and analytics services a health platform runs beside its
 * databases: ECS, ECR, Secrets Manager, ElastiCache, EKS, OpenSearch, Lambda, SageMaker, EMR and
 * CodeBuild. Spread into KINDS by src/model/kinds.ts.
 */

const str = (description: string): AttributeSpec => ({ type: 'string', description });
const num = (description: string): AttributeSpec => ({ type: 'number', description });
const bool = (description: string): AttributeSpec => ({ type: 'boolean', description });
const strings = (description: string): AttributeSpec => ({ type: 'string-list', description });

const tags: AttributeSpec = { type: 'object', description: 'tags, key to value (Tags / `tags`)' };
const region = str('AWS region the resource lives in (the API answer\'s region; Terraform: the `region` argument or the provider\'s)');

/** Facts about a resource policy (ECR repository, secret, Lambda function, search domain). */
const resourcePolicy: AttributeSpec = {
  type: 'object',
  description: 'facts derived once from the resource-based policy; exists false and public false when there is none',
  fields: {
    exists: bool('a resource policy is attached'),
    public: bool('derived: an Allow statement grants some action to Principal "*" (or {"AWS": "*"}) with no Condition'),
  },
};

const customerManagedKey = bool(
  'derived: the KMS key is one the customer manages: a key ARN, ID or alias not under alias/aws/; Terraform: a reference to an aws_kms_key or aws_kms_alias; false when no key is named (the AWS-managed key is used)',
);

export const ESTATE_COMPUTE_KINDS: Record<string, KindSpec> = {
  // ─── ECS ────────────────────────────────────────────────────────────────────────────────────
  'aws.ecs.task_definition': {
    description: 'The latest active revision of an ECS task definition family. AWS: ListTaskDefinitionFamilies (ACTIVE) and DescribeTaskDefinition of each family\'s latest revision. Terraform: aws_ecs_task_definition, its container_definitions JSON read per container.',
    cloudFormationType: 'AWS::ECS::TaskDefinition',
    attributes: {
      family: str('task definition family (`family`)'),
      network_mode: str('"awsvpc", "bridge", "host" or "none" (`networkMode` / `network_mode`; left out: "bridge" on EC2)'),
      requires_compatibilities: strings('launch types the definition is meant for: "EC2", "FARGATE", "EXTERNAL"'),
      containers: {
        type: 'object-list',
        description: 'the container definitions',
        fields: {
          name: str('container name'),
          privileged: bool('`privileged` (left out: false)'),
          readonly_root_filesystem: bool('`readonlyRootFilesystem` (left out: false, the root filesystem is writable)'),
          user: str('`user` the container runs as, e.g. "1000:1000"; null when left out (the image\'s USER, root unless the image says otherwise)'),
          log_driver: str('`logConfiguration.logDriver`, e.g. "awslogs"; null when the container has no log configuration'),
          environment_secret_names: strings(
            'derived: names of `environment` entries that hold a secret in plain text: a name that says password, secret, token, API or private key or credential, or a value shaped like an AWS access key, unless the value is a Secrets Manager or SSM parameter ARN. Values are never kept',
          ),
        },
      },
      region,
      tags,
    },
  },
  'aws.ecs.cluster': {
    description: 'An ECS cluster. AWS: ListClusters and DescribeClusters (settings). Terraform: aws_ecs_cluster.',
    cloudFormationType: 'AWS::ECS::Cluster',
    attributes: {
      name: str('cluster name'),
      container_insights: str('the containerInsights setting: "enabled", "enhanced" or "disabled" (Terraform left out: "disabled" as written; an account default set outside the code may turn it on)'),
      region,
      tags,
    },
  },
  'aws.ecs.service': {
    description: 'An ECS service. AWS: ListServices of each cluster and DescribeServices (networkConfiguration). Terraform: aws_ecs_service.',
    cloudFormationType: 'AWS::ECS::Service',
    attributes: {
      name: str('service name'),
      launch_type: str('"FARGATE", "EC2", "EXTERNAL", or null with a capacity provider strategy'),
      assign_public_ip: bool('tasks get a public IP (`awsvpcConfiguration.assignPublicIp` ENABLED / `network_configuration.assign_public_ip`, default false)'),
      region,
      tags,
    },
  },

  // ─── ECR ────────────────────────────────────────────────────────────────────────────────────
  'aws.ecr.repository': {
    description: 'A private ECR repository. AWS: DescribeRepositories with GetRepositoryPolicy. Terraform: aws_ecr_repository folded with aws_ecr_repository_policy.',
    cloudFormationType: 'AWS::ECR::Repository',
    attributes: {
      name: str('repository name'),
      scan_on_push: bool('images are scanned when pushed (`imageScanningConfiguration.scanOnPush` / `image_scanning_configuration.scan_on_push`, default false); a registry-level scanning rule can also scan them'),
      image_tag_mutability: str('"MUTABLE" or "IMMUTABLE" (default "MUTABLE"; also the *_WITH_EXCLUSION variants)'),
      encryption_type: str('"AES256" (default) or "KMS"'),
      kms_key_id: str('KMS key for encryption type KMS; absent with KMS means the AWS-managed aws/ecr key'),
      customer_managed_key: customerManagedKey,
      policy: resourcePolicy,
      region,
      tags,
    },
  },

  // ─── Secrets Manager ────────────────────────────────────────────────────────────────────────
  'aws.secretsmanager.secret': {
    description: 'A Secrets Manager secret. AWS: ListSecrets with GetResourcePolicy. Terraform: aws_secretsmanager_secret folded with aws_secretsmanager_secret_rotation and aws_secretsmanager_secret_policy.',
    cloudFormationType: 'AWS::SecretsManager::Secret',
    attributes: {
      name: str('secret name'),
      kms_key_id: str('KMS key the secret is encrypted with; null means the AWS-managed aws/secretsmanager key'),
      customer_managed_key: customerManagedKey,
      rotation_enabled: bool('automatic rotation is on (`RotationEnabled`; Terraform: an aws_secretsmanager_secret_rotation or the provider v3 inline rotation_rules)'),
      rotation_interval_days: num('days between rotations (`RotationRules.AutomaticallyAfterDays`); null when rotation is off or set by a schedule expression only'),
      days_since_rotation: num('days since the secret was last rotated (`LastRotatedDate`), or since it was created when never rotated; live accounts only, unknown in Terraform'),
      policy: resourcePolicy,
      region,
      tags,
    },
  },

  // ─── ElastiCache ────────────────────────────────────────────────────────────────────────────
  'aws.elasticache.replication_group': {
    description: 'An ElastiCache replication group (Redis OSS or Valkey; every Redis cluster with replicas or cluster mode). AWS: DescribeReplicationGroups with DescribeCacheClusters for the subnet group. Terraform: aws_elasticache_replication_group. Stand-alone aws_elasticache_cluster nodes are not read.',
    cloudFormationType: 'AWS::ElastiCache::ReplicationGroup',
    attributes: {
      id: str('replication group ID'),
      engine: str('"redis" or "valkey"'),
      at_rest_encryption_enabled: bool('data at rest encrypted (`AtRestEncryptionEnabled` / `at_rest_encryption_enabled`; Terraform left out: false, except engine valkey where AWS always encrypts)'),
      transit_encryption_enabled: bool('TLS between clients and nodes (`TransitEncryptionEnabled` / `transit_encryption_enabled`, default false)'),
      auth_token_enabled: bool('Redis AUTH with a token (`AuthTokenEnabled`; Terraform: `auth_token` set)'),
      user_group_ids: strings('RBAC user groups (`UserGroupIds` / `user_group_ids`)'),
      snapshot_retention_limit: num('days automatic backups are kept; 0 turns them off (`SnapshotRetentionLimit` / `snapshot_retention_limit`, default 0)'),
      subnet_group_name: str('cache subnet group; "default" (or left out) puts nodes in the default subnet group'),
      region,
      tags,
    },
  },

  // ─── EKS ────────────────────────────────────────────────────────────────────────────────────
  'aws.eks.cluster': {
    description: 'An EKS cluster\'s control plane. AWS: ListClusters and DescribeCluster. Terraform: aws_eks_cluster.',
    cloudFormationType: 'AWS::EKS::Cluster',
    attributes: {
      name: str('cluster name'),
      version: str('Kubernetes version, e.g. "1.31" (Terraform left out: chosen by EKS on apply, unknown)'),
      secrets_encrypted: bool('envelope encryption of Kubernetes secrets with a KMS key (`encryptionConfig` / `encryption_config` whose resources include "secrets")'),
      endpoint_public_access: bool('the API server endpoint is reachable from the internet (`resourcesVpcConfig.endpointPublicAccess` / `vpc_config.endpoint_public_access`, default true)'),
      endpoint_private_access: bool('the endpoint is reachable from inside the VPC (default false)'),
      public_access_cidrs: strings('CIDRs that may reach the public endpoint (default ["0.0.0.0/0"])'),
      enabled_log_types: strings('control-plane log types sent to CloudWatch Logs: "api", "audit", "authenticator", "controllerManager", "scheduler"'),
      region,
      tags,
    },
  },

  // ─── OpenSearch / Elasticsearch ─────────────────────────────────────────────────────────────
  'aws.opensearch.domain': {
    description: 'An OpenSearch Service domain, OpenSearch or legacy Elasticsearch engine (AWS Config lists the latter as AWS::Elasticsearch::Domain). AWS: ListDomainNames and DescribeDomains (opensearch API, both engines). Terraform: aws_opensearch_domain and aws_elasticsearch_domain, folded with aws_opensearch_domain_policy / aws_elasticsearch_domain_policy.',
    cloudFormationType: 'AWS::OpenSearchService::Domain',
    attributes: {
      name: str('domain name'),
      engine_version: str('"OpenSearch_2.13", "Elasticsearch_7.10", ...'),
      legacy_elasticsearch: bool('the domain runs the legacy Elasticsearch engine (Terraform: aws_elasticsearch_domain)'),
      encrypt_at_rest: bool('encryption at rest (`EncryptionAtRestOptions.Enabled` / `encrypt_at_rest.enabled`, default false)'),
      node_to_node_encryption: bool('TLS between nodes (`NodeToNodeEncryptionOptions.Enabled` / `node_to_node_encryption.enabled`, default false)'),
      enforce_https: bool('HTTP requests are refused (`DomainEndpointOptions.EnforceHTTPS` / `domain_endpoint_options.enforce_https`, default false)'),
      tls_security_policy: str('"Policy-Min-TLS-1-0-2019-07", "Policy-Min-TLS-1-2-2019-07" or "Policy-Min-TLS-1-2-PFS-2023-10" (Terraform left out: chosen by the service, unknown)'),
      in_vpc: bool('the domain has VPC endpoints only (`VPCOptions` with subnets / a `vpc_options` block with subnet_ids)'),
      cloudwatch_log_types: strings('log types published to CloudWatch Logs and enabled: "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS", "AUDIT_LOGS"'),
      policy: resourcePolicy,
      region,
      tags,
    },
  },

  // ─── Lambda ─────────────────────────────────────────────────────────────────────────────────
  'aws.lambda.function': {
    description: 'A Lambda function. AWS: ListFunctions with GetPolicy. Terraform: aws_lambda_function folded with aws_lambda_permission (one statement each).',
    cloudFormationType: 'AWS::Lambda::Function',
    attributes: {
      name: str('function name'),
      runtime: str('runtime identifier, e.g. "python3.12"; null for container images'),
      package_type: str('"Zip" (default) or "Image"'),
      kms_key_arn: str('KMS key for environment variables (`KMSKeyArn` / `kms_key_arn`); null means the AWS-managed aws/lambda key'),
      customer_managed_key: customerManagedKey,
      environment_variable_names: strings('names of the environment variables (values are never kept)'),
      environment_secret_names: strings('derived: names of environment variables holding a secret in plain text (see the ECS task definition\'s field of the same name)'),
      in_vpc: bool('the function is attached to subnets of a VPC (`VpcConfig.SubnetIds` / `vpc_config.subnet_ids` non-empty)'),
      policy: resourcePolicy,
      region,
      tags,
    },
  },

  // ─── SageMaker, EMR, CodeBuild ──────────────────────────────────────────────────────────────
  'aws.sagemaker.notebook_instance': {
    description: 'A SageMaker notebook instance. AWS: ListNotebookInstances and DescribeNotebookInstance. Terraform: aws_sagemaker_notebook_instance.',
    cloudFormationType: 'AWS::SageMaker::NotebookInstance',
    attributes: {
      name: str('notebook instance name'),
      kms_key_id: str('KMS key for the ML storage volume (`KmsKeyId` / `kms_key_id`); null means the AWS-managed key'),
      direct_internet_access: str('"Enabled" (default) or "Disabled"'),
      subnet_id: str('subnet the instance is launched in, null for none'),
      root_access: str('"Enabled" (default) or "Disabled"'),
      region,
      tags,
    },
  },
  'aws.sagemaker.endpoint_config': {
    description: 'A SageMaker endpoint configuration. AWS: ListEndpointConfigs and DescribeEndpointConfig. Terraform: aws_sagemaker_endpoint_configuration.',
    cloudFormationType: 'AWS::SageMaker::EndpointConfig',
    attributes: {
      name: str('endpoint configuration name'),
      kms_key_id: str('KMS key for the storage volumes of the endpoint\'s instances (`KmsKeyId` / `kms_key_arn`); null for none'),
      region,
      tags,
    },
  },
  'aws.emr.cluster': {
    description: 'An EMR cluster that is starting, running or waiting. AWS: ListClusters (active states), DescribeCluster and ListInstances of the master group. Terraform: aws_emr_cluster.',
    cloudFormationType: 'AWS::EMR::Cluster',
    attributes: {
      name: str('cluster name'),
      kerberos_enabled: bool('Kerberos authentication is configured (`KerberosAttributes` / a `kerberos_attributes` block)'),
      master_public_ip: bool('a master node has a public IPv4 address. AWS: ListInstances (MASTER) PublicIpAddress. Terraform: no ec2_attributes.subnet_id puts it in the default VPC, whose subnets assign one; with a subnet it depends on the subnet (unknown)'),
      region,
      tags,
    },
  },
  'aws.codebuild.project': {
    description: 'A CodeBuild project. AWS: ListProjects and BatchGetProjects. Terraform: aws_codebuild_project.',
    cloudFormationType: 'AWS::CodeBuild::Project',
    attributes: {
      name: str('project name'),
      plaintext_aws_credential_names: strings('names of PLAINTEXT environment variables that hold AWS credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN'),
      source_url_has_credentials: bool('derived: a primary or secondary source location (GitHub, GitHub Enterprise, Bitbucket) carries a user name, password or token in its URL; the URL itself is never kept'),
      region,
      tags,
    },
  },
};
