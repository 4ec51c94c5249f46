import type { Range } from './ast.js';
import type { ResourceInstance } from './module.js';
import type { MapperSet } from './mappers/index.js';
import type { Resource, SourceLocation, TerraformProvenance } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';
import { isUnknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * Folds Terraform resource instances into model resources: each primary instance becomes one
 * resource, and each companion (encryption configuration, public access block, separate
 * security group rule) is merged into the resource it references, by address when the link is
 * an apply-time attribute and by name when it is a literal.
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
    const resource: Resource = {
      kind: mapper.kind,
      id: address,
      name: mapper.name(attributes, instance),
      attributes,
      provenance,
    };
    resources.push(resource);
    byAddress.set(address, resource);
    const identity = mapper.identity?.(attributes);
    if (identity !== undefined) byIdentity.set(`${mapper.kind}:${identity}`, resource);
  }

  const companions = new Map<string, ResourceInstance>();
  for (const instance of input.instances) if (mappers.companions[instance.type]) companions.set(instance.address, instance);

  /**
   * The resource a companion configures. A link to another companion of the same kind is followed
   * to that one's target: terraform-aws-modules orders S3 settings by linking
   * `bucket = aws_s3_bucket_policy.this[0].id`, whose id is the bucket's name.
   */
  const targetOf = (instance: ResourceInstance, kind: string, seen: Set<string>): Resource | undefined => {
    const companion = mappers.companions[instance.type]!;
    const link: Value | undefined = instance.attributes[companion.link];
    if (typeof link === 'string') return byIdentity.get(`${kind}:${link}`);
    if (!isUnknown(link) || !link.origin) return undefined;
    const primary = byAddress.get(input.addressPrefix + link.origin) ?? byAddress.get(link.origin);
    if (primary) return primary;
    const via = companions.get(link.origin);
    if (!via || seen.has(via.address) || mappers.companions[via.type]!.kind !== kind) return undefined;
    seen.add(via.address);
    return targetOf(via, kind, seen);
  };

  for (const instance of input.instances) {
    const companion = mappers.companions[instance.type];
    if (!companion) continue;
    const target = targetOf(instance, companion.kind, new Set([instance.address]));
    if (!target || target.kind !== companion.kind) {
      problems.push({
        severity: 'warning',
        file: instance.file,
        line: instance.range.start.line,
        column: instance.range.start.column,
        message: `${input.addressPrefix}${instance.address}: ${companion.link} does not refer to a ${companion.kind} defined in the scanned configuration, so its settings are not attributed to any resource`,
      });
      continue;
    }
    const before = snapshot(target.attributes);
    companion.apply(target.attributes, instance);
    (target.provenance as TerraformProvenance).parts.push({
      address: input.addressPrefix + instance.address,
      location: toLocation(instance.file, instance.range),
      paths: changedPaths(before, target.attributes),
    });
  }
  return { resources, problems };
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
