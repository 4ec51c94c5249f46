import type { Range } from './ast.js';
import type { ResourceInstance } from './module.js';
import type { MapperSet } from './mappers/index.js';
import type { Resource, SourceLocation, TerraformProvenance } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { isUnknown, type Value, type ValueObject } from '../../model/value.js';
import { givenBy, kindNoun, orphanAttributes, restLast, unknownRest } from './orphans.js';

/**
 * Folds Terraform resource instances into model resources: each primary instance becomes one
 * resource, and each companion (encryption configuration, public access block, separate
 * security group rule) is merged into the resource it references, by the reference written in
 * its link argument, else by name when that is a literal. A companion whose resource is not in
 * the configuration stands for it on its own (see orphans.ts).
 */

export function toLocation(file: string, range: Range): SourceLocation {
  return {
    file,
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

export interface FoldInput {
  /** Instances of one whole module tree, so companions in a caller fold into a module's resources. */
  instances: ResourceInstance[];
  /** Prefix for instance addresses that do not carry their module path yet; empty when they do. */
  addressPrefix: string;
  /** Module calls for instances that do not list their own. */
  moduleCalls: string[];
  /** Set when the tree is a module folder evaluated on its own with its defaults (see TerraformProvenance). */
  moduleDefaults?: string;
  /** Set when the instances come from a plan file. */
  plan?: string;
  /** The root module folder (or plan file), as reports show it: part of each resource's identity. */
  root?: string;
  /**
   * When given, receives for each instance's address the resources it became or folded into (a
   * primary's own, a companion's target or stand-in), so coverage can tell which blocks were judged.
   */
  placed?: Map<string, Resource[]>;
}

/** One resource block instance of the configuration and the model resources it became or folded into (none when no mapper reads its type). */
export interface TerraformBlock {
  type: string;
  resources: Resource[];
}

/** Every managed instance with what it was placed into; a role's inline policies count for the role's block. */
export function blocksOf(instances: readonly ResourceInstance[], placed: Map<string, Resource[]>): TerraformBlock[] {
  const inline = new Map<string, Resource[]>();
  for (const [address, list] of placed) {
    const match = /^(.*)\.inline_policy\[\d+\]$/.exec(address);
    if (match) inline.set(match[1]!, [...(inline.get(match[1]!) ?? []), ...list]);
  }
  return instances.filter((i) => i.mode === 'managed').map((i) => ({ type: i.type, resources: [...(placed.get(i.address) ?? []), ...(inline.get(i.address) ?? [])] }));
}

function place(input: FoldInput, instance: ResourceInstance, resource: Resource): void {
  if (!input.placed) return;
  const list = input.placed.get(instance.address);
  if (list) list.push(resource);
  else input.placed.set(instance.address, [resource]);
}

export function foldInstances(input: FoldInput, mappers: MapperSet): { resources: Resource[]; problems: ScanProblem[] } {
  const resources: Resource[] = [];
  const problems: ScanProblem[] = [];
  const byAddress = new Map<string, Resource>();
  const byIdentity = new Map<string, Resource>();

  for (const instance of input.instances) {
    const mapper = mappers.primary[instance.type];
    if (!mapper) continue;
    const attributes = mapper.attributes(instance);
    const address = input.addressPrefix + instance.address;
    const resource: Resource = {
      kind: mapper.kind,
      id: address,
      name: mapper.name(attributes, instance),
      attributes,
      provenance: provenanceOf(input, instance, address),
    };
    resources.push(resource);
    place(input, instance, resource);
    byAddress.set(address, resource);
    const identity = mapper.identity?.(attributes);
    if (identity !== undefined) byIdentity.set(`${mapper.kind}:${identity}`, resource);
  }

  const companions = new Map<string, ResourceInstance>();
  const companionOf = (instance: ResourceInstance) => {
    const companion = mappers.companions[instance.type];
    return companion && companion.applies?.(instance) !== false ? companion : undefined;
  };
  for (const instance of input.instances) if (companionOf(instance)) companions.set(instance.address, instance);

  /**
   * The resource a companion configures: the one its link argument is written as a reference to
   * (whatever that resource's attribute evaluates to), else the one whose literal identity it
   * names. A link to another companion of the same kind is followed to that one's target:
   * terraform-aws-modules orders S3 settings by linking `bucket = aws_s3_bucket_policy.this[0].id`,
   * whose id is the bucket's name.
   */
  const targetOf = (instance: ResourceInstance, kind: string, seen: Set<string>): Resource | undefined => {
    const companion = mappers.companions[instance.type]!;
    const link: Value | undefined = instance.attributes[companion.link];
    const referenced = instance.links?.[companion.link]?.address ?? (isUnknown(link) ? link.origin : undefined);
    if (referenced !== undefined) {
      const primary = byAddress.get(input.addressPrefix + referenced) ?? byAddress.get(referenced);
      if (primary) return primary;
      const via = companions.get(referenced);
      if (via && !seen.has(via.address) && mappers.companions[via.type]!.kind === kind) {
        seen.add(via.address);
        return targetOf(via, kind, seen) ?? orphanOf(via);
      }
    }
    return typeof link === 'string' ? byIdentity.get(`${kind}:${link}`) : undefined;
  };

  /** The resource standing for a companion's parent that is not in the scanned configuration. */
  const orphans = new Map<string, Resource>();
  const orphanOf = (instance: ResourceInstance): Resource => {
    const known = orphans.get(instance.address);
    if (known) return known;
    const companion = mappers.companions[instance.type]!;
    const link = instance.attributes[companion.link];
    const reference = instance.links?.[companion.link];
    const given = givenBy(reference?.written, link);
    const noun = kindNoun(companion.kind);
    const address = input.addressPrefix + instance.address;
    // A reference that resolved names a resource of the configuration Vigil does not read as the parent's kind.
    const parent = reference?.address === undefined ? 'not in the scanned configuration' : `${reference.address}, which Vigil does not read as a ${noun}`;
    const resource: Resource = {
      kind: companion.kind,
      id: address,
      name: typeof link === 'string' ? link : address,
      attributes: orphanAttributes(companion.kind, unknownRest(`the ${noun} given by ${given} is ${parent}`), instance),
      provenance: provenanceOf(input, instance, address),
    };
    orphans.set(instance.address, resource);
    resources.push(resource);
    problems.push({
      severity: 'warning',
      file: instance.file,
      line: instance.range.start.line,
      column: instance.range.start.column,
      message: `${address}: ${companion.link} = ${given} names a ${noun} ${reference?.address === undefined ? 'that is not in the scanned configuration' : `that is ${parent}`}; this block's own settings are judged anyway, as that ${noun} at this address, and what only the ${noun} could tell is unknown`,
    });
    return resource;
  };

  for (const instance of input.instances) {
    const companion = companionOf(instance);
    if (!companion) continue;
    const linked = targetOf(instance, companion.kind, new Set([instance.address]));
    const target = linked && (linked.kind === companion.kind || companion.alsoKinds?.includes(linked.kind)) ? linked : orphanOf(instance);
    place(input, instance, target);
    const before = snapshot(target.attributes);
    companion.apply(target.attributes, instance);
    if (target === orphans.get(instance.address)) continue;
    (target.provenance as TerraformProvenance).parts.push({
      address: input.addressPrefix + instance.address,
      location: toLocation(instance.file, instance.range),
      paths: changedPaths(before, target.attributes),
    });
  }
  for (const orphan of orphans.values()) restLast(orphan.attributes);
  return { resources, problems };
}

function provenanceOf(input: FoldInput, instance: ResourceInstance, address: string): TerraformProvenance {
  const provenance: TerraformProvenance = {
    source: 'terraform',
    address,
    location: toLocation(instance.file, instance.range),
    parts: [],
    root: input.root,
  };
  // Optional fields are set, not spread in: spreading sends every resource down a slow path.
  Object.assign(provenance, moduleProvenance(input, instance));
  if (instance.expansionUnknown) provenance.expansionUnknown = instance.expansionUnknown;
  if (input.moduleDefaults) provenance.moduleDefaults = input.moduleDefaults;
  if (input.plan) provenance.plan = input.plan;
  return provenance;
}

/** The top-level attribute values before a companion applies, to see afterwards what it set. */
function snapshot(attributes: ValueObject): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const key in attributes) values.set(key, attributes[key]!);
  return values;
}

