import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type DescribeOrganizationCommandOutput,
  type DescribePolicyCommandOutput,
  type ListPoliciesCommandOutput,
  type ListRootsCommandOutput,
  type ListTargetsForPolicyCommandOutput,
} from '@aws-sdk/client-organizations';
import {
  DescribeDocumentPermissionCommand,
  ListDocumentsCommand,
  type DescribeDocumentPermissionCommandOutput,
  type ListDocumentsCommandOutput,
} from '@aws-sdk/client-ssm';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  type DescribePermissionSetCommandOutput,
  type GetInlinePolicyForPermissionSetCommandOutput,
  type ListAccountAssignmentsCommandOutput,
  type ListAccountsForProvisionedPermissionSetCommandOutput,
  type ListInstancesCommandOutput,
  type ListManagedPoliciesInPermissionSetCommandOutput,
  type ListPermissionSetsCommandOutput,
} from '@aws-sdk/client-sso-admin';
import { isAdministratorAccessArn } from '../../../model/managed-policies.js';
import { durationHours, scpFacts } from '../../../model/governance-facts.js';
import { allowsAdmin, documentFact } from '../../../model/policy.js';
import { isUnknown, type Value, type ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import type { ApiEvidence, Resource } from '../../../model/resource.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, type Collector } from './support.js';

/** Governance: SSM documents, the organisation's service control policies, Identity Center permission sets. */

const documents: Collector = {
  name: 'ssm documents',
  service: 'ssm',
  kinds: ['aws.ssm.document'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListDocumentsCommandOutput>(
      'ssm', ctx.region, (NextToken) => new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Self'] }], MaxResults: 50, NextToken }), (p) => p.NextToken,
    );
    if (!list.ok) return listingFailed(ctx, 'SSM documents', list);
    return mapBounded(list.pages.flatMap((p) => p.DocumentIdentifiers ?? []), 8, async (doc) => {
      const permission = await ctx.session.call<DescribeDocumentPermissionCommandOutput>('ssm', ctx.region, new DescribeDocumentPermissionCommand({ Name: doc.Name, PermissionType: 'Share' }));
      return awsResource(ctx, 'aws.ssm.document', arn(ctx, 'ssm', `document/${doc.Name}`), doc.Name ?? '', {
        name: doc.Name ?? null,
        document_type: doc.DocumentType ?? null,
        shared_with: valueOf(permission, (v) => [...(v.AccountIds ?? [])].sort()),
        tags: tagsOf(doc.Tags),
      }, evidenceOf(list, permission));
    });
  },
};

/**
 * The organisation's SCPs, read where Organizations answers with them: the management account or
 * a delegated administrator. A member account is told AccessDenied or AWSOrganizationsNotInUse;
 * that is a note, not a gap, since SCPs are the management account's to show.
 */
const organization: Collector = {
  name: 'organizations service control policies',
  service: 'organizations',
  kinds: ['aws.organizations.policy', 'aws.organizations.organization'],
  scope: 'global',
  async collect(ctx) {
    const described = await ctx.session.call<DescribeOrganizationCommandOutput>('organizations', ctx.region, new DescribeOrganizationCommand({}));
    if (!described.ok && /AWSOrganizationsNotInUse/.test(described.error.code)) {
      ctx.note(`account ${ctx.account} is not in an organisation: no service control policies to judge`);
      return [];
    }
    if (!described.ok) return listingFailed(ctx, 'the organisation and its service control policies', described);
    const list = await ctx.session.paginate<ListPoliciesCommandOutput>('organizations', ctx.region, (NextToken) => new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken }), (p) => p.NextToken);
    if (!list.ok) {
      if (/AccessDenied/.test(list.error.code) && described.value.Organization?.MasterAccountId !== ctx.account) {
        ctx.session.reported(list);
        ctx.note(`account ${ctx.account} is a member of organisation ${described.value.Organization?.Id ?? ''}: its service control policies are judged when the management account is scanned`);
        return [];
      }
      return listingFailed(ctx, 'service control policies', list);
    }
    const roots = await ctx.session.paginate<ListRootsCommandOutput>('organizations', ctx.region, (NextToken) => new ListRootsCommand({ NextToken }), (p) => p.NextToken);
    const policies = await mapBounded(list.pages.flatMap((p) => p.Policies ?? []), 4, async (summary) => {
      const [detail, targets] = await Promise.all([
        ctx.session.call<DescribePolicyCommandOutput>('organizations', ctx.region, new DescribePolicyCommand({ PolicyId: summary.Id })),
        ctx.session.paginate<ListTargetsForPolicyCommandOutput>('organizations', ctx.region, (NextToken) => new ListTargetsForPolicyCommand({ PolicyId: summary.Id, NextToken }), (p) => p.NextToken),
      ]);
      const content: Value = detail.ok ? (detail.value.Policy?.Content ?? null) : unknownFrom(detail);
      const targetIds: Value = targets.ok ? targets.pages.flatMap((p) => p.Targets ?? []).map((t) => t.TargetId ?? '').filter(Boolean).sort() : unknownFrom(targets);
      return awsResource(ctx, 'aws.organizations.policy', summary.Arn ?? '', summary.Name ?? summary.Id ?? '', {
        name: summary.Name ?? null,
        policy_type: 'SERVICE_CONTROL_POLICY',
        aws_managed: summary.AwsManaged ?? false,
        attached: Array.isArray(targetIds) ? targetIds.length > 0 : targetIds,
        targets: targetIds,
        ...scpFacts(isUnknown(content) ? content : (content ?? undefined)),
        tags: {},
      }, evidenceOf(list, detail, targets), 'global');
    });
    const scps: Value[] = policies
      .filter((p) => p.attributes.aws_managed !== true && p.attributes.attached !== false)
      .map((p) => {
        const entry: ValueObject = { name: p.attributes.name ?? p.name };
        for (const fact of ['denies_leave_organization', 'denies_cloudtrail_changes', 'denies_guardduty_changes', 'denies_config_changes', 'allowed_regions']) entry[fact] = p.attributes[fact] ?? null;
        return isUnknown(p.attributes.attached) ? p.attributes.attached : entry;
      });
    const root = roots.ok ? roots.pages.flatMap((p) => p.Roots ?? [])[0] : undefined;
    const org = described.value.Organization;
    const orgResource: Resource = awsResource(ctx, 'aws.organizations.organization', org?.Arn ?? `arn:${ctx.partition}:organizations::${ctx.account}:organization`, org?.Id ?? 'organization', {
      scp_enabled: roots.ok ? (root?.PolicyTypes ?? []).some((t) => t.Type === 'SERVICE_CONTROL_POLICY' && t.Status === 'ENABLED') : unknownFrom(roots),
      scps,
    }, evidenceOf(described, list, roots), 'global');
    return [...policies, orgResource];
  },
};

