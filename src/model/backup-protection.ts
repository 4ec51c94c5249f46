import type { NotInventoried } from './inventory.js';
import type { Resource } from './resource.js';
import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from './value.js';

/**
 * Marks every resource AWS Backup can protect with `in_backup_plan`: whether some backup plan's
 * selection covers it. A selection names resources by ARN (wildcards allowed), by tag, or both,
 * with conditions every selected resource must meet and NotResources that exclude. Live resources
 * are matched by their ARN against the plans of their own account and region; Terraform resources
 * by the reference a selection writes (`aws_db_instance.x.arn`), by the ARN a literal name gives,
 * or by tags. A selection that cannot be resolved offline leaves the answer unknown unless another
 * selection certainly covers the resource: a guess never passes.
 */

export const BACKUP_PROTECTED_KINDS: Readonly<Record<string, { service: string; type: string; nameAttribute: string }>> = {
  'aws.rds.db_instance': { service: 'rds', type: 'db:', nameAttribute: 'identifier' },
  'aws.rds.db_cluster': { service: 'rds', type: 'cluster:', nameAttribute: 'identifier' },
  'aws.dynamodb.table': { service: 'dynamodb', type: 'table/', nameAttribute: 'name' },
  'aws.ec2.volume': { service: 'ec2', type: 'volume/', nameAttribute: '' },
  'aws.ec2.instance': { service: 'ec2', type: 'instance/', nameAttribute: '' },
  'aws.efs.file_system': { service: 'elasticfilesystem', type: 'file-system/', nameAttribute: '' },
};

type Truth = boolean | ReturnType<typeof unknown>;

interface Candidate {
  resource: Resource;
  /** The ARN when known (live), else undefined. */
  arn?: string;
  /** Terraform: the address a selection's reference would name. */
  address?: string;
  service: string;
  type: string;
  /** Terraform: the literal name, from which the ARN would end in `type + name`. */
  name?: string;
  /**
   * A launch configuration stands for the instances it launches: their ARNs are not known, and
   * their tags are their Auto Scaling group's, not the configuration's (which has none).
   */
  tagsFromGroup?: boolean;
}

const MAX_SELECTIONS = 10_000;

export function markBackupProtection(resources: readonly Resource[], gaps: readonly NotInventoried[] = []): void {
  const plans = resources.filter((r) => r.kind === 'aws.backup.plan');
  for (const resource of resources) {
    const spec = BACKUP_PROTECTED_KINDS[resource.kind];
    if (!spec) continue;
    const p = resource.provenance;
    const candidate: Candidate = { resource, service: spec.service, type: spec.type };
    let scoped = plans;
    if (p.source === 'aws') {
      candidate.arn = p.arn;
      const gap = gaps.find((g) => g.account === p.account && (g.region === p.region || g.region === '*') && g.kinds.includes('aws.backup.plan'));
      if (gap) {
        resource.attributes.in_backup_plan = unknown(`backup plans could not be listed in ${p.account} ${p.region}: ${gap.reason}`);
        continue;
      }
      scoped = plans.filter((plan) => plan.provenance.source === 'aws' && plan.provenance.account === p.account && plan.provenance.region === p.region);
    } else if (p.source === 'terraform') {
      candidate.address = p.address;
      const name = spec.nameAttribute ? resource.attributes[spec.nameAttribute] : undefined;
      if (typeof name === 'string') candidate.name = name;
      scoped = plans.filter((plan) => plan.provenance.source === 'terraform' && plan.provenance.root === p.root);
    }
    // A selection names instances, never the template or configuration they launch from.
    if (resource.attributes.launched_by === 'launch_template') candidate.address = undefined;
    if (resource.attributes.launched_by === 'launch_configuration') {
      candidate.arn = candidate.address = candidate.name = undefined;
      candidate.tagsFromGroup = true;
    }
    resource.attributes.in_backup_plan = protectedBy(candidate, scoped);
    if (p.source === 'terraform') (p.derived ??= []).push('in_backup_plan');
  }
}

function protectedBy(candidate: Candidate, plans: readonly Resource[]): Truth {
  let pending: ReturnType<typeof unknown> | undefined;
  let seen = 0;
  for (const plan of plans) {
    const selections = plan.attributes.selections;
    if (isUnknown(selections)) {
      pending ??= unknown(`the selections of backup plan ${plan.name} are not known: ${selections.reason}`);
      continue;
    }
    if (!Array.isArray(selections)) continue;
    for (const selection of selections) {
      if (++seen > MAX_SELECTIONS) return unknown('more backup selections than Vigil reads');
      if (isUnknown(selection)) {
        pending ??= unknown(`a selection of backup plan ${plan.name} is not known: ${selection.reason}`);
        continue;
      }
      if (!isValueObject(selection)) continue;
      const verdict = selects(selection, candidate);
      if (verdict === true) return true;
      if (isUnknown(verdict)) pending ??= unknown(`backup selection ${describe(selection)} of plan ${plan.name} cannot be resolved: ${verdict.reason}`);
    }
  }
  return pending ?? false;
}

const describe = (selection: ValueObject): string => (typeof selection.name === 'string' ? `"${selection.name}"` : '(unnamed)');

const or = (items: Truth[]): Truth => (items.includes(true) ? true : (items.find(isUnknown) ?? false));
const and = (items: Truth[]): Truth => (items.includes(false) ? false : (items.find(isUnknown) ?? true));

