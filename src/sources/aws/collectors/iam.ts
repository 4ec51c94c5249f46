import { ADMINISTRATOR_ACCESS, isAdministratorAccessArn } from '../../../model/managed-policies.js';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
  ListVirtualMFADevicesCommand,
  type GenerateCredentialReportCommandOutput,
  type GetAccessKeyLastUsedCommandOutput,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GetAccountPasswordPolicyCommandOutput,
  type GetAccountSummaryCommandOutput,
  type GetCredentialReportCommandOutput,
  type ListAccessKeysCommandOutput,
  type ListVirtualMFADevicesCommandOutput,
  type RoleDetail,
} from '@aws-sdk/client-iam';
import type { ApiEvidence, Resource } from '../../../model/resource.js';
import { allowsAdmin, documentFact, kmsActionsOnAllKeys, parseStatements, trustOpen, wildcardServiceActions } from '../../../model/policy.js';
import { isUnknown, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom, type Answer } from '../session.js';
import { arn, awsResource, daysBetween, evidenceOf, listingFailed, tagsOf, valueOf, valueOrAbsent, withResourceId, type CollectContext, type Collector } from './support.js';

/** IAM is global: one collector per account, its calls go to the scan's home region. */

export type CredentialRow = Record<string, string>;

/** The credential report is CSV with a header row; values hold no commas or quotes. */
export function parseCredentialReport(csv: string): CredentialRow[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  return lines.filter(Boolean).map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i] ?? `c${i}`, v])));
}

