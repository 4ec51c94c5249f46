import type { AttributeSpec, KindSpec } from './kinds.js';

/**
 * Kinds for the organisation, identity, network-path and operations checks of the whole-estate
 * work (Organizations SCPs, IAM Identity Center permission sets, IAM roles, route tables, subnets,
 * internet and transit gateways, VPN connections, Route 53 zones, SSM documents, CloudWatch alarms,
 * Auto Scaling groups), and the attributes those checks add to kinds that already exist.
 */

const str = (description: string): AttributeSpec => ({ type: 'string', description });
const num = (description: string): AttributeSpec => ({ type: 'number', description });
const bool = (description: string): AttributeSpec => ({ type: 'boolean', description });
const strings = (description: string): AttributeSpec => ({ type: 'string-list', description });
const tags: AttributeSpec = { type: 'object', description: 'tags, key to value (Tags / `tags`)' };
const region = str('AWS region the resource lives in (AWS: the region of the API answer; Terraform: the resource\'s or its provider\'s `region`)');

const kmsActionList: AttributeSpec = {
  type: 'object-list',
  description:
    'derived: the KMS actions among Decrypt, ReEncryptFrom, ReEncryptTo, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, CreateGrant, ScheduleKeyDeletion, DisableKey and PutKeyPolicy that an Allow statement grants on every KMS key (Resource "*" or a key ARN ending in key/*), written as Action, a service wildcard ("kms:*", "kms:Re*") or "*"',
  fields: { action: str('the action, e.g. "kms:Decrypt"') },
};

const scpFacts: Record<string, AttributeSpec> = {
  denies_leave_organization: bool('derived: a Deny statement covers organizations:LeaveOrganization (a Condition exempting a break-glass role is accepted)'),
  denies_cloudtrail_changes: bool('derived: a Deny statement covers cloudtrail:StopLogging and cloudtrail:DeleteTrail'),
  denies_guardduty_changes: bool('derived: a Deny statement covers guardduty:DeleteDetector and guardduty:DisassociateFromMasterAccount'),
  denies_config_changes: bool('derived: a Deny statement covers config:StopConfigurationRecorder and config:DeleteConfigurationRecorder'),
  allowed_regions: {
    type: 'object-list',
    description: 'derived: the regions a Deny statement with a StringNotEquals (or ...IgnoreCase, StringNotLike) condition on aws:RequestedRegion leaves open; empty when no statement limits regions',
    fields: { region: str('a region the policy leaves open') },
  },
};