/**
 * What a companion set: a list it appended to by the new elements' indexes (`ingress[3]`), any
 * other attribute it replaced by name. Companions replace what they change, never edit in place.
 */
function changedPaths(before: Map<string, Value>, after: ValueObject): string[] {
  const paths: string[] = [];
  for (const key in after) {
    const value = after[key]!;
    const previous = before.get(key);
    if (value === previous) continue;
    if (Array.isArray(value) && Array.isArray(previous) && value.length > previous.length && previous.every((item, i) => value[i] === item)) {
      for (let i = previous.length; i < value.length; i++) paths.push(`${key}[${i}]`);
    } else if (Array.isArray(value) && (previous === undefined || previous === null)) {
      for (let i = 0; i < value.length; i++) paths.push(`${key}[${i}]`);
    } else {
      paths.push(key);
    }
  }
  return paths;
}

function moduleProvenance(input: FoldInput, instance: ResourceInstance): Partial<TerraformProvenance> {
  const sites = instance.moduleCalls ?? [];
  if (sites.length === 0) return input.moduleCalls.length > 0 ? { moduleCalls: input.moduleCalls } : {};
  // The resources of one module instance share its call chain: describe it once for all of them.
  let described = CALL_CHAINS.get(sites);
  if (!described) {
    described = {
      moduleCalls: sites.map((site) => site.address),
      moduleCallSites: sites.map((site) => ({ address: site.address, source: site.source, location: toLocation(site.file, site.range) })),
    };
    CALL_CHAINS.set(sites, described);
  }
  return described;
}

const CALL_CHAINS = new WeakMap<object, Pick<TerraformProvenance, 'moduleCalls' | 'moduleCallSites'>>();