export interface ReportTiming {
  /** Milliseconds between polls; doubled after each, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** How long to wait in all before the report is given up as unknown. */
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_REPORT_TIMING: ReportTiming = {
  firstDelayMs: 1000,
  maxDelayMs: 8000,
  deadlineMs: 120_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The generate-and-poll cycle: ask for a report (AWS makes at most one per four hours and
 * otherwise returns the last), poll GenerateCredentialReport until COMPLETE, then fetch it.
 * ReportInProgress, ReportNotPresent and ReportExpired on the fetch mean generate and wait again.
 */
export async function credentialReport(ctx: CollectContext, timing: ReportTiming): Promise<{ rows: CredentialRow[]; answers: Answer<unknown>[] } | { failed: Answer<unknown> & { ok: false }; answers: Answer<unknown>[] }> {
  const answers: Answer<unknown>[] = [];
  const started = Date.now();
  let delay = timing.firstDelayMs;
  for (;;) {
    const generate = await ctx.session.call<GenerateCredentialReportCommandOutput>('iam', ctx.region, new GenerateCredentialReportCommand({}));
    answers.push(generate);
    // Denied will not change; timed out means the SDK's retries are spent, or the region's time or
    // the scan's deadline is up, and polling on would only wait longer.
    if (!generate.ok && (generate.error.kind === 'denied' || generate.error.kind === 'timeout')) return { failed: generate, answers };
    if (generate.ok && generate.value.State === 'COMPLETE') {
      const fetched = await ctx.session.call<GetCredentialReportCommandOutput>('iam', ctx.region, new GetCredentialReportCommand({}));
      answers.push(fetched);
      if (fetched.ok) return { rows: parseCredentialReport(Buffer.from(fetched.value.Content ?? new Uint8Array()).toString('utf8')), answers };
      if (!/^Report(InProgress|NotPresent|Expired)/.test(fetched.error.code)) return { failed: fetched, answers };
    }
    if (Date.now() - started + delay > timing.deadlineMs) {
      const last = answers[answers.length - 1]!;
      const failed = last.ok
        ? ({ ok: false, error: { kind: 'timeout', code: 'ReportInProgress', message: 'the credential report was not ready in time' }, action: 'iam:GetCredentialReport', evidence: last.evidence } as const)
        : last;
      return { failed, answers };
    }
    await timing.sleep(delay);
    delay = Math.min(delay * 2, timing.maxDelayMs);
  }
}

const reportDate = (value: string | undefined): Date | undefined =>
  value && value !== 'N/A' && value !== 'no_information' && value !== 'not_supported' ? new Date(value) : undefined;

function decodeDocument(document: string | undefined): Value {
  if (!document) return null;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

function policyFacts(document: Value): ValueObject {
  const statements = parseStatements(document ?? undefined);
  if (isUnknown(statements)) return { allows_admin: statements, wildcard_service_actions: statements, kms_actions_on_all_keys: statements };
  const list = statements ?? [];
  return { allows_admin: allowsAdmin(list), wildcard_service_actions: wildcardServiceActions(list), kms_actions_on_all_keys: kmsActionsOnAllKeys(list) };
}

export function makeIamCollector(timing: ReportTiming = DEFAULT_REPORT_TIMING): Collector {
  return {
    name: 'iam',
    service: 'iam',
    kinds: ['aws.iam.password_policy', 'aws.iam.root_account', 'aws.iam.user', 'aws.iam.policy', 'aws.iam.role'],
    scope: 'global',
    async collect(ctx) {
      const out: Resource[] = [];
      const accountArn = (suffix: string) => `arn:${ctx.partition}:iam::${ctx.account}:${suffix}`;

      const pwd = await ctx.session.call<GetAccountPasswordPolicyCommandOutput>('iam', ctx.region, new GetAccountPasswordPolicyCommand({}));
      const p = pwd.ok ? pwd.value.PasswordPolicy : undefined;
      const pwdValue = (read: () => Value): Value => (pwd.ok ? read() : pwd.error.code === 'NoSuchEntity' ? null : unknownFrom(pwd));
      out.push(awsResource(ctx, 'aws.iam.password_policy', accountArn('account-password-policy'), `password policy ${ctx.account}`, {
        exists: valueOrAbsent(pwd, () => true, false, /^NoSuchEntity$/),
        minimum_password_length: pwdValue(() => p?.MinimumPasswordLength ?? null),
        require_uppercase_characters: pwdValue(() => p?.RequireUppercaseCharacters ?? false),
        require_lowercase_characters: pwdValue(() => p?.RequireLowercaseCharacters ?? false),
        require_numbers: pwdValue(() => p?.RequireNumbers ?? false),
        require_symbols: pwdValue(() => p?.RequireSymbols ?? false),
        password_reuse_prevention: pwdValue(() => p?.PasswordReusePrevention ?? null),
        max_password_age: pwdValue(() => p?.MaxPasswordAge ?? null),
      }, [pwd.evidence], 'global'));

      const report = await credentialReport(ctx, timing);
      const rows = 'rows' in report ? report.rows : undefined;
      const reportUnknown = 'failed' in report ? unknownFrom(report.failed) : undefined;
      const rowOf = new Map((rows ?? []).map((r) => [r.user ?? '', r]));

      // Root: the report's <root_account> row, checked against GetAccountSummary and the MFA devices.
      const summary = await ctx.session.call<GetAccountSummaryCommandOutput>('iam', ctx.region, new GetAccountSummaryCommand({}));
      const virtual = await ctx.session.paginate<ListVirtualMFADevicesCommandOutput>('iam', ctx.region, (Marker) => new ListVirtualMFADevicesCommand({ Marker }), (pg) => (pg.IsTruncated ? pg.Marker : undefined));
      const root = rowOf.get('<root_account>');
      // Real AWS always has a root row; without one (an emulator, or a failed report) the report cannot say.
      const noRow = reportUnknown ?? unknown('the credential report has no <root_account> row');
      const keysPresent = valueOf(summary, (v) => (v.SummaryMap?.AccountAccessKeysPresent ?? 0) > 0);
      const passwordEnabled: Value = root ? root.password_enabled === 'true' : noRow;
      out.push(awsResource(ctx, 'aws.iam.root_account', accountArn('root'), `root ${ctx.account}`, {
        credentials_present: root ? root.password_enabled === 'true' || root.access_key_1_active === 'true' || root.access_key_2_active === 'true' : keysPresent === true ? true : noRow,
        password_enabled: passwordEnabled,
        mfa_enabled: valueOf(summary, (v) => (v.SummaryMap?.AccountMFAEnabled ?? 0) > 0),
        hardware_mfa: virtual.ok
          ? summary.ok && (summary.value.SummaryMap?.AccountMFAEnabled ?? 0) > 0
            ? !virtual.pages.flatMap((pg) => pg.VirtualMFADevices ?? []).some((d) => d.SerialNumber?.endsWith(':mfa/root-account-mfa-device') || d.User?.Arn?.endsWith(':root'))
            : null
          : unknownFrom(virtual),
        access_keys_present: keysPresent,
      }, evidenceOf(...report.answers, summary, virtual), 'global'));

      // Users, groups, roles and customer policies in one paginated call, documents included.
      const details = await ctx.session.paginate<GetAccountAuthorizationDetailsCommandOutput>(
        'iam', ctx.region,
        (Marker) => new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], Marker }),
        (pg) => (pg.IsTruncated ? pg.Marker : undefined),
      );
      if (!details.ok) return [...out, ...listingFailed(ctx, 'IAM users, roles and policies', details, ['aws.iam.user', 'aws.iam.policy', 'aws.iam.role'])];
      const users = details.pages.flatMap((pg) => pg.UserDetailList ?? []);
      const now = ctx.now();
      out.push(...(await mapBounded(users, 8, async (u) => {
        const row = rowOf.get(u.UserName ?? '');
        const fromReport = (read: (r: CredentialRow) => Value): Value => (row ? read(row) : (reportUnknown ?? unknown(`the credential report has no row for ${u.UserName}`)));
        const keys = await ctx.session.call<ListAccessKeysCommandOutput>('iam', ctx.region, new ListAccessKeysCommand({ UserName: u.UserName }));
        const used: Answer<unknown>[] = [];
        const accessKeys: Value = keys.ok
          ? await Promise.all((keys.value.AccessKeyMetadata ?? []).map(async (k) => {
              const last = await ctx.session.call<GetAccessKeyLastUsedCommandOutput>('iam', ctx.region, new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }));
              used.push(last);
              const created = k.CreateDate ? new Date(k.CreateDate) : undefined;
              return {
                id: k.AccessKeyId ?? null,
                active: k.Status === 'Active',
                age_days: created ? daysBetween(created, now) : null,
                last_used_days: valueOf(last, (v) => {
                  const when = v.AccessKeyLastUsed?.LastUsedDate ?? created;
                  return when ? daysBetween(new Date(when), now) : null;
                }),
              } as ValueObject;
            }))
          : unknownFrom(keys);
        return withResourceId(awsResource(ctx, 'aws.iam.user', u.Arn ?? accountArn(`user/${u.UserName}`), u.UserName ?? '', {
          name: u.UserName ?? null,
          console_access: fromReport((r) => r.password_enabled === 'true'),
          mfa_enabled: fromReport((r) => r.mfa_active === 'true'),
          password_last_used_days: fromReport((r) => {
            if (r.password_enabled !== 'true') return null;
            const when = reportDate(r.password_last_used) ?? reportDate(r.password_last_changed) ?? reportDate(r.user_creation_time);
            return when ? daysBetween(when, now) : null;
          }),
          access_keys: accessKeys,
          attached_policies: (u.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn ?? '').filter(Boolean).sort(),
          inline_policies: (u.UserPolicyList ?? []).map((a) => a.PolicyName ?? '').filter(Boolean).sort(),
          tags: tagsOf(u.Tags),
        }, evidenceOf(details, ...report.answers, keys, ...used), 'global'), u.UserId);
      })));

