import {
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetComplianceDetailsByConfigRuleCommand,
  type DescribeComplianceByConfigRuleCommandOutput,
  type DescribeConfigRulesCommandOutput,
  type DescribeConformancePackComplianceCommandOutput,
  type DescribeConformancePacksCommandOutput,
  type GetComplianceDetailsByConfigRuleCommandOutput,
} from '@aws-sdk/client-config-service';
import { evaluationOf, judgedManaged, managedRuleFromIdentifier, packCompliance, type ConfigEvaluation, type ConfigRuleCompliance, type ConformancePackCompliance } from '../config-rules.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom, type Answer } from '../session.js';
import type { Collector, CollectContext } from './support.js';

/**
 * The AWS Config rules deployed in one region, their compliance, the conformance packs that
 * deployed some of them, and each rule's verdict on each resource. It fills no model kind: what it
 * finds is evidence beside Vigil's results, handed over through `ctx.configEvidence`. Every call
 * that fails is counted and noted, and what it would have said is simply missing; emulators that
 * answer the compliance calls with HTTP 500 (moto) end up there too.
 */

/** Overall compliance of a rule whose compliance call failed. */
export const COMPLIANCE_UNREAD = 'UNKNOWN';

const failed = (ctx: CollectContext, what: string, answer: Answer<unknown> & { ok: false }) =>
  ctx.note(`AWS Config ${what} in ${ctx.region} could not be read, so they are not shown as evidence: ${unknownFrom(answer).reason}`);

async function conformancePacks(ctx: CollectContext): Promise<ConformancePackCompliance[]> {
  const packs = await ctx.session.paginate<DescribeConformancePacksCommandOutput>(
    'config', ctx.region, (NextToken) => new DescribeConformancePacksCommand({ NextToken }), (p) => p.NextToken,
  );
  if (!packs.ok) {
    failed(ctx, 'conformance packs', packs);
    return [];
  }
  const names = packs.pages.flatMap((p) => p.ConformancePackDetails ?? []).map((d) => d.ConformancePackName ?? '').filter(Boolean);
  const read = await mapBounded(names, 4, async (name): Promise<ConformancePackCompliance | undefined> => {
    const answer = await ctx.session.paginate<DescribeConformancePackComplianceCommandOutput>(
      'config', ctx.region, (NextToken) => new DescribeConformancePackComplianceCommand({ ConformancePackName: name, NextToken }), (p) => p.NextToken,
    );
    if (!answer.ok) {
      failed(ctx, `conformance pack ${name}'s compliance`, answer);
      return undefined;
    }
    const rules = answer.pages
      .flatMap((p) => p.ConformancePackRuleComplianceList ?? [])
      .map((r) => ({ rule: r.ConfigRuleName ?? '', compliance: r.ComplianceType ?? 'INSUFFICIENT_DATA' }))
      .sort((a, b) => a.rule.localeCompare(b.rule));
    return { name, account: ctx.account, region: ctx.region, compliance: packCompliance(rules), rules };
  });
  return read.filter((p): p is ConformancePackCompliance => p !== undefined);
}

export const configRulesCollector: Collector = {
  name: 'config rules',
  service: 'config',
  kinds: [],
  scope: 'regional',
  async collect(ctx) {
    const deployed = await ctx.session.paginate<DescribeConfigRulesCommandOutput>(
      'config', ctx.region, (NextToken) => new DescribeConfigRulesCommand({ NextToken }), (p) => p.NextToken,
    );
    if (!deployed.ok) {
      failed(ctx, 'rules', deployed);
      return [];
    }
    const configRules = deployed.pages.flatMap((p) => p.ConfigRules ?? []).filter((r) => r.ConfigRuleName);
    if (configRules.length === 0) return [];

    const [compliance, packs] = await Promise.all([
      ctx.session.paginate<DescribeComplianceByConfigRuleCommandOutput>(
        'config', ctx.region, (NextToken) => new DescribeComplianceByConfigRuleCommand({ NextToken }), (p) => p.NextToken,
      ),
      conformancePacks(ctx),
    ]);
    if (!compliance.ok) failed(ctx, "rules' compliance", compliance);
    const overall = new Map(compliance.ok ? compliance.pages.flatMap((p) => p.ComplianceByConfigRules ?? []).map((c) => [c.ConfigRuleName ?? '', c.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA']) : []);
    const packOf = new Map(packs.flatMap((p) => p.rules.map((r) => [r.rule, p.name] as const)));

    const rules: ConfigRuleCompliance[] = configRules.map((r) => {
      const name = r.ConfigRuleName!;
      const managedRule = r.Source?.Owner === 'AWS' && r.Source.SourceIdentifier ? managedRuleFromIdentifier(r.Source.SourceIdentifier) : undefined;
      const pack = packOf.get(name);
      return {
        rule: name,
        account: ctx.account,
        region: ctx.region,
        compliance: compliance.ok ? (overall.get(name) ?? 'INSUFFICIENT_DATA') : COMPLIANCE_UNREAD,
        ...(managedRule ? { managedRule } : {}),
        ...(pack ? { conformancePack: pack } : {}),
      };
    });

    // Verdicts per resource only for managed rules that reached one: the others have none to give,
    // and a custom rule's verdict cannot be set beside any Vigil rule. One call per rule and region
    // is the price, so the ones that cannot be used are not asked for.
    const judged = rules.filter(judgedManaged);
    const details = await mapBounded(judged, 4, async (rule): Promise<ConfigEvaluation[]> => {
      const answer = await ctx.session.paginate<GetComplianceDetailsByConfigRuleCommandOutput>(
        'config', ctx.region,
        (NextToken) => new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule.rule, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'], Limit: 100, NextToken }),
        (p) => p.NextToken,
      );
      if (!answer.ok) {
        failed(ctx, `rule ${rule.rule}'s verdicts per resource`, answer);
        return [];
      }
      return answer.pages.flatMap((p) => p.EvaluationResults ?? []).flatMap((e) => evaluationOf(e, rule, ctx));
    });
    ctx.configEvidence({ rules, packs, evaluations: details.flat() });
    return [];
  },
};
