import { allowsAdmin, documentFact, kmsActionsOnAllKeys, wildcardServiceActions } from '../../model/policy.js';
import { ADMINISTRATOR_ACCESS, isAdministratorAccessArn } from '../../model/managed-policies.js';
import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../model/value.js';
import type { Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { foldInstances, type FoldInput } from './fold.js';
import type { ResourceInstance } from './module.js';
import type { MapperSet, PrimaryMapper } from './mappers/types.js';

/**
 * Policy documents a configuration grants without declaring them as policies: the AWS-managed
 * AdministratorAccess attached to a user, group or role (`aws_iam_*_policy_attachment`,
 * `aws_iam_policy_attachment`), and the `inline_policy` blocks of an `aws_iam_role`. Each becomes
 * an aws.iam.policy at the block that grants it, judged as the live account's are.
 */

const ATTACHMENTS: Record<string, string[]> = {
  aws_iam_user_policy_attachment: ['user'],
  aws_iam_group_policy_attachment: ['group'],
  aws_iam_role_policy_attachment: ['role'],
  aws_iam_policy_attachment: ['users', 'groups', 'roles'],
};

/** Whom an attachment grants the policy to: `role/ops`, or the address when the name is unknown. */
function grantees(instance: ResourceInstance): Value {
  const names: string[] = [];
  for (const argument of ATTACHMENTS[instance.type] ?? []) {
    const value = instance.attributes[argument];
    const kind = argument.replace(/s$/, '');
    for (const item of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) {
      if (typeof item === 'string') names.push(`${kind}/${item}`);
      else if (isUnknown(item)) names.push(`${kind}/${item.origin ?? 'not known before apply'}`);
    }
  }
  return names.length === 0 ? unknown(`${instance.address}: no user, group or role is named`) : names.join(', ');
}

function policyFacts(document: Value): ValueObject {
  return {
    allows_admin: documentFact(document, allowsAdmin, false),
    wildcard_service_actions: documentFact(document, wildcardServiceActions, []),
    kms_actions_on_all_keys: documentFact(document, kmsActionsOnAllKeys, []),
  };
}

const attachment: PrimaryMapper = {
  kind: 'aws.iam.policy',
  attributes: (instance) => ({
    name: ADMINISTRATOR_ACCESS.name,
    policy_type: 'aws-managed',
    attached_to: grantees(instance),
    ...policyFacts(ADMINISTRATOR_ACCESS.document),
    tags: {},
  }),
  name: (_a, instance) => `${ADMINISTRATOR_ACCESS.name} attached by ${instance.address}`,
};

const roleInline: PrimaryMapper = {
  kind: 'aws.iam.policy',
  attributes: (instance) => ({
    name: instance.attributes.name ?? unknown(`${instance.address}: the inline policy's name is generated on apply`),
    policy_type: 'inline',
    attached_to: instance.attributes.role ?? null,
    ...policyFacts(instance.attributes.policy ?? null),
    tags: {},
  }),
  name: (attributes, instance) => (typeof attributes.name === 'string' ? `${String(instance.attributes.role)}/${attributes.name}` : instance.address),
};

const MAPPERS: MapperSet = {
  primary: { ...Object.fromEntries(Object.keys(ATTACHMENTS).map((type) => [type, attachment])), role_inline_policy: roleInline },
  companions: {},
};

/** The inline_policy blocks of a role, each as an instance of its own at the role's block. */
function roleInlinePolicies(role: ResourceInstance): ResourceInstance[] {
  const blocks = role.attributes.inline_policy;
  if (!Array.isArray(blocks)) return [];
  const roleName: Value = role.attributes.name ?? unknown(`${role.address}.name is generated on apply`);
  return blocks.filter(isValueObject).map((block, index) => ({
    ...role,
    type: 'role_inline_policy',
    address: `${role.address}.inline_policy[${index}]`,
    attributes: { name: block.name ?? null, policy: block.policy ?? null, role: typeof roleName === 'string' ? `role/${roleName}` : roleName },
  }));
}

/** The policies the instances of one root grant through attachments and role inline blocks. */
export function derivedPolicies(instances: readonly ResourceInstance[], fold: Omit<FoldInput, 'instances'>): { resources: Resource[]; problems: ScanProblem[] } {
  const derived: ResourceInstance[] = [];
  for (const instance of instances) {
    if (ATTACHMENTS[instance.type] && isAdministratorAccessArn(instance.attributes.policy_arn)) derived.push(instance);
    else if (instance.type === 'aws_iam_role') for (const inline of roleInlinePolicies(instance)) derived.push(inline);
  }
  if (derived.length === 0) return { resources: [], problems: [] };
  return foldInstances({ ...fold, instances: derived }, MAPPERS);
}