      // Customer-managed policies that are attached, and every inline policy of users, groups, roles.
      for (const policy of details.pages.flatMap((pg) => pg.Policies ?? [])) {
        if ((policy.AttachmentCount ?? 0) === 0) continue;
        const version = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion);
        out.push(withResourceId(awsResource(ctx, 'aws.iam.policy', policy.Arn ?? accountArn(`policy/${policy.PolicyName}`), policy.PolicyName ?? '', {
          name: policy.PolicyName ?? null,
          policy_type: 'managed',
          attached_to: null,
          ...policyFacts(decodeDocument(version?.Document)),
          tags: {},
        }, details.evidence, 'global'), policy.PolicyId));
      }
      const inline = (owner: string, ownerArn: string | undefined, list: Array<{ PolicyName?: string; PolicyDocument?: string }> | undefined) =>
        (list ?? []).map((pol) =>
          awsResource(ctx, 'aws.iam.policy', `${ownerArn ?? accountArn(owner)}/inline/${pol.PolicyName}`, `${owner}/${pol.PolicyName}`, {
            name: pol.PolicyName ?? null,
            policy_type: 'inline',
            attached_to: owner,
            ...policyFacts(decodeDocument(pol.PolicyDocument)),
            tags: {},
          }, details.evidence, 'global'),
        );
      for (const u of users) out.push(...inline(`user/${u.UserName}`, u.Arn, u.UserPolicyList));
      for (const g of details.pages.flatMap((pg) => pg.GroupDetailList ?? [])) out.push(...inline(`group/${g.GroupName}`, g.Arn, g.GroupPolicyList));
      for (const r of details.pages.flatMap((pg) => pg.RoleDetailList ?? [])) out.push(...inline(`role/${r.RoleName}`, r.Arn, r.RolePolicyList));
      // The AWS-managed AdministratorAccess, once per user, group or role it is attached to.
      const grantees = [
        ...users.map((u) => ({ owner: `user/${u.UserName}`, arn: u.Arn, attached: u.AttachedManagedPolicies })),
        ...details.pages.flatMap((pg) => pg.GroupDetailList ?? []).map((g) => ({ owner: `group/${g.GroupName}`, arn: g.Arn, attached: g.AttachedManagedPolicies })),
        ...details.pages.flatMap((pg) => pg.RoleDetailList ?? []).map((r) => ({ owner: `role/${r.RoleName}`, arn: r.Arn, attached: r.AttachedManagedPolicies })),
      ];
      for (const { owner, arn: ownerArn, attached } of grantees) {
        if (!(attached ?? []).some((a) => isAdministratorAccessArn(a.PolicyArn))) continue;
        out.push(awsResource(ctx, 'aws.iam.policy', `${ownerArn ?? accountArn(owner)}/attached/${ADMINISTRATOR_ACCESS.name}`, `${owner}/${ADMINISTRATOR_ACCESS.name}`, {
          name: ADMINISTRATOR_ACCESS.name,
          policy_type: 'aws-managed',
          attached_to: owner,
          ...policyFacts(ADMINISTRATOR_ACCESS.document),
          tags: {},
        }, details.evidence, 'global'));
      }
      for (const role of details.pages.flatMap((pg) => pg.RoleDetailList ?? [])) out.push(roleResource(ctx, role, details.evidence));
      return out;
    },
  };
}

