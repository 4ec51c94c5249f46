import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetProjectsCommand, CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { CreateClusterCommand as CreateEcsClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateClusterCommand as CreateEksClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { EMRClient, RunJobFlowCommand } from '@aws-sdk/client-emr';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CreateEndpointConfigCommand, CreateModelCommand, CreateNotebookInstanceCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CreateSecretCommand, PutResourcePolicyCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';
import { motoEnv, startMoto, type Moto } from '../sources/aws/moto.js';

/**
 * The compute, container and analytics collectors end to end through the real CLI, against moto
 * on 127.0.0.1: each service seeded through the SDK with one compliant and one non-compliant
 * resource in eu-west-1, scanned with `vigil scan --aws`, and judged rule by rule. The snapshot the
 * scan writes keeps environment variable names but never their values, nor a token in a URL.
 */

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const PLAINTEXT = 'hunter2-from-the-e2e-seed';
const URL_TOKEN = 'app-password-from-the-e2e-seed';
const everyone = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: resource }] });

async function seed(moto: Moto): Promise<void> {
  const common = { endpoint: moto.endpoint, credentials, region: REGION };
  const key = (await new KMSClient(common).send(new CreateKeyCommand({ Description: 'estate' }))).KeyMetadata!.Arn!;
  const role = (await new IAMClient(common).send(new CreateRoleCommand({
    RoleName: 'estate-role',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  }))).Role!.Arn!;

  const ec2 = new EC2Client(common);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.1.0/24', AvailabilityZone: `${REGION}a` }))).Subnet!.SubnetId!;
  const subnet2 = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.2.0/24', AvailabilityZone: `${REGION}b` }))).Subnet!.SubnetId!;
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'estate', Description: 'estate', VpcId: vpc }))).GroupId!;

  const ecs = new ECSClient(common);
  await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'clinic-api',
    networkMode: 'awsvpc',
    containerDefinitions: [{ name: 'api', image: 'api:1.4.2', memory: 512, readonlyRootFilesystem: true, user: '1000', logConfiguration: { logDriver: 'awslogs' }, environment: [{ name: 'DB_HOST', value: 'db.internal' }] }],
  }));
  await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'legacy-agent',
    networkMode: 'host',
    containerDefinitions: [{ name: 'agent', image: 'agent:3', memory: 512, privileged: true, user: 'root', environment: [{ name: 'DB_PASSWORD', value: PLAINTEXT }] }],
  }));
  await ecs.send(new CreateEcsClusterCommand({ clusterName: 'clinic', settings: [{ name: 'containerInsights', value: 'enabled' }] }));
  await ecs.send(new CreateEcsClusterCommand({ clusterName: 'legacy' }));
  await ecs.send(new CreateServiceCommand({
    cluster: 'legacy', serviceName: 'legacy-web', taskDefinition: 'clinic-api', desiredCount: 0, launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: [sg], assignPublicIp: 'ENABLED' } },
  }));
  await ecs.send(new CreateServiceCommand({
    cluster: 'clinic', serviceName: 'clinic-web', taskDefinition: 'clinic-api', desiredCount: 0, launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: [sg], assignPublicIp: 'DISABLED' } },
  }));

  const ecr = new ECRClient(common);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'clinic/api', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: { encryptionType: 'KMS', kmsKey: key } }));
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'legacy/tools' }));
  await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'legacy/tools', policyText: everyone('ecr:BatchGetImage') }));

  const secrets = new SecretsManagerClient(common);
  await secrets.send(new CreateSecretCommand({ Name: 'clinic/db', KmsKeyId: key, SecretString: 'not-read-by-vigil' }));
  await secrets.send(new CreateSecretCommand({ Name: 'legacy/smtp', SecretString: 'not-read-by-vigil' }));
  await secrets.send(new PutResourcePolicyCommand({ SecretId: 'legacy/smtp', ResourcePolicy: everyone('secretsmanager:GetSecretValue') }));

  const cache = new ElastiCacheClient(common);
  await cache.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'clinic-sessions', ReplicationGroupDescription: 'sessions', Engine: 'redis', CacheNodeType: 'cache.t4g.small',
    AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, AuthToken: 'a-long-enough-token-0123456789', SnapshotRetentionLimit: 7,
  }));
  await cache.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'legacy-cache', ReplicationGroupDescription: 'legacy', Engine: 'redis', CacheNodeType: 'cache.t4g.small' }));

  const eks = new EKSClient(common);
  await eks.send(new CreateEksClusterCommand({
    name: 'clinic', roleArn: role, version: '1.33',
    resourcesVpcConfig: { subnetIds: [subnet, subnet2], endpointPublicAccess: false, endpointPrivateAccess: true },
    encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: key } }],
    logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }] },
  }));
  await eks.send(new CreateEksClusterCommand({ name: 'legacy', roleArn: role, version: '1.24', resourcesVpcConfig: { subnetIds: [subnet, subnet2] } }));

  const search = new OpenSearchClient(common);
  await search.send(new CreateDomainCommand({
    DomainName: 'clinic-search', EngineVersion: 'OpenSearch_2.13',
    EncryptionAtRestOptions: { Enabled: true }, NodeToNodeEncryptionOptions: { Enabled: true },
    DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    VPCOptions: { SubnetIds: [subnet] },
    LogPublishingOptions: { ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/opensearch/clinic`, Enabled: true } },
  }));
  await search.send(new CreateDomainCommand({ DomainName: 'legacy-search', EngineVersion: 'Elasticsearch_7.10', AccessPolicies: everyone('es:*') }));

  const lambda = new LambdaClient(common);
  const zip = Uint8Array.from(Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64'));
  await lambda.send(new CreateFunctionCommand({
    FunctionName: 'clinic-intake', Role: role, Runtime: 'python3.12', Handler: 'app.handler', Code: { ZipFile: zip }, KMSKeyArn: key,
    Environment: { Variables: { TABLE: 'patients' } }, VpcConfig: { SubnetIds: [subnet], SecurityGroupIds: [sg] },
  }));
  await lambda.send(new CreateFunctionCommand({
    FunctionName: 'legacy-export', Role: role, Runtime: 'python3.7', Handler: 'app.handler', Code: { ZipFile: zip },
    Environment: { Variables: { DB_PASSWORD: PLAINTEXT } }, Tags: { DataClassification: 'phi' },
  }));
  await lambda.send(new AddPermissionCommand({ FunctionName: 'legacy-export', StatementId: 'anyone', Action: 'lambda:InvokeFunction', Principal: '*' }));

  const sagemaker = new SageMakerClient(common);
  await sagemaker.send(new CreateNotebookInstanceCommand({ NotebookInstanceName: 'research', InstanceType: 'ml.t3.medium', RoleArn: role, KmsKeyId: key, SubnetId: subnet, SecurityGroupIds: [sg], DirectInternetAccess: 'Disabled' }));
  await sagemaker.send(new CreateNotebookInstanceCommand({ NotebookInstanceName: 'scratch', InstanceType: 'ml.t3.medium', RoleArn: role }));
  await sagemaker.send(new CreateModelCommand({ ModelName: 'triage', ExecutionRoleArn: role, PrimaryContainer: { Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/triage:1' } }));
  const variant = [{ VariantName: 'main', ModelName: 'triage', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' as const }];
  await sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'triage', KmsKeyId: key, ProductionVariants: variant }));
  await sagemaker.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'triage-unencrypted', ProductionVariants: variant }));

  const emr = new EMRClient(common);
  const instances = { MasterInstanceType: 'm5.xlarge', SlaveInstanceType: 'm5.xlarge', InstanceCount: 1, KeepJobFlowAliveWhenNoSteps: true };
  await emr.send(new RunJobFlowCommand({ Name: 'analytics', ReleaseLabel: 'emr-7.2.0', Instances: instances, JobFlowRole: 'EMR_EC2_DefaultRole', ServiceRole: 'EMR_DefaultRole', KerberosAttributes: { Realm: 'EC2.INTERNAL', KdcAdminPassword: 'kdc-admin-from-the-e2e-seed' } }));
  await emr.send(new RunJobFlowCommand({ Name: 'adhoc', ReleaseLabel: 'emr-7.2.0', Instances: instances, JobFlowRole: 'EMR_EC2_DefaultRole', ServiceRole: 'EMR_DefaultRole' }));

  const codebuild = new CodeBuildClient(common);
  const environment = { type: 'LINUX_CONTAINER' as const, image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' as const };
  await codebuild.send(new CreateProjectCommand({
    name: 'clinic-api', serviceRole: role, artifacts: { type: 'NO_ARTIFACTS' }, environment,
    source: { type: 'BITBUCKET', location: 'https://bitbucket.org/clinic/api.git' },
  }));
  await codebuild.send(new CreateProjectCommand({
    name: 'legacy-build', serviceRole: role, artifacts: { type: 'NO_ARTIFACTS' },
    environment: { ...environment, environmentVariables: [{ name: 'AWS_SECRET_ACCESS_KEY', value: PLAINTEXT, type: 'PLAINTEXT' }] },
    source: { type: 'BITBUCKET', location: `https://ci-bot:${URL_TOKEN}@bitbucket.org/clinic/legacy.git` },
  }));
  // moto keeps what it was given: the test relies on it answering BatchGetProjects with the variables.
  const stored = await codebuild.send(new BatchGetProjectsCommand({ names: ['legacy-build'] }));
  if (!stored.projects?.[0]?.environment?.environmentVariables?.length) throw new Error('moto did not keep the CodeBuild environment variables');
}

