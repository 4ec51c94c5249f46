/**
 * The rest of the whole-estate services in the live benchmark's fake account, so the bench runs
 * every collector the rule catalogue needs. Per region: 4 CloudWatch alarms, 2 Auto Scaling groups
 * and their 2 launch configurations, a provisioned DynamoDB table with its scalable targets, a
 * Kinesis stream, a Firehose delivery stream, a backup vault with 2 recovery points, a Redshift
 * cluster, a DMS replication instance, an Elastic Beanstalk environment, 3 API Gateway stages and a
 * custom domain, and a regional web ACL (22 resources); once per account, 2 CloudFront distributions,
 * a CloudFront web ACL, 3 Identity Center permission sets and 2 service control policies.
 * Keyed by service, since several services share operation names. Undefined: not one of these calls.
 */
export function estateAnswer(service: string, operation: string, region: string, account: string, input: Record<string, unknown>): object | undefined {
  const arn = (svc: string, resource: string) => `arn:aws:${svc}:${region}:${account}:${resource}`;
  const n = (count: number, f: (i: number) => object) => Array.from({ length: count }, (_, i) => f(i));
  const instance = 'arn:aws:sso:::instance/ssoins-bench';
  switch (`${service}:${operation}`) {
    case 'cloudwatch:DescribeAlarms': return { MetricAlarms: n(4, (i) => ({ AlarmName: `alarm-${i}`, AlarmArn: arn('cloudwatch', `alarm:alarm-${i}`), ActionsEnabled: true, AlarmActions: i === 3 ? [] : [arn('sns', 'topic-0')] })) };
    case 'autoscaling:DescribeAutoScalingGroups': return { AutoScalingGroups: n(2, (i) => ({ AutoScalingGroupName: `asg-${i}`, AutoScalingGroupARN: arn('autoscaling', `autoScalingGroup:${i}:autoScalingGroupName/asg-${i}`), LaunchConfigurationName: `lc-${i}`, VPCZoneIdentifier: `subnet-${i}`, HealthCheckType: i === 0 ? 'ELB' : 'EC2', TargetGroupARNs: [arn('elasticloadbalancing', `targetgroup/tg-${i}/1`)], MinSize: 1, MaxSize: 4, DesiredCapacity: 2, AvailabilityZones: [`${region}a`], CreatedTime: new Date(0) })) };
    // The second leaves AssociatePublicIpAddress out, so its group's subnets decide.
    case 'autoscaling:DescribeLaunchConfigurations': return { LaunchConfigurations: n(2, (i) => ({ LaunchConfigurationName: `lc-${i}`, LaunchConfigurationARN: arn('autoscaling', `launchConfiguration:${i}:launchConfigurationName/lc-${i}`), ImageId: 'ami-1', InstanceType: 't3.small', ...(i === 0 ? { AssociatePublicIpAddress: false } : {}), MetadataOptions: { HttpTokens: 'required' }, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }], CreatedTime: new Date(0) })) };
    case 'applicationautoscaling:DescribeScalableTargets': return { ScalableTargets: ['Read', 'Write'].map((d) => ({ ServiceNamespace: 'dynamodb', ResourceId: 'table/t-1', ScalableDimension: `dynamodb:table:${d}CapacityUnits`, MinCapacity: 5, MaxCapacity: 100, RoleARN: 'x', CreationTime: new Date(0) })) };
    case 'dynamodb:DescribeTable': {
      const name = String(input.TableName);
      const provisioned = name === 't-1';
      return { Table: { TableName: name, TableArn: arn('dynamodb', `table/${name}`), ...(provisioned ? { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } : { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } }) } };
    }
    case 'kinesis:ListStreams': return { StreamNames: ['events'], HasMoreStreams: false };
    case 'kinesis:DescribeStreamSummary': return { StreamDescriptionSummary: { StreamName: 'events', StreamARN: arn('kinesis', 'stream/events'), EncryptionType: 'KMS', KeyId: arn('kms', 'key/k-0') } };
    case 'firehose:ListDeliveryStreams': return { DeliveryStreamNames: ['audit'], HasMoreDeliveryStreams: false };
    case 'firehose:DescribeDeliveryStream': return { DeliveryStreamDescription: { DeliveryStreamName: 'audit', DeliveryStreamARN: arn('firehose', 'deliverystream/audit'), DeliveryStreamType: 'DirectPut', DeliveryStreamEncryptionConfiguration: { Status: 'ENABLED', KeyType: 'AWS_OWNED_CMK' } } };
    case 'backup:ListBackupVaults': return { BackupVaultList: [{ BackupVaultName: 'main', BackupVaultArn: arn('backup', 'backup-vault:main'), EncryptionKeyArn: arn('kms', 'key/k-0'), Locked: true, MinRetentionDays: 7 }] };
    case 'backup:ListRecoveryPointsByBackupVault': return { RecoveryPoints: n(2, (i) => ({ RecoveryPointArn: arn('backup', `recovery-point:rp-${i}`), BackupVaultName: 'main', ResourceType: 'EBS', IsEncrypted: true })) };
    case 'backup:GetBackupPlan': return { BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'daily', ScheduleExpression: 'cron(0 3 * * ? *)', TargetBackupVaultName: 'main', Lifecycle: { DeleteAfterDays: 35 } }] } };
    case 'backup:ListBackupSelections': return { BackupSelectionsList: [{ SelectionId: 's1', SelectionName: 'tagged', BackupPlanId: 'p1' }] };
    case 'backup:GetBackupSelection': return { BackupSelection: { SelectionName: 'tagged', IamRoleArn: 'x', Resources: [arn('rds', 'db:*'), arn('dynamodb', 'table/*')], ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] } };
    case 'redshift:DescribeClusters': return { Clusters: [{ ClusterIdentifier: 'warehouse', NodeType: 'ra3.xlplus', Encrypted: true, PubliclyAccessible: false, AutomatedSnapshotRetentionPeriod: 7, ClusterParameterGroups: [{ ParameterGroupName: 'secure' }] }] };
    case 'redshift:DescribeClusterParameters': return { Parameters: [{ ParameterName: 'require_ssl', ParameterValue: 'true' }] };
    case 'redshift:DescribeLoggingStatus': return { LoggingEnabled: true };
    case 'dms:DescribeReplicationInstances': return { ReplicationInstances: [{ ReplicationInstanceIdentifier: 'migrate', ReplicationInstanceArn: arn('dms', 'rep:MIGRATE'), PubliclyAccessible: false }] };
    case 'elasticbeanstalk:DescribeEnvironments': return { Environments: [{ ApplicationName: 'portal', EnvironmentName: 'portal-prod', EnvironmentArn: arn('elasticbeanstalk', 'environment/portal/portal-prod') }] };
    case 'elasticbeanstalk:DescribeConfigurationSettings': return { ConfigurationSettings: [{ OptionSettings: [{ Namespace: 'aws:elasticbeanstalk:managedactions', OptionName: 'ManagedActionsEnabled', Value: 'true' }] }] };
    case 'apigateway:GetRestApis': return { items: [{ id: 'rest1', name: 'api' }] };
    case 'apigateway:GetStages': return { item: n(2, (i) => ({ stageName: i === 0 ? 'prod' : 'test', methodSettings: { '*/*': { loggingLevel: 'ERROR' } }, accessLogSettings: { destinationArn: arn('logs', 'log-group:/api') } })) };
    case 'apigateway:GetDomainNames': return { items: [{ domainName: `api.${region}.example`, securityPolicy: 'TLS_1_2' }] };
    case 'apigatewayv2:GetApis': return { Items: [{ ApiId: 'http1', Name: 'events', ProtocolType: 'HTTP' }] };
    case 'apigatewayv2:GetStages': return { Items: [{ StageName: '$default', DefaultRouteSettings: { LoggingLevel: 'INFO' }, AccessLogSettings: { DestinationArn: arn('logs', 'log-group:/http') } }] };
    case 'wafv2:ListWebACLs': return input.Scope === 'CLOUDFRONT'
      ? { WebACLs: [{ Name: 'edge', ARN: `arn:aws:wafv2:us-east-1:${account}:global/webacl/edge/1` }] }
      : { WebACLs: [{ Name: 'regional', ARN: arn('wafv2', 'regional/webacl/regional/1') }] };
    case 'wafv2:GetLoggingConfiguration': return { LoggingConfiguration: { LogDestinationConfigs: [arn('firehose', 'deliverystream/aws-waf-logs')] } };
    case 'cloudfront:ListDistributions': return { DistributionList: { IsTruncated: false, Items: n(2, (i) => ({ Id: `E${i}`, ARN: `arn:aws:cloudfront::${account}:distribution/E${i}`, DomainName: `d${i}.cloudfront.net`, WebACLId: `arn:aws:wafv2:us-east-1:${account}:global/webacl/edge/1` })) } };
    case 'cloudfront:GetDistributionConfig': return { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' }, ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021' }, Logging: { Enabled: true, Bucket: 'logs.s3.amazonaws.com' }, Origins: { Quantity: 0, Items: [] } } };
    case 'ssoadmin:ListInstances': return { Instances: [{ InstanceArn: instance, IdentityStoreId: 'd-1' }] };
    case 'ssoadmin:ListPermissionSets': return { PermissionSets: Array.from({ length: 3 }, (_, i) => `arn:aws:sso:::permissionSet/ssoins-bench/ps-${i}`) };
    case 'ssoadmin:DescribePermissionSet': return { PermissionSet: { Name: String(input.PermissionSetArn).split('/').pop(), PermissionSetArn: input.PermissionSetArn, SessionDuration: 'PT4H' } };
    case 'ssoadmin:ListManagedPoliciesInPermissionSet': return { AttachedManagedPolicies: [{ Name: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] };
    case 'organizations:ListPolicies': return { Policies: n(2, (i) => ({ Id: `p-${i}`, Arn: `arn:aws:organizations::${account}:policy/o-bench/service_control_policy/p-${i}`, Name: `guardrail-${i}`, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false })) };
    case 'organizations:DescribePolicy': return { Policy: { PolicySummary: { Id: input.PolicyId, Name: String(input.PolicyId) }, Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["organizations:LeaveOrganization","cloudtrail:StopLogging"],"Resource":"*"}]}' } };
    case 'organizations:ListTargetsForPolicy': return { Targets: [{ TargetId: 'r-1', Type: 'ROOT' }] };
    default: return undefined;
  }
}