export const ESTATE_ORG_KINDS: Record<string, KindSpec> = {
  // ─── Organizations and IAM Identity Center ─────────────────────────────────────────────────
  'aws.organizations.policy': {
    description: 'An Organizations policy; rules judge the service control policies. AWS: Organizations ListPolicies (SERVICE_CONTROL_POLICY), DescribePolicy, ListTargetsForPolicy, read from the management account (or a delegated administrator). Terraform: aws_organizations_policy of type SERVICE_CONTROL_POLICY (the default type), folded with the aws_organizations_policy_attachment blocks that name it.',
    cloudFormationType: 'AWS::Organizations::Policy',
    attributes: {
      name: str('policy name'),
      policy_type: str('"SERVICE_CONTROL_POLICY" (Terraform default), "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", ...'),
      aws_managed: bool('the AWS-managed FullAWSAccess policy'),
      attached: bool('attached to at least one root, organisational unit or account (ListTargetsForPolicy / an aws_organizations_policy_attachment)'),
      targets: strings('IDs of the roots, OUs and accounts it is attached to (Terraform: as written, or the reference)'),
      ...scpFacts,
      tags,
    },
  },
  'aws.organizations.organization': {
    description: 'The organisation as its service control policies guard it: every attached SCP, with the facts derived from each. AWS: DescribeOrganization, ListRoots, and the SCPs listed for aws.organizations.policy; emitted when the account answers as the management account or a delegated administrator. Terraform: aws_organizations_organization with the attached SCPs of the same configuration; where the configuration declares SCPs but not the organisation, at the first SCP\'s block.',
    cloudFormationType: 'AWS::Organizations::Organization',
    attributes: {
      scp_enabled: bool('the SERVICE_CONTROL_POLICY policy type is enabled on the root (ListRoots PolicyTypes / enabled_policy_types); Terraform without the organisation: unknown'),
      scps: {
        type: 'object-list',
        description: 'the attached service control policies (AWS-managed FullAWSAccess left out)',
        fields: { name: str('policy name'), ...scpFacts },
      },
    },
  },
  'aws.ssoadmin.permission_set': {
    description: 'An IAM Identity Center permission set with its policies and group assignments. AWS: sso-admin ListInstances, ListPermissionSets, DescribePermissionSet, ListManagedPoliciesInPermissionSet, GetInlinePolicyForPermissionSet, ListAccountsForProvisionedPermissionSet, ListAccountAssignments. Terraform: aws_ssoadmin_permission_set folded with aws_ssoadmin_managed_policy_attachment, aws_ssoadmin_permission_set_inline_policy and aws_ssoadmin_account_assignment.',
    cloudFormationType: 'AWS::SSO::PermissionSet',
    attributes: {
      name: str('permission set name'),
      session_duration: str('ISO 8601 duration of a session (`SessionDuration` / `session_duration`, default PT1H)'),
      session_duration_hours: num('the session duration in hours'),
      managed_policies: strings('ARNs of the AWS-managed policies attached'),
      grants_admin: bool('AdministratorAccess is attached, or the inline policy allows every action on every resource'),
      group_assignments: {
        type: 'object-list',
        description: 'assignments of the permission set to Identity Center groups (PrincipalType GROUP)',
        fields: { principal_id: str('the group ID in the identity store'), account_id: str('the account the group gets the permission set in') },
      },
      tags,
    },
  },

  // ─── IAM roles ──────────────────────────────────────────────────────────────────────────────
  'aws.iam.role': {
    description: 'An IAM role with its trust policy and policies. AWS: GetAccountAuthorizationDetails RoleDetailList (AssumeRolePolicyDocument, AttachedManagedPolicies, RolePolicyList). Terraform: aws_iam_role (inline_policy and managed_policy_arns arguments) folded with aws_iam_role_policy and aws_iam_role_policy_attachment.',
    cloudFormationType: 'AWS::IAM::Role',
    attributes: {
      name: str('role name'),
      path: str('role path; "/aws-service-role/" for service-linked roles'),
      trust_open: bool('derived: an Allow statement of the trust policy lets everyone (Principal "*" or {"AWS": "*"}) assume the role with no Condition'),
      attached_policies: strings('ARNs of managed policies attached'),
      inline_policies: strings('names of inline policies'),
      allows_admin: bool('AdministratorAccess is attached, or an inline policy allows every action on every resource'),
      tags,
    },
  },

  // ─── Network paths ──────────────────────────────────────────────────────────────────────────
  'aws.ec2.route_table': {
    description: 'A VPC route table with its routes. AWS: DescribeRouteTables. Terraform: aws_route_table (inline route blocks) and aws_default_route_table, folded with aws_route.',
    cloudFormationType: 'AWS::EC2::RouteTable',
    attributes: {
      vpc_id: str('VPC of the route table'),
      is_default: bool('the VPC\'s main route table, which AWS creates with the VPC (`Associations[].Main` / aws_default_route_table)'),
      associations: strings('subnets (subnet-…) and gateways (igw-…, vgw-…) explicitly associated with the route table (`Associations` / aws_route_table_association)'),
      routes: {
        type: 'object-list',
        description: 'routes (the local route of the VPC left out)',
        fields: {
          destination_cidr_block: str('IPv4 destination'),
          destination_ipv6_cidr_block: str('IPv6 destination'),
          gateway_id: str('target gateway: an internet gateway (igw-…), a virtual private gateway (vgw-…) or a VPC endpoint (vpce-…)'),
          to_internet_gateway: bool('the target is an internet gateway (Terraform: gateway_id referencing an aws_internet_gateway or a literal igw- ID)'),
        },
      },
      region,
      tags,
    },
  },
  'aws.ec2.subnet': {
    description: 'A VPC subnet. AWS: DescribeSubnets. Terraform: aws_subnet and aws_default_subnet.',
    cloudFormationType: 'AWS::EC2::Subnet',
    attributes: {
      vpc_id: str('VPC of the subnet'),
      cidr_block: str('IPv4 CIDR'),
      is_default: bool('a default subnet of the default VPC'),
      map_public_ip_on_launch: bool('instances launched into it get a public IPv4 address (`MapPublicIpOnLaunch`; Terraform default false, aws_default_subnet true)'),
      region,
      tags,
    },
  },
  'aws.ec2.internet_gateway': {
    description: 'An internet gateway and the VPC it is attached to. AWS: DescribeInternetGateways. Terraform: aws_internet_gateway (vpc_id) folded with aws_internet_gateway_attachment.',
    cloudFormationType: 'AWS::EC2::InternetGateway',
    attributes: {
      attachments: {
        type: 'object-list',
        description: 'the VPCs the gateway is attached to (Attachments / vpc_id, aws_internet_gateway_attachment)',
        fields: { vpc_id: str('VPC ID') },
      },
      region,
      tags,
    },
  },
  'aws.ec2.transit_gateway': {
    description: 'A transit gateway. AWS: DescribeTransitGateways. Terraform: aws_ec2_transit_gateway.',
    cloudFormationType: 'AWS::EC2::TransitGateway',
    attributes: {
      auto_accept_shared_attachments: bool('attachments from accounts it is shared with are accepted without review (`AutoAcceptSharedAttachments` / `auto_accept_shared_attachments`, default disable)'),
      default_route_table_association: bool('attachments join the default route table automatically'),
      region,
      tags,
    },
  },
  'aws.ec2.vpn_connection': {
    description: 'A Site-to-Site VPN connection. AWS only: DescribeVpnConnections (VgwTelemetry). Terraform cannot tell whether a tunnel is up.',
    cloudFormationType: 'AWS::EC2::VPNConnection',
    attributes: {
      state: str('"available", "pending", "deleting" or "deleted"'),
      tunnels_up: num('tunnels whose telemetry Status is UP'),
      tunnel_count: num('tunnels reported'),
      region,
      tags,
    },
  },
  'aws.route53.hosted_zone': {
    description: 'A Route 53 hosted zone. AWS: ListHostedZones, ListQueryLoggingConfigs, GetDNSSEC (public zones). Terraform: aws_route53_zone folded with aws_route53_query_log and aws_route53_hosted_zone_dnssec.',
    cloudFormationType: 'AWS::Route53::HostedZone',
    attributes: {
      name: str('domain name'),
      private_zone: bool('a private zone (Terraform: a vpc block)'),
      query_logging_enabled: bool('a query logging configuration delivers the zone\'s queries to CloudWatch Logs'),
      dnssec_signing: bool('DNSSEC signing is on (GetDNSSEC Status SIGNING / aws_route53_hosted_zone_dnssec signing_status SIGNING, its default)'),
      tags,
    },
  },

  // ─── Operations ─────────────────────────────────────────────────────────────────────────────
  'aws.ssm.document': {
    description: 'A Systems Manager document the account owns. AWS: ListDocuments (Owner Self) + DescribeDocumentPermission (Share). Terraform: aws_ssm_document (permissions { type = "Share", account_ids }).',
    cloudFormationType: 'AWS::SSM::Document',
    attributes: {
      name: str('document name'),
      document_type: str('"Command", "Automation", "Session", ...'),
      shared_with: strings('account IDs the document is shared with; "all" means public'),
      tags,
    },
  },
  'aws.cloudwatch.alarm': {
    description: 'A CloudWatch metric alarm. AWS: DescribeAlarms. Terraform: aws_cloudwatch_metric_alarm.',
    cloudFormationType: 'AWS::CloudWatch::Alarm',
    attributes: {
      name: str('alarm name'),
      actions_enabled: bool('ActionsEnabled / actions_enabled (default true)'),
      alarm_actions: strings('actions on ALARM'),
      ok_actions: strings('actions on OK'),
      insufficient_data_actions: strings('actions on INSUFFICIENT_DATA'),
      region,
      tags,
    },
  },
  'aws.autoscaling.group': {
    description: 'An EC2 Auto Scaling group. AWS: DescribeAutoScalingGroups. Terraform: aws_autoscaling_group, folded with aws_autoscaling_attachment.',
    cloudFormationType: 'AWS::AutoScaling::AutoScalingGroup',
    attributes: {
      name: str('group name'),
      health_check_type: str('"EC2" (default) or "ELB"'),
      load_balanced: bool('the group registers its instances with a Classic Load Balancer or a target group (load_balancers, target_group_arns, aws_autoscaling_attachment)'),
      launch_configuration: str('launch configuration name, when the group uses one instead of a launch template'),
      region,
      tags,
    },
  },
};

