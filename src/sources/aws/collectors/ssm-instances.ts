import {
  DescribeInstanceInformationCommand,
  ListResourceComplianceSummariesCommand,
  type DescribeInstanceInformationCommandOutput,
  type ListResourceComplianceSummariesCommandOutput,
} from '@aws-sdk/client-ssm';
import type { ApiEvidence } from '../../../model/resource.js';
import type { Value, ValueObject } from '../../../model/value.js';
import { unknownFrom } from '../session.js';
import type { CollectContext } from './support.js';

/**
 * What Systems Manager knows of the region's instances: which it manages, and the compliance of
 * their State Manager associations and patches. A denied or failed call leaves those facts
 * unknown on every instance; the instances themselves are still judged on everything else.
 */
export async function ssmInstanceFacts(ctx: CollectContext): Promise<{ facts: (instanceId: string) => ValueObject; answers: Array<{ evidence: ApiEvidence[] }> }> {
  const managed = await ctx.session.paginate<DescribeInstanceInformationCommandOutput>(
    'ssm', ctx.region, (NextToken) => new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken }), (p) => p.NextToken,
  );
  const compliance = (type: string) =>
    ctx.session.paginate<ListResourceComplianceSummariesCommandOutput>(
      'ssm', ctx.region,
      (NextToken) => new ListResourceComplianceSummariesCommand({ Filters: [{ Key: 'ComplianceType', Values: [type], Type: 'EQUAL' }], MaxResults: 50, NextToken }),
      (p) => p.NextToken,
    );
  const [association, patch] = await Promise.all([compliance('Association'), compliance('Patch')]);
  const ids = new Set(managed.ok ? managed.pages.flatMap((p) => p.InstanceInformationList ?? []).map((i) => i.InstanceId ?? '') : []);
  const statusOf = (answer: typeof association): Map<string, string> =>
    new Map(answer.ok ? answer.pages.flatMap((p) => p.ResourceComplianceSummaryItems ?? []).filter((i) => i.ResourceType === 'ManagedInstance' || i.ResourceType === undefined).map((i) => [i.ResourceId ?? '', i.Status ?? '']) : []);
  const associations = statusOf(association);
  const patches = statusOf(patch);
  const fact = (answer: typeof association, map: Map<string, string>, id: string): Value => (answer.ok ? (map.get(id) ?? null) : unknownFrom(answer));
  return {
    facts: (id) => ({
      ssm_managed: managed.ok ? ids.has(id) : unknownFrom(managed),
      ssm_association_compliance: fact(association, associations, id),
      ssm_patch_compliance: fact(patch, patches, id),
    }),
    answers: [managed, association, patch].map((a) => ({ evidence: Array.isArray(a.evidence) ? a.evidence : [a.evidence] })),
  };
}
