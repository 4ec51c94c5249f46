import { allowsAdmin, documentFact, kmsActionsOnAllKeys, wildcardServiceActions } from '../../../model/policy.js';
import { unknown, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { append } from './support.js';
import { attr, type CompanionMapper, type MapperSet, type PrimaryMapper } from './types.js';

/** IAM users with their credentials and attachments, policy documents, and the password policy. */

const inlinePolicy = (owner: string): PrimaryMapper => ({
  kind: 'aws.iam.policy',
  attributes: (instance) => {
    const document = instance.attributes.policy;
    return {
      name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
      policy_type: owner === '' ? 'managed' : 'inline',
      attached_to: owner === '' ? null : attr(instance, owner, null),
      allows_admin: documentFact(document, allowsAdmin, false),
      wildcard_service_actions: documentFact(document, wildcardServiceActions, []),
      kms_actions_on_all_keys: documentFact(document, kmsActionsOnAllKeys, []),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: (attributes, instance) => (typeof attributes.name === 'string' ? attributes.name : instance.address),
});

const toUser = (apply: (target: ValueObject, companion: ResourceInstance) => void): CompanionMapper => ({
  kind: 'aws.iam.user',
  link: 'user',
  apply,
});

export const IAM_MAPPERS: MapperSet = {
  primary: {
    aws_iam_account_password_policy: {
      kind: 'aws.iam.password_policy',
      attributes: (instance) => ({
        exists: true,
        minimum_password_length: attr(instance, 'minimum_password_length', 6),
        require_uppercase_characters: attr(instance, 'require_uppercase_characters', false),
        require_lowercase_characters: attr(instance, 'require_lowercase_characters', false),
        require_numbers: attr(instance, 'require_numbers', false),
        require_symbols: attr(instance, 'require_symbols', false),
        password_reuse_prevention: attr(instance, 'password_reuse_prevention', null),
        max_password_age: attr(instance, 'max_password_age', null),
      }),
      name: (_a, instance) => instance.address,
    },
    aws_iam_user: {
      kind: 'aws.iam.user',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
        console_access: false,
        mfa_enabled: unknown('Terraform cannot activate an MFA device; only a live account shows it'),
        password_last_used_days: null,
        access_keys: [],
        attached_policies: [],
        inline_policies: [],
        tags: attr(instance, 'tags', {}),
      }),
      name: (attributes, instance) => (typeof attributes.name === 'string' ? attributes.name : instance.address),
      identity: (attributes) => (typeof attributes.name === 'string' ? attributes.name : undefined),
    },
    aws_iam_policy: inlinePolicy(''),
    aws_iam_user_policy: inlinePolicy('user'),
    aws_iam_group_policy: inlinePolicy('group'),
    aws_iam_role_policy: inlinePolicy('role'),
  },
  companions: {
    aws_iam_user_login_profile: toUser((target) => {
      target.console_access = true;
    }),
    aws_iam_access_key: toUser((target, companion) => {
      const status = attr(companion, 'status', 'Active');
      append(target, 'access_keys', {
        id: unknown(`${companion.address}.id is created on apply`),
        active: status === 'Active',
        age_days: 0,
        last_used_days: 0,
      });
    }),
    aws_iam_user_policy: toUser((target, companion) => {
      append(target, 'inline_policies', attr(companion, 'name', companion.address));
    }),
    aws_iam_user_policy_attachment: toUser((target, companion) => {
      append(target, 'attached_policies', attr(companion, 'policy_arn', unknown(`${companion.address}.policy_arn is not set`)));
    }),
  },
};
