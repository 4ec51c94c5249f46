import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { deniesRecoveryPointDeletion, documentFact } from '../../../model/policy.js';
import { frequencyHours } from '../../../model/backup-schedule.js';
import type { ResourceInstance } from '../module.js';
import { append, block, blocks, field, listOf, regionOf } from './support.js';
import { attr, type MapperSet, type PrimaryMapper } from './types.js';

/** AWS Backup plans, selections and vaults; Redshift clusters; DMS replication instances; Elastic Beanstalk environments. */

const named = (key: string) => (attributes: ValueObject, instance: ResourceInstance): string => (typeof attributes[key] === 'string' ? (attributes[key] as string) : instance.address);

function planRules(instance: ResourceInstance): Value {
  const rules = blocks(instance.attributes.rule);
  if (isUnknown(rules)) return rules;
  return (rules as ValueObject[]).map((rule) => {
    const schedule = rule.schedule ?? null;
    return {
      name: rule.rule_name ?? null,
      schedule,
      frequency_hours: frequencyHours(schedule),
      retention_days: field(block(rule.lifecycle), 'delete_after', null),
      target_vault: rule.target_vault_name ?? null,
    };
  });
}

const plan: PrimaryMapper = {
  kind: 'aws.backup.plan',
  attributes: (instance) => ({
    name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
    rules: planRules(instance),
    selections: [],
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: named('name'),
};

const OPERATORS: Record<string, string> = { string_equals: 'equals', string_not_equals: 'not_equals', string_like: 'like', string_not_like: 'not_like' };

/** `condition { string_equals { key, value } ... }` as a flat list of conditions. */
function conditionsOf(value: Value | undefined): Value {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  const out: Value[] = [];
  for (const condition of list as ValueObject[]) {
    for (const [name, operator] of Object.entries(OPERATORS)) {
      const entries = blocks(condition[name]);
      if (isUnknown(entries)) {
        out.push(entries);
        continue;
      }
      for (const entry of entries as ValueObject[]) out.push({ operator, key: entry.key ?? null, value: entry.value ?? null });
    }
  }
  return out;
}

function tagsOf(value: Value | undefined): Value {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  return (list as ValueObject[]).map((tag) =>
    tag.type === undefined || tag.type === 'STRINGEQUALS' ? { key: tag.key ?? null, value: tag.value ?? null } : unknown(`selection_tag type ${String(tag.type)} is not one Vigil reads`),
  );
}

const vault: PrimaryMapper = {
  kind: 'aws.backup.vault',
  attributes: (instance) => ({
    name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
    kms_key_arn: attr(instance, 'kms_key_arn', null),
    locked: false,
    min_retention_days: null,
    denies_manual_deletion: false,
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: named('name'),
  identity: (attributes) => (typeof attributes.name === 'string' ? attributes.name : undefined),
};

/** require_ssl of the parameter group a cluster names: the default group leaves it false. */
function requireSsl(instance: ResourceInstance): Value {
  const name = instance.attributes.cluster_parameter_group_name;
  if (name === undefined || name === null || (typeof name === 'string' && name.startsWith('default.'))) return false;
  const group = instance.referenced?.cluster_parameter_group_name;
  if (!isValueObject(group)) return unknown(`${instance.address}: the parameter group ${typeof name === 'string' ? name : 'it names'} is not in the scanned configuration`);
  const parameters = blocks(group.parameter);
  if (isUnknown(parameters)) return parameters;
  const setting = (parameters as ValueObject[]).find((p) => p.name === 'require_ssl');
  if (!setting) return false;
  const value = setting.value;
  return isUnknown(value) ? value : String(value).toLowerCase() === 'true';
}

const leftOut = (instance: ResourceInstance, name: string, v5: string, v6: string): Value =>
  attr(instance, name, unknown(`${instance.address}.${name} is left out: AWS provider v5 defaults it to ${v5}, v6 to ${v6}`));

const redshift: PrimaryMapper = {
  kind: 'aws.redshift.cluster',
  attributes: (instance) => {
    const logging = block(instance.attributes.logging);
    return {
      identifier: attr(instance, 'cluster_identifier', unknown(`${instance.address}.cluster_identifier is not set`)),
      node_type: attr(instance, 'node_type', null),
      encrypted: leftOut(instance, 'encrypted', 'false', 'true'),
      kms_key_id: attr(instance, 'kms_key_id', null),
      publicly_accessible: leftOut(instance, 'publicly_accessible', 'true', 'false'),
      automated_snapshot_retention_period: attr(instance, 'automated_snapshot_retention_period', 1),
      allow_version_upgrade: attr(instance, 'allow_version_upgrade', true),
      preferred_maintenance_window: attr(instance, 'preferred_maintenance_window', null),
      logging_enabled: field(logging, 'enable', false),
      parameter_group_name: attr(instance, 'cluster_parameter_group_name', 'default.redshift-1.0'),
      require_ssl: requireSsl(instance),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('identifier'),
};

const replicationInstance: PrimaryMapper = {
  kind: 'aws.dms.replication_instance',
  attributes: (instance) => ({
    identifier: attr(instance, 'replication_instance_id', unknown(`${instance.address}.replication_instance_id is not set`)),
    // Left out, CreateReplicationInstance makes the instance public.
    publicly_accessible: attr(instance, 'publicly_accessible', true),
    region: regionOf(instance),
    tags: attr(instance, 'tags', {}),
  }),
  name: named('identifier'),
};

/** The value of one `setting { namespace, name, value }` block; `fallback` when none sets it. */
function setting(instance: ResourceInstance, namespace: string, name: string, fallback: Value): Value {
  const settings = blocks(instance.attributes.setting);
  if (isUnknown(settings)) return settings;
  const found = (settings as ValueObject[]).find((s) => s.namespace === namespace && s.name === name);
  if (found) return found.value ?? fallback;
  const dynamic = (settings as ValueObject[]).find((s) => isUnknown(s.namespace) || isUnknown(s.name));
  return dynamic ? unknown(`${instance.address}: a setting block's namespace or name is not known before apply`) : fallback;
}

const environment: PrimaryMapper = {
  kind: 'aws.elasticbeanstalk.environment',
  attributes: (instance) => {
    const enabled = setting(instance, 'aws:elasticbeanstalk:managedactions', 'ManagedActionsEnabled', false);
    return {
      name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
      managed_actions_enabled: isUnknown(enabled) || typeof enabled === 'boolean' ? enabled : String(enabled).toLowerCase() === 'true',
      update_level: setting(instance, 'aws:elasticbeanstalk:managedactions:platformupdate', 'UpdateLevel', null),
      region: regionOf(instance),
      tags: attr(instance, 'tags', {}),
    };
  },
  name: named('name'),
};

export const BACKUP_WAREHOUSE_MAPPERS: MapperSet = {
  primary: {
    aws_backup_plan: plan,
    aws_backup_vault: vault,
    aws_redshift_cluster: redshift,
    aws_dms_replication_instance: replicationInstance,
    aws_elastic_beanstalk_environment: environment,
  },
  companions: {
    aws_backup_selection: {
      kind: 'aws.backup.plan',
      link: 'plan_id',
      apply(target, companion) {
        append(target, 'selections', {
          name: companion.attributes.name ?? null,
          resources: listOf(companion.attributes.resources),
          not_resources: listOf(companion.attributes.not_resources),
          tags: tagsOf(companion.attributes.selection_tag),
          conditions: conditionsOf(companion.attributes.condition),
        });
      },
    },
    aws_backup_vault_lock_configuration: {
      kind: 'aws.backup.vault',
      link: 'backup_vault_name',
      apply(target, companion) {
        target.locked = true;
        target.min_retention_days = attr(companion, 'min_retention_days', null);
      },
    },
    aws_backup_vault_policy: {
      kind: 'aws.backup.vault',
      link: 'backup_vault_name',
      apply(target, companion) {
        target.denies_manual_deletion = documentFact(companion.attributes.policy, deniesRecoveryPointDeletion, false);
      },
    },
    aws_redshift_logging: {
      kind: 'aws.redshift.cluster',
      link: 'cluster_identifier',
      apply(target) {
        target.logging_enabled = true;
      },
    },
  },
};
