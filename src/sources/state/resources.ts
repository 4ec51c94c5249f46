import type { ResourceInstance } from '../terraform/module.js';
import { foldInstances } from '../terraform/fold.js';
import { TERRAFORM_MAPPERS } from '../terraform/mappers/index.js';
import { SecretRegistry } from '../terraform/secrets.js';
import type { ArgumentReference } from '../terraform/references.js';
import type { Resource, StateProvenance } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { isValueObject, unknown, type Value } from '../../model/value.js';
import type { StateInstance } from './parse.js';

/**
 * Maps a state's instances to model resources with the Terraform source's own mappers and fold:
 * state attributes are the provider schema's, like the configuration's, with the computed ones
 * filled in. What differs is how a companion names its parent: a state holds values, not the
 * references written in the code, so the link is the instance whose ID, ARN or name equals the
 * companion's link value (one it depends on first).
 */

export interface StateMapping {
  resources: Resource[];
  problems: ScanProblem[];
  /** Accounts named by the ARNs (or owner IDs) of the state's resources. */
  accounts: string[];
}

const POSITION = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export function stateResources(instances: StateInstance[], state: string, root: string | undefined): StateMapping {
  const secrets = new SecretRegistry();
  const byValue = new Map<string, string[]>();
  for (const instance of instances) {
    for (const name of ['id', 'arn', 'bucket', 'name']) {
      const value = instance.attributes[name];
      if (typeof value !== 'string' || value === '') continue;
      let list = byValue.get(value);
      if (!list) byValue.set(value, (list = []));
      if (list.length < 8) list.push(instance.address);
    }
  }
  const accounts = new Set<string>();
  const resourceInstances: ResourceInstance[] = instances.map((instance) => {
    const arn = instance.attributes.arn;
    const account = typeof arn === 'string' ? arn.split(':')[4] : undefined;
    if (account) accounts.add(account);
    const links = linksOf(instance, byValue);
    return {
      mode: 'managed',
      type: instance.type,
      name: instance.name,
      address: instance.address,
      ...(instance.key === undefined ? {} : { key: instance.key }),
      attributes: secrets.mask(instance.attributes),
      providerRegion: regionFromArn(arn) ?? unknown(`the state records no region for ${instance.address}`),
      attributeRanges: {},
      file: state,
      range: POSITION,
      moduleCalls: [],
      ...(links ? { links } : {}),
    };
  });
  const folded = foldInstances({ instances: resourceInstances, addressPrefix: '', moduleCalls: [], root: state }, TERRAFORM_MAPPERS);
  const byAddress = new Map(instances.map((i) => [i.address, i]));
  const resources = folded.resources.map((resource) => toStateResource(resource, byAddress.get(resource.id), state, root));
  const problems = folded.problems.map((p) => ({ ...p, message: p.message.replace('the scanned configuration', 'the state'), line: undefined, column: undefined }));
  return { resources, problems, accounts: [...accounts].sort() };
}

/** A companion's link argument (`bucket`, `security_group_id`) as the instance whose value it holds. */
function linksOf(instance: StateInstance, byValue: Map<string, string[]>): Record<string, ArgumentReference> | undefined {
  const name = TERRAFORM_MAPPERS.companions[instance.type]?.link;
  if (name === undefined) return undefined;
  const value = instance.attributes[name];
  if (typeof value !== 'string') return undefined;
  const candidates = (byValue.get(value) ?? []).filter((address) => address !== instance.address);
  const address = candidates.find((c) => instance.dependencies.includes(c) || instance.dependencies.includes(c.replace(/\[[^\]]*\]$/, ''))) ?? candidates[0];
  return { [name]: address === undefined ? { written: JSON.stringify(value) } : { written: JSON.stringify(value), address } };
}

function regionFromArn(arn: Value | undefined): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const region = arn.split(':')[3];
  return region ? region : undefined;
}

function toStateResource(resource: Resource, instance: StateInstance | undefined, state: string, root: string | undefined): Resource {
  const terraform = resource.provenance.source === 'terraform' ? resource.provenance : undefined;
  const provenance: StateProvenance = { source: 'state', address: resource.id, state, parts: terraform?.parts.map((p) => p.address) ?? [] };
  if (root !== undefined) provenance.root = root;
  const arn = instance?.attributes.arn;
  if (typeof arn === 'string' && arn.startsWith('arn:')) {
    provenance.arn = arn;
    const account = arn.split(':')[4];
    if (account) provenance.account = account;
  }
  const id = instance?.attributes.id;
  if (typeof id === 'string' && id !== '') provenance.resourceId = id;
  if (instance?.module) provenance.moduleCalls = moduleCallsOf(instance.module);
  const covers = instance ? innerVolumes(instance) : [];
  if (covers.length > 0) provenance.covers = covers;
  return { kind: resource.kind, id: resource.id, name: resource.name, attributes: resource.attributes, provenance };
}

/** The volumes an instance's `root_block_device` and `ebs_block_device` blocks made. */
function innerVolumes(instance: StateInstance): string[] {
  const ids: string[] = [];
  for (const name of ['root_block_device', 'ebs_block_device']) {
    const list = instance.attributes[name];
    if (!Array.isArray(list)) continue;
    for (const device of list.slice(0, 64)) {
      const id = isValueObject(device) ? device.volume_id : undefined;
      if (typeof id === 'string' && id !== '') ids.push(id);
    }
  }
  return ids;
}

/** `module.a["x"].module.b` → `module.a["x"]`, `module.a["x"].module.b`. */
function moduleCallsOf(module: string): string[] {
  const calls: string[] = [];
  const pattern = /module\.[A-Za-z0-9_-]+(\[[^\]]*\])?/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(module))) calls.push(module.slice(0, match.index + match[0].length));
  return calls;
}