type Evidenced = { evidence: ApiEvidence } | { evidence: ApiEvidence[] };

/** The group assignments of one permission set, over the accounts it is provisioned to. */
async function groupAssignments(ctx: Parameters<Collector['collect']>[0], instanceArn: string, permissionSetArn: string): Promise<{ value: Value; answers: Evidenced[] }> {
  const accounts = await ctx.session.paginate<ListAccountsForProvisionedPermissionSetCommandOutput>(
    'ssoadmin', ctx.region, (NextToken) => new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn, NextToken }), (p) => p.NextToken,
  );
  if (!accounts.ok) return { value: unknownFrom(accounts), answers: [accounts] };
  const answers: Evidenced[] = [accounts];
  const out: Value[] = [];
  for (const accountId of accounts.pages.flatMap((p) => p.AccountIds ?? []).slice(0, 1000)) {
    const assignments = await ctx.session.paginate<ListAccountAssignmentsCommandOutput>(
      'ssoadmin', ctx.region, (NextToken) => new ListAccountAssignmentsCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn, AccountId: accountId, NextToken }), (p) => p.NextToken,
    );
    answers.push(assignments);
    if (!assignments.ok) return { value: unknownFrom(assignments), answers };
    for (const a of assignments.pages.flatMap((p) => p.AccountAssignments ?? [])) {
      if (a.PrincipalType === 'GROUP') out.push({ principal_id: a.PrincipalId ?? null, account_id: a.AccountId ?? accountId });
    }
  }
  return { value: out, answers };
}

const permissionSets: Collector = {
  name: 'sso-admin permission sets',
  service: 'ssoadmin',
  kinds: ['aws.ssoadmin.permission_set'],
  scope: 'global',
  async collect(ctx) {
    const instances = await ctx.session.paginate<ListInstancesCommandOutput>('ssoadmin', ctx.region, (NextToken) => new ListInstancesCommand({ NextToken }), (p) => p.NextToken);
    if (!instances.ok) return listingFailed(ctx, 'IAM Identity Center instances', instances);
    const out: Resource[] = [];
    for (const instance of instances.pages.flatMap((p) => p.Instances ?? [])) {
      const instanceArn = instance.InstanceArn ?? '';
      const sets = await ctx.session.paginate<ListPermissionSetsCommandOutput>('ssoadmin', ctx.region, (NextToken) => new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken }), (p) => p.NextToken);
      if (!sets.ok) {
        listingFailed(ctx, 'permission sets', sets);
        continue;
      }
      out.push(...(await mapBounded(sets.pages.flatMap((p) => p.PermissionSets ?? []), 4, async (setArn) => {
        const [described, managed, inline] = await Promise.all([
          ctx.session.call<DescribePermissionSetCommandOutput>('ssoadmin', ctx.region, new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: setArn })),
          ctx.session.paginate<ListManagedPoliciesInPermissionSetCommandOutput>('ssoadmin', ctx.region, (NextToken) => new ListManagedPoliciesInPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: setArn, NextToken }), (p) => p.NextToken),
          ctx.session.call<GetInlinePolicyForPermissionSetCommandOutput>('ssoadmin', ctx.region, new GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: setArn })),
        ]);
        const groups = await groupAssignments(ctx, instanceArn, setArn);
        const set = described.ok ? described.value.PermissionSet : undefined;
        const duration: Value = described.ok ? (set?.SessionDuration ?? 'PT1H') : unknownFrom(described);
        const policies: Value = managed.ok ? managed.pages.flatMap((p) => p.AttachedManagedPolicies ?? []).map((m) => m.Arn ?? '').filter(Boolean).sort() : unknownFrom(managed);
        const inlineAdmin = valueOf(inline, (v) => documentFact(v.InlinePolicy || null, allowsAdmin, false));
        const managedAdmin: Value = Array.isArray(policies) ? policies.some(isAdministratorAccessArn) : policies;
        return awsResource(ctx, 'aws.ssoadmin.permission_set', setArn, set?.Name ?? setArn, {
          name: set?.Name ?? null,
          session_duration: duration,
          session_duration_hours: isUnknown(duration) ? duration : durationHours(duration),
          managed_policies: policies,
          grants_admin: managedAdmin === true || inlineAdmin === true ? true : isUnknown(managedAdmin) ? managedAdmin : inlineAdmin,
          group_assignments: groups.value,
          tags: {},
        }, evidenceOf(instances, sets, described, managed, inline, ...groups.answers), 'global');
      })));
    }
    return out;
  },
};

export const GOVERNANCE_COLLECTORS: readonly Collector[] = [documents, organization, permissionSets];