/**
 * Attributes the checks above add to kinds defined in kinds.ts. Every source that emits those
 * kinds fills them (or leaves them unknown with the reason).
 */
export const ESTATE_ORG_ATTRIBUTES: Record<string, Record<string, AttributeSpec>> = {
  'aws.ec2.vpc': {
    endpoints: {
      type: 'object-list',
      description: 'VPC endpoints of the VPC (AWS: DescribeVpcEndpoints; Terraform: aws_vpc_endpoint naming the VPC in vpc_id)',
      fields: {
        service: str('the service part of the endpoint service name: "s3", "dynamodb", "ecr.api", "ecr.dkr", "secretsmanager", ...'),
        type: str('"Gateway", "Interface" or "GatewayLoadBalancer"'),
        custom_policy: bool('a policy other than the default full-access one is set (PolicyDocument / `policy`): the default allows everyone every action on every resource'),
      },
    },
  },
  'aws.ec2.instance': {
    in_vpc: bool('the instance runs in a VPC (`VpcId`); Terraform: always, since EC2-Classic is retired'),
    state: str('instance state, "running", "stopped", ... (AWS only)'),
    stopped_days: num('days since the instance stopped, from StateTransitionReason; null unless stopped (AWS only)'),
    ssm_managed: bool('Systems Manager manages the instance: DescribeInstanceInformation lists it (AWS only)'),
    ssm_association_compliance: str('"COMPLIANT", "NON_COMPLIANT" or null without State Manager associations (ListResourceComplianceSummaries, ComplianceType Association; AWS only)'),
    ssm_patch_compliance: str('"COMPLIANT", "NON_COMPLIANT" or null when never patched by Patch Manager (ComplianceType Patch; AWS only)'),
    launched_by: str('"instance", "launch_template" or "launch_configuration": what the resource stands for'),
  },
  'aws.iam.policy': {
    kms_actions_on_all_keys: kmsActionList,
  },
  'aws.s3.bucket': {
    replication_enabled: bool('a replication configuration with an Enabled rule (GetBucketReplication / aws_s3_bucket_replication_configuration, inline replication_configuration)'),
    event_notifications_enabled: bool('event notifications go to SNS, SQS, Lambda or EventBridge (GetBucketNotificationConfiguration / aws_s3_bucket_notification)'),
    lifecycle_enabled: bool('an Enabled lifecycle rule exists (GetBucketLifecycleConfiguration / aws_s3_bucket_lifecycle_configuration, inline lifecycle_rule with enabled = true)'),
  },
  'aws.rds.db_instance': {
    monitoring_interval: num('seconds between Enhanced Monitoring samples; 0 turns it off (`MonitoringInterval` / `monitoring_interval`, default 0)'),
  },
  'aws.elb.load_balancer': {
    deletion_protection: bool('deletion protection on (attribute deletion_protection.enabled / enable_deletion_protection, default false); a Classic Load Balancer has none'),
    cross_zone: bool('cross-zone load balancing on (Classic: CrossZoneLoadBalancing / cross_zone_load_balancing, Terraform default true; network: load_balancing.cross_zone.enabled; application: always on)'),
  },
};

/** The certificate field listeners gain (kept apart: it extends a field list, not an attribute table). */
export const ESTATE_ORG_LISTENER_FIELDS: Record<string, AttributeSpec> = {
  certificate_arn: str('the default certificate of an HTTPS or TLS listener (Certificates[0] / certificate_arn, ssl_certificate_id); an ACM certificate\'s ARN starts arn:aws:acm:'),
};
