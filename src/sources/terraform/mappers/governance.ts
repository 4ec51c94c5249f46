import { isAdministratorAccessArn } from '../../../model/managed-policies.js';
import { durationHours, scpFacts } from '../../../model/governance-facts.js';
import { allowsAdmin, documentFact, trustOpen } from '../../../model/policy.js';
import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import type { ResourceInstance } from '../module.js';
import { append, blocks, listOf, regionOf } from './support.js';
import { attr, type CompanionMapper, type MapperSet } from './types.js';

/**
 * Governance: Organizations policies, IAM Identity Center permission sets, IAM roles with their
 * policies, SSM documents, CloudWatch alarms and Auto Scaling groups.
 */

/** Whether a document allows every action on every resource; false without a document. */
const adminDocument = (document: Value | undefined): Value => documentFact(document, allowsAdmin, false);

/** true wins over unknown, unknown over false. */
function either(a: Value | undefined, b: Value): Value {
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}

const adminArn = (arn: Value): Value => (isUnknown(arn) ? unknown(`the managed policy ARN is not known before apply (${arn.reason})`) : isAdministratorAccessArn(arn));

const toPermissionSet = (apply: CompanionMapper['apply']): CompanionMapper => ({ kind: 'aws.ssoadmin.permission_set', link: 'permission_set_arn', apply });
const toRole = (apply: CompanionMapper['apply']): CompanionMapper => ({ kind: 'aws.iam.role', link: 'role', apply });

function roleInlineNames(instance: ResourceInstance): Value {
  const list = blocks(instance.attributes.inline_policy);
  if (isUnknown(list)) return list;
  return (list as ValueObject[]).filter((b) => b.policy !== undefined && b.policy !== null).map((b, i) => b.name ?? `${instance.address}.inline_policy[${i}]`);
}

function roleAdmin(instance: ResourceInstance): Value {
  let verdict: Value = false;
  const arns = listOf(instance.attributes.managed_policy_arns);
  if (isUnknown(arns)) verdict = unknown(`${instance.address}.managed_policy_arns is not known before apply`);
  else if (Array.isArray(arns)) for (const arn of arns) verdict = either(verdict, adminArn(arn));
  const list = blocks(instance.attributes.inline_policy);
  if (isUnknown(list)) return either(verdict, list);
  for (const b of list as ValueObject[]) verdict = either(verdict, adminDocument(b.policy ?? undefined));
  return verdict;
}

/** SSM `permissions = { type = "Share", account_ids = "all" or "111…,222…" }`. */
function sharedWith(instance: ResourceInstance): Value {
  const permissions = instance.attributes.permissions;
  if (permissions === undefined || permissions === null) return [];
  if (isUnknown(permissions)) return permissions;
  if (!isValueObject(permissions)) return [];
  const ids = permissions.account_ids;
  if (isUnknown(ids)) return ids;
  if (typeof ids !== 'string') return [];
  return ids.split(',').map((id) => id.trim()).filter(Boolean);
}

function loadBalanced(instance: ResourceInstance): Value {
  const lists = [listOf(instance.attributes.load_balancers), listOf(instance.attributes.target_group_arns)];
  if (lists.some((l) => Array.isArray(l) && l.length > 0)) return true;
  const pending = lists.find(isUnknown);
  if (pending) return pending;
  const traffic = blocks(instance.attributes.traffic_source);
  if (isUnknown(traffic)) return traffic;
  return (traffic as ValueObject[]).length > 0;
}