/** Whether one selection covers the candidate: (resources or tags) and every condition, and no exclusion. */
function selects(selection: ValueObject, c: Candidate): Truth {
  const byResource = listMatch(selection.resources, c);
  const byTag = tagsMatch(selection.tags, c);
  const chosen = or([byResource, byTag]);
  if (chosen === false) return false;
  const conditions = conditionsHold(selection.conditions, c);
  const excluded = listMatch(selection.not_resources, c);
  return and([chosen, conditions, excluded === true ? false : isUnknown(excluded) ? excluded : true]);
}

function listMatch(list: Value | undefined, c: Candidate): Truth {
  if (list === undefined || list === null) return false;
  if (isUnknown(list)) return unknown(`the list of resources is not known: ${list.reason}`);
  if (!Array.isArray(list)) return false;
  return or(list.map((entry) => entryMatch(entry, c)));
}

function entryMatch(entry: Value, c: Candidate): Truth {
  if (isUnknown(entry)) {
    if (entry.origin !== undefined && !/(^|\.)data\./.test(entry.origin)) {
      if (c.address !== undefined && entry.origin === c.address) return true;
      // A reference to another declared resource is an ARN that is not this one's.
      return c.address !== undefined || c.arn !== undefined ? false : unknown(entry.reason);
    }
    return unknown(entry.reason);
  }
  if (typeof entry !== 'string') return false;
  if (c.arn !== undefined) return globMatch(entry, c.arn);
  return patternForTerraform(entry, c);
}

/**
 * An ARN pattern against a resource whose ARN is known only in part before apply: its service and
 * type always, its name when literal. The account of a literal ARN is taken to be the scanned
 * configuration's own; a region that differs from the resource's known region does not match.
 */
function patternForTerraform(pattern: string, c: Candidate): Truth {
  if (pattern === '*') return true;
  const parts = pattern.split(':');
  if (parts.length < 6) return false;
  const [, , service, patternRegion, , ...rest] = parts;
  if (!globMatch(service!, c.service)) return false;
  const region = c.resource.attributes.region;
  if (typeof region === 'string' && patternRegion && !globMatch(patternRegion, region)) return false;
  const resourcePart = rest.join(':');
  const literalPrefix = resourcePart.split('*')[0]!;
  if (!(literalPrefix.startsWith(c.type) || c.type.startsWith(literalPrefix))) return false;
  if (c.name !== undefined) return globMatch(resourcePart, `${c.type}${c.name}`);
  if (resourcePart === '*' || resourcePart === `${c.type}*`) return true;
  if (c.tagsFromGroup) return unknown(`whether the pattern ${pattern} names the instances a launch configuration launches depends on their IDs`);
  return unknown(`whether the pattern ${pattern} names this resource depends on its ID, known only after apply`);
}

/** AWS Backup patterns: `*` matches any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return regex.test(value);
}

const tagKey = (key: string): string => key.replace(/^aws:ResourceTag\//, '');

function tagValue(c: Candidate, key: string): Value | undefined {
  if (c.tagsFromGroup) return unknown('the instances a launch configuration launches take their tags from their Auto Scaling group');
  const tags = c.resource.attributes.tags;
  if (isUnknown(tags)) return tags;
  if (!isValueObject(tags)) return undefined;
  return tags[tagKey(key)];
}

function tagsMatch(list: Value | undefined, c: Candidate): Truth {
  if (list === undefined || list === null) return false;
  if (isUnknown(list)) return unknown(`the tag conditions are not known: ${list.reason}`);
  if (!Array.isArray(list)) return false;
  return or(
    list.map((tag) => {
      if (isUnknown(tag)) return unknown(tag.reason);
      if (!isValueObject(tag) || typeof tag.key !== 'string') return isValueObject(tag) && isUnknown(tag.key) ? unknown(tag.key.reason) : false;
      return compare('equals', tagValue(c, tag.key), tag.value);
    }),
  );
}

function conditionsHold(list: Value | undefined, c: Candidate): Truth {
  if (list === undefined || list === null) return true;
  if (isUnknown(list)) return unknown(`the selection's conditions are not known: ${list.reason}`);
  if (!Array.isArray(list)) return true;
  return and(
    list.map((condition) => {
      if (isUnknown(condition)) return unknown(condition.reason);
      if (!isValueObject(condition)) return true;
      const key = condition.key;
      if (isUnknown(key)) return unknown(key.reason);
      if (typeof key !== 'string') return true;
      return compare(String(condition.operator), tagValue(c, key), condition.value);
    }),
  );
}

function compare(operator: string, actual: Value | undefined, wanted: Value | undefined): Truth {
  if (isUnknown(actual)) return unknown(`the resource's tags are not known: ${actual.reason}`);
  if (isUnknown(wanted)) return unknown(`the tag value the selection wants is not known: ${wanted.reason}`);
  const have = typeof actual === 'string' ? actual : actual === undefined || actual === null ? undefined : String(actual);
  const want = typeof wanted === 'string' ? wanted : String(wanted ?? '');
  switch (operator) {
    case 'equals':
      return have === want;
    case 'not_equals':
      return have !== want;
    case 'like':
      return have !== undefined && globMatch(want, have);
    case 'not_like':
      return have === undefined || !globMatch(want, have);
    default:
      return unknown(`the condition operator ${operator} is not one Vigil reads`);
  }
}
