/**
 * The compute, container and analytics services of the live benchmark's fake account, per region:
 * a task definition, an ECS cluster with 2 services, 2 ECR repositories, 3 secrets, a Redis
 * replication group, an EKS cluster, an OpenSearch domain, 4 Lambda functions, a SageMaker notebook
 * and endpoint configuration, an EMR cluster and 2 CodeBuild projects (21 resources). Answers are
 * keyed by service, since ECS, EKS and EMR share operation names. Undefined: not one of these calls.
 */
export function computeAnswer(service: string, operation: string, region: string, account: string): object | undefined {
  const arn = (svc: string, resource: string) => `arn:aws:${svc}:${region}:${account}:${resource}`;
  const n = (count: number, f: (i: number) => object) => Array.from({ length: count }, (_, i) => f(i));
  switch (`${service}:${operation}`) {
    case 'ecs:ListTaskDefinitionFamilies': return { families: ['api'] };
    case 'ecs:DescribeTaskDefinition': return { taskDefinition: { family: 'api', taskDefinitionArn: arn('ecs', 'task-definition/api:1'), networkMode: 'awsvpc', containerDefinitions: [{ name: 'api', readonlyRootFilesystem: true, logConfiguration: { logDriver: 'awslogs' }, environment: [{ name: 'TABLE', value: 'x' }] }] } };
    case 'ecs:ListClusters': return { clusterArns: [arn('ecs', 'cluster/main')] };
    case 'ecs:DescribeClusters': return { clusters: [{ clusterArn: arn('ecs', 'cluster/main'), clusterName: 'main', settings: [{ name: 'containerInsights', value: 'enabled' }] }] };
    case 'ecs:ListServices': return { serviceArns: [arn('ecs', 'service/main/s0'), arn('ecs', 'service/main/s1')] };
    case 'ecs:DescribeServices': return { services: n(2, (i) => ({ serviceArn: arn('ecs', `service/main/s${i}`), serviceName: `s${i}`, launchType: 'FARGATE' })) };
    case 'ecr:DescribeRepositories': return { repositories: n(2, (i) => ({ repositoryName: `r${i}`, repositoryArn: arn('ecr', `repository/r${i}`), imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } })) };
    case 'secretsmanager:ListSecrets': return { SecretList: n(3, (i) => ({ Name: `s${i}`, ARN: arn('secretsmanager', `secret:s${i}`), RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 }, CreatedDate: new Date() })) };
    case 'elasticache:DescribeReplicationGroups': return { ReplicationGroups: [{ ReplicationGroupId: 'cache', ARN: arn('elasticache', 'replicationgroup:cache'), MemberClusters: ['cache-001'], AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, SnapshotRetentionLimit: 7 }] };
    case 'elasticache:DescribeCacheClusters': return { CacheClusters: [{ CacheClusterId: 'cache-001', CacheSubnetGroupName: 'private' }] };
    case 'eks:ListClusters': return { clusters: ['k8s'] };
    case 'eks:DescribeCluster': return { cluster: { name: 'k8s', arn: arn('eks', 'cluster/k8s'), version: '1.33', resourcesVpcConfig: { endpointPublicAccess: false } } };
    case 'opensearch:ListDomainNames': return { DomainNames: [{ DomainName: 'search' }] };
    case 'opensearch:DescribeDomains': return { DomainStatusList: [{ DomainName: 'search', ARN: arn('es', 'domain/search'), EngineVersion: 'OpenSearch_2.13', EncryptionAtRestOptions: { Enabled: true } }] };
    case 'lambda:ListFunctions': return { Functions: n(4, (i) => ({ FunctionName: `f${i}`, FunctionArn: arn('lambda', `function:f${i}`), Runtime: 'python3.12', PackageType: 'Zip', ...(i === 0 ? { Environment: { Variables: { TABLE: 'visits' } }, KMSKeyArn: arn('kms', 'key/k-0') } : {}) })) };
    case 'lambda:ListTags': return { Tags: {} };
    case 'sagemaker:ListNotebookInstances': return { NotebookInstances: [{ NotebookInstanceName: 'nb', NotebookInstanceArn: arn('sagemaker', 'notebook-instance/nb') }] };
    case 'sagemaker:DescribeNotebookInstance': return { NotebookInstanceName: 'nb', DirectInternetAccess: 'Disabled' };
    case 'sagemaker:ListEndpointConfigs': return { EndpointConfigs: [{ EndpointConfigName: 'ep', EndpointConfigArn: arn('sagemaker', 'endpoint-config/ep') }] };
    case 'emr:ListClusters': return { Clusters: [{ Id: 'j-1', Name: 'emr', ClusterArn: arn('elasticmapreduce', 'cluster/j-1') }] };
    case 'emr:DescribeCluster': return { Cluster: { Id: 'j-1', Name: 'emr' } };
    case 'codebuild:ListProjects': return { projects: ['build0', 'build1'] };
    case 'codebuild:BatchGetProjects': return { projects: n(2, (i) => ({ name: `build${i}`, arn: arn('codebuild', `project/build${i}`) })) };
    default: return undefined;
  }
}
