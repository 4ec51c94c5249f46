import type { Resource } from '../../model/resource.js';
import { unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * The organisation as one configuration's service control policies guard it. The SCPs of a root
 * fold into the aws_organizations_organization it declares; a configuration that manages SCPs
 * without the organisation (a separate guardrails stack) gets one organisation resource at its
 * first SCP's block, where an SCP this configuration does not attach is unknown (another stack
 * may attach it) rather than left out.
 */

const FACTS = ['denies_leave_organization', 'denies_cloudtrail_changes', 'denies_guardduty_changes', 'denies_config_changes', 'allowed_regions'] as const;

function entry(scp: Resource): ValueObject {
  const out: ValueObject = { name: scp.attributes.name ?? scp.name };
  for (const fact of FACTS) out[fact] = scp.attributes[fact] ?? null;
  return out;
}

/** Fills the organisations among `resources` (one root's) and returns the one it had to add, if any. */
export function organizationGuardrails(resources: readonly Resource[]): Resource[] {
  const scps = resources.filter((r) => r.kind === 'aws.organizations.policy' && r.attributes.policy_type === 'SERVICE_CONTROL_POLICY');
  const organizations = resources.filter((r) => r.kind === 'aws.organizations.organization');
  if (scps.length === 0 && organizations.length === 0) return [];
  const attached = scps.filter((scp) => scp.attributes.attached === true).map(entry);
  for (const organization of organizations) organization.attributes.scps = attached;
  if (organizations.length > 0 || scps.length === 0) return [];
  const first = scps[0]!;
  const scpsValue: Value[] = [
    ...attached,
    ...scps
      .filter((scp) => scp.attributes.attached !== true)
      .map((scp) => unknown(`${scp.id} is not attached in this configuration; another stack may attach it`)),
  ];
  return [
    {
      kind: 'aws.organizations.organization',
      id: `${first.id}#organization`,
      name: 'organization (the service control policies of this configuration)',
      attributes: { scp_enabled: unknown('the organisation is not declared in this configuration'), scps: scpsValue },
      provenance: first.provenance,
    },
  ];
}