/** A role with its trust policy and the facts of its attached and inline policies. */
function roleResource(ctx: CollectContext, role: RoleDetail, evidence: ApiEvidence[]): Resource {
  const inline = (role.RolePolicyList ?? []).map((p) => documentFact(decodeDocument(p.PolicyDocument), allowsAdmin, false));
  const attachedAdmin = (role.AttachedManagedPolicies ?? []).some((a) => isAdministratorAccessArn(a.PolicyArn));
  const pendingInline = inline.find(isUnknown);
  return withResourceId(awsResource(ctx, 'aws.iam.role', role.Arn ?? arn(ctx, 'iam', `role/${role.RoleName}`, ''), role.RoleName ?? '', {
    name: role.RoleName ?? null,
    path: role.Path ?? '/',
    trust_open: documentFact(decodeDocument(role.AssumeRolePolicyDocument), trustOpen, false),
    attached_policies: (role.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn ?? '').filter(Boolean).sort(),
    inline_policies: (role.RolePolicyList ?? []).map((p) => p.PolicyName ?? '').filter(Boolean).sort(),
    allows_admin: attachedAdmin || inline.includes(true) ? true : (pendingInline ?? false),
    tags: tagsOf(role.Tags),
  }, evidence, 'global'), role.RoleId);
}