export const GOVERNANCE_MAPPERS: MapperSet = {
  primary: {
    aws_organizations_policy: {
      kind: 'aws.organizations.policy',
      attributes: (instance) => ({
        name: attr(instance, 'name', null),
        policy_type: attr(instance, 'type', 'SERVICE_CONTROL_POLICY'),
        aws_managed: false,
        // Attachments fold in.
        attached: false,
        targets: [],
        ...scpFacts(instance.attributes.content ?? undefined),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
    aws_organizations_organization: {
      kind: 'aws.organizations.organization',
      attributes: (instance) => {
        const types = listOf(instance.attributes.enabled_policy_types);
        return {
          scp_enabled: Array.isArray(types) ? types.includes('SERVICE_CONTROL_POLICY') : types,
          // The configuration's attached service control policies join after folding (organization.ts).
          scps: [],
        };
      },
      name: () => 'organization',
    },
    aws_ssoadmin_permission_set: {
      kind: 'aws.ssoadmin.permission_set',
      attributes: (instance) => {
        const duration = attr(instance, 'session_duration', 'PT1H');
        return {
          name: attr(instance, 'name', null),
          session_duration: duration,
          session_duration_hours: durationHours(duration),
          managed_policies: [],
          grants_admin: false,
          group_assignments: [],
          tags: attr(instance, 'tags', {}),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
    aws_iam_role: {
      kind: 'aws.iam.role',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
        path: attr(instance, 'path', '/'),
        trust_open: documentFact(instance.attributes.assume_role_policy ?? undefined, trustOpen, false),
        attached_policies: listOf(instance.attributes.managed_policy_arns),
        inline_policies: roleInlineNames(instance),
        allows_admin: roleAdmin(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
    aws_ssm_document: {
      kind: 'aws.ssm.document',
      attributes: (instance) => ({
        name: attr(instance, 'name', null),
        document_type: attr(instance, 'document_type', null),
        shared_with: sharedWith(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
    aws_cloudwatch_metric_alarm: {
      kind: 'aws.cloudwatch.alarm',
      attributes: (instance) => ({
        name: attr(instance, 'alarm_name', null),
        actions_enabled: attr(instance, 'actions_enabled', true),
        alarm_actions: listOf(instance.attributes.alarm_actions),
        ok_actions: listOf(instance.attributes.ok_actions),
        insufficient_data_actions: listOf(instance.attributes.insufficient_data_actions),
        region: regionOf(instance),
        tags: attr(instance, 'tags', {}),
      }),
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
    },
    aws_autoscaling_group: {
      kind: 'aws.autoscaling.group',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
        health_check_type: attr(instance, 'health_check_type', 'EC2'),
        load_balanced: loadBalanced(instance),
        launch_configuration: attr(instance, 'launch_configuration', null),
        region: regionOf(instance),
        tags: {},
      }),
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
  },
  companions: {
    aws_organizations_policy_attachment: {
      kind: 'aws.organizations.policy',
      link: 'policy_id',
      apply(target, companion) {
        target.attached = true;
        append(target, 'targets', attr(companion, 'target_id', unknown(`${companion.address}.target_id is not set`)));
      },
    },
    aws_ssoadmin_managed_policy_attachment: toPermissionSet((target, companion) => {
      const arn = attr(companion, 'managed_policy_arn', unknown(`${companion.address}.managed_policy_arn is not set`));
      append(target, 'managed_policies', arn);
      target.grants_admin = either(target.grants_admin, adminArn(arn));
    }),
    aws_ssoadmin_permission_set_inline_policy: toPermissionSet((target, companion) => {
      target.grants_admin = either(target.grants_admin, adminDocument(companion.attributes.inline_policy ?? undefined));
    }),
    aws_ssoadmin_account_assignment: toPermissionSet((target, companion) => {
      const type = attr(companion, 'principal_type', null);
      if (type === 'USER') return;
      append(target, 'group_assignments', isUnknown(type)
        ? type
        : { principal_id: attr(companion, 'principal_id', null), account_id: attr(companion, 'target_id', null) });
    }),
    aws_iam_role_policy: toRole((target, companion) => {
      append(target, 'inline_policies', attr(companion, 'name', companion.address));
      target.allows_admin = either(target.allows_admin, adminDocument(companion.attributes.policy ?? undefined));
    }),
    aws_iam_role_policy_attachment: toRole((target, companion) => {
      const arn = attr(companion, 'policy_arn', unknown(`${companion.address}.policy_arn is not set`));
      append(target, 'attached_policies', arn);
      target.allows_admin = either(target.allows_admin, adminArn(arn));
    }),
    aws_autoscaling_attachment: {
      kind: 'aws.autoscaling.group',
      link: 'autoscaling_group_name',
      apply(target) {
        target.load_balanced = true;
      },
    },
  },
};