let moto: Moto;
let scratch: string;
let report: ReportDocument;
let run: ReturnType<typeof vigil>;

beforeAll(async () => {
  moto = await startMoto();
  await seed(moto);
  scratch = mkdtempSync(join(tmpdir(), 'vigil-estate-compute-'));
  const env = { ...motoEnv(moto, REGION), HOME: scratch, AWS_CONFIG_FILE: join(scratch, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials') };
  run = vigil(['scan', '--aws', '--regions', REGION, '--format', 'json', '--snapshot', join(scratch, 'evidence.json')], { env });
  report = JSON.parse(run.stdout) as ReportDocument;
}, 120_000);

afterAll(async () => {
  await moto?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const status = (rule: string, name: string) => report.results.filter((r) => r.rule.id === rule && r.resource.name === name).map((r) => r.status);

describe('vigil scan --aws reads the compute, container and analytics services from the emulator', () => {
  it('scans them as AWS resources with their ARNs and the calls that read them', () => {
    expect(run.code).toBe(1);
    const kinds = new Set(report.results.filter((r) => r.resource.source === 'aws').map((r) => r.resource.kind));
    for (const kind of ['aws.ecs.task_definition', 'aws.ecs.cluster', 'aws.ecs.service', 'aws.ecr.repository', 'aws.secretsmanager.secret', 'aws.elasticache.replication_group',
      'aws.eks.cluster', 'aws.opensearch.domain', 'aws.lambda.function', 'aws.sagemaker.notebook_instance', 'aws.sagemaker.endpoint_config', 'aws.emr.cluster', 'aws.codebuild.project']) {
      expect(kinds, kind).toContain(kind);
    }
    const repo = report.results.find((r) => r.rule.id === 'aws-ecr-repository-not-public' && r.resource.name === 'legacy/tools')!;
    expect(repo.resource.arn).toBe(`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/legacy/tools`);
    expect(repo.evidence!.map((e) => e.operation)).toEqual(expect.arrayContaining(['DescribeRepositories', 'GetRepositoryPolicy']));
  });

  it('judges ECS task definitions, clusters and services', () => {
    for (const rule of ['aws-ecs-task-no-privileged-containers', 'aws-ecs-task-readonly-root-filesystem', 'aws-ecs-task-no-plaintext-secrets', 'aws-ecs-task-logging']) {
      expect(status(rule, 'clinic-api'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy-agent'), rule).toEqual(['fail']);
    }
    expect(status('aws-ecs-task-host-mode-non-root', 'legacy-agent')).toEqual(['fail']);
    expect(status('aws-ecs-task-host-mode-non-root', 'clinic-api')).toEqual([]);
    expect(status('aws-ecs-cluster-container-insights', 'clinic')).toEqual(['pass']);
    expect(status('aws-ecs-cluster-container-insights', 'legacy')).toEqual(['fail']);
    expect(status('aws-ecs-service-no-public-ip', 'clinic-web')).toEqual(['pass']);
    expect(status('aws-ecs-service-no-public-ip', 'legacy-web')).toEqual(['fail']);
    const secret = report.results.find((r) => r.rule.id === 'aws-ecs-task-no-plaintext-secrets' && r.resource.name === 'legacy-agent')!;
    expect(JSON.stringify(secret)).toContain('DB_PASSWORD');
    expect(JSON.stringify(secret)).not.toContain(PLAINTEXT);
  });

  it('judges ECR repositories and Secrets Manager secrets', () => {
    for (const rule of ['aws-ecr-repository-scan-on-push', 'aws-ecr-repository-immutable-tags', 'aws-ecr-repository-encrypted-kms', 'aws-ecr-repository-not-public']) {
      expect(status(rule, 'clinic/api'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy/tools'), rule).toEqual(['fail']);
    }
    for (const rule of ['aws-secretsmanager-secret-cmk', 'aws-secretsmanager-secret-not-public']) {
      expect(status(rule, 'clinic/db'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy/smtp'), rule).toEqual(['fail']);
    }
    // Neither secret rotates; both were created moments ago.
    expect(status('aws-secretsmanager-rotation-enabled', 'legacy/smtp')).toEqual(['fail']);
    expect(status('aws-secretsmanager-rotated-recently', 'clinic/db')).toEqual(['pass']);
  });

  it('judges ElastiCache replication groups, EKS clusters and OpenSearch domains', () => {
    for (const rule of ['aws-elasticache-redis-encrypted-at-rest', 'aws-elasticache-redis-encrypted-in-transit', 'aws-elasticache-redis-auth', 'aws-elasticache-redis-backups']) {
      expect(status(rule, 'clinic-sessions'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy-cache'), rule).toEqual(['fail']);
    }
    for (const rule of ['aws-eks-secrets-encrypted', 'aws-eks-endpoint-restricted', 'aws-eks-control-plane-logging', 'aws-eks-supported-version']) {
      expect(status(rule, 'clinic'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy'), rule).toEqual(['fail']);
    }
    for (const rule of ['aws-opensearch-encrypted-at-rest', 'aws-opensearch-node-to-node-encryption', 'aws-opensearch-https-tls12', 'aws-opensearch-logs-to-cloudwatch', 'aws-opensearch-not-public']) {
      expect(status(rule, 'clinic-search'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy-search'), rule).toEqual(['fail']);
    }
  });

  it('judges Lambda functions, with the permission for everyone and the tag read live', () => {
    // moto leaves KMSKeyArn out of a function's configuration: aws-lambda-environment-cmk is covered in test/sources/aws/estate-compute.test.ts.
    for (const rule of ['aws-lambda-function-not-public', 'aws-lambda-no-plaintext-secrets', 'aws-lambda-in-vpc', 'aws-lambda-supported-runtime']) {
      expect(status(rule, 'clinic-intake'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy-export'), rule).toEqual(['fail']);
    }
    const calls = report.results.find((r) => r.rule.id === 'aws-lambda-function-not-public' && r.resource.name === 'legacy-export')!.evidence!.map((e) => e.operation);
    expect(calls).toEqual(expect.arrayContaining(['ListFunctions', 'GetPolicy', 'ListTags']));
    expect(status('aws-lambda-environment-cmk', 'legacy-export')).toEqual(['fail']);
  });

  it('judges SageMaker, EMR and CodeBuild', () => {
    for (const rule of ['aws-sagemaker-notebook-kms', 'aws-sagemaker-notebook-no-direct-internet']) {
      expect(status(rule, 'research'), rule).toEqual(['pass']);
      expect(status(rule, 'scratch'), rule).toEqual(['fail']);
    }
    expect(status('aws-sagemaker-endpoint-config-kms', 'triage')).toEqual(['pass']);
    expect(status('aws-sagemaker-endpoint-config-kms', 'triage-unencrypted')).toEqual(['fail']);
    expect(status('aws-emr-kerberos-enabled', 'analytics')).toEqual(['pass']);
    expect(status('aws-emr-kerberos-enabled', 'adhoc')).toEqual(['fail']);
    for (const rule of ['aws-codebuild-no-plaintext-aws-credentials', 'aws-codebuild-source-url-no-credentials']) {
      expect(status(rule, 'clinic-api'), rule).toEqual(['pass']);
      expect(status(rule, 'legacy-build'), rule).toEqual(['fail']);
    }
  });

  it('writes a snapshot that keeps variable names but no secret value, and evaluates offline to the same results', () => {
    const file = join(scratch, 'evidence.json');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('DB_PASSWORD');
    expect(text).toContain('AWS_SECRET_ACCESS_KEY');
    expect(text).not.toContain(PLAINTEXT);
    expect(text).not.toContain(URL_TOKEN);
    const offline = vigil(['scan', '--from-snapshot', file, '--format', 'json'], { env: { HOME: scratch } });
    expect(offline.code).toBe(1);
    expect((JSON.parse(offline.stdout) as ReportDocument).results).toEqual(report.results);
  });
});
