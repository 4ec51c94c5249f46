import { observedExists } from './read-ledger.js';
import { join, resolve } from 'node:path';
import type { Block, Range } from './ast.js';
import type { ResourceInstance } from './module.js';
import { blocksOf, foldInstances, type TerraformBlock } from './fold.js';
import { organizationGuardrails } from './organization.js';
import { LINK_ARGUMENTS, TERRAFORM_MAPPERS } from './mappers/index.js';
import type { ArgumentReference } from './references.js';
import { isLocalSource, ModuleLoader, readSourceText } from './loader.js';
import { ScanTree, scanTreeOf } from './files.js';
import { SecretRegistry, SENSITIVE } from './secrets.js';
import { isValueObject, reviveValue, unknown, type Value, type ValueObject } from '../../model/value.js';
import type { Resource } from '../../model/resource.js';
import type { ScanProblem } from '../../model/problem.js';

/**
 * Reads the plan JSON `terraform show -json plan.out` writes. Planned values are taken as
 * resolved (Terraform already evaluated them), `after_unknown` marks what only apply knows,
 * `sensitive_values` are masked, and `configuration` says which resource a computed link points
 * at and, with the source folder, where each resource block is written.
 */

interface PlanResource {
  address: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  values?: Record<string, unknown>;
  sensitive_values?: unknown;
}

interface PlanModule {
  address?: string;
  resources?: PlanResource[];
  child_modules?: PlanModule[];
}

interface ConfigResource {
  address: string;
  mode?: string;
  type: string;
  name: string;
  expressions?: Record<string, unknown>;
  for_each_expression?: { references?: string[] };
  count_expression?: { references?: string[] };
  /** The key of `configuration.provider_config` the resource uses: `aws`, `aws.eu`, `module.a:aws`. */
  provider_config_key?: string;
}

interface ProviderConfig {
  name?: string;
  alias?: string;
  module_address?: string;
  expressions?: { region?: { constant_value?: unknown; references?: string[] } };
}

interface ConfigModule {
  resources?: ConfigResource[];
  outputs?: Record<string, { expression?: { references?: string[] } }>;
  module_calls?: Record<string, { source?: string; module?: ConfigModule }>;
}

interface Plan {
  format_version?: string;
  planned_values?: { root_module?: PlanModule };
  resource_changes?: Array<{ address: string; change?: { after_unknown?: unknown; after_sensitive?: unknown } }>;
  configuration?: { root_module?: ConfigModule; provider_config?: Record<string, ProviderConfig> };
  variables?: Record<string, { value?: unknown }>;
}

/** A `.json` file given to scan that is not a `.tf.json` or `.tfvars.json` file. */
export function isPlanFile(path: string): boolean {
  return path.endsWith('.json') && !path.endsWith('.tf.json') && !path.endsWith('.tfvars.json');
}

export interface PlanScanOptions {
  display(absolute: string): string;
  /** The folder the plan was made in, to find each resource's block. */
  sourceRoot?: string;
}

export function scanPlan(path: string, options: PlanScanOptions): { resources: Resource[]; problems: ScanProblem[]; bytes: number; blocks?: TerraformBlock[] } {
  const shown = options.display(path);
  const problems: ScanProblem[] = [];
  let text: string;
  let plan: Plan;
  try {
    text = readSourceText(path);
    plan = JSON.parse(text) as Plan;
  } catch (error) {
    problems.push({ severity: 'error', file: shown, message: `cannot read the plan: ${(error as Error).message}` });
    return { resources: [], problems, bytes: 0 };
  }
  if (!isValueObject(plan as unknown as Value) || !plan.planned_values || !plan.format_version) {
    problems.push({ severity: 'error', file: shown, line: 1, column: 1, message: 'not a Terraform plan: expected the output of "terraform show -json <planfile>" (format_version, planned_values)' });
    return { resources: [], problems, bytes: text.length };
  }
  const changes = new Map((plan.resource_changes ?? []).map((c) => [c.address, c.change ?? {}]));
  const locator = new BlockLocator(options, problems, plan.configuration?.root_module);
  const instances: ResourceInstance[] = [];
  const walk = (module: PlanModule): void => {
    for (const resource of module.resources ?? []) {
      if (resource.mode !== 'managed') continue;
      const change = changes.get(resource.address) ?? {};
      const moduleAddress = resource.address.slice(0, resource.address.length - localAddress(resource).length).replace(/\.$/, '');
      const config = locator.configResource(moduleAddress, resource);
      const attributes = planAttributes(resource, change.after_unknown, config, moduleAddress);
      maskSensitive(attributes, resource.sensitive_values);
      maskSensitive(attributes, change.after_sensitive);
      const where = locator.locate(moduleAddress, resource) ?? { file: shown, range: lineRange(text, resource.address) };
      const providerRegion = resource.type.startsWith('aws_') && config ? planProviderRegion(plan, config) : undefined;
      const links = planLinks(config, resource, moduleAddress, locator.configModule(moduleAddress));
      instances.push({
        ...(links ? { links } : {}),
        mode: 'managed',
        type: resource.type,
        name: resource.name,
        address: resource.address,
        ...(resource.index === undefined ? {} : { key: resource.index }),
        attributes: new SecretRegistry().mask(attributes),
        ...(providerRegion === undefined ? {} : { providerRegion }),
        attributeRanges: {},
        file: where.file,
        range: where.range,
        moduleCalls: [],
      });
    }
    for (const child of module.child_modules ?? []) walk(child);
  };
  walk(plan.planned_values.root_module ?? {});
  const placed = new Map<string, Resource[]>();
  const folded = foldInstances({ instances, addressPrefix: '', moduleCalls: [], plan: shown, root: shown, placed }, TERRAFORM_MAPPERS);
  folded.resources.push(...organizationGuardrails(folded.resources));
  for (const resource of folded.resources) {
    const calls = moduleCallsOf(resource.id);
    if (calls.length > 0 && resource.provenance.source === 'terraform') resource.provenance.moduleCalls = calls;
  }
  return { resources: folded.resources, problems: [...problems, ...folded.problems], bytes: text.length, blocks: blocksOf(instances, placed) };
}

/**
 * The region of the provider configuration a resource uses, for plans whose resources do not
 * record their own `region` (AWS provider before v6): a constant, or a root variable's value.
 */
function planProviderRegion(plan: Plan, config: ConfigResource): Value {
  const key = config.provider_config_key;
  const provider = key === undefined ? undefined : plan.configuration?.provider_config?.[key];
  if (!key || !provider) return unknown(`the plan names no provider configuration for ${config.address}, so its region is not known`);
  const region = provider.expressions?.region;
  if (!region) return unknown(`provider "${key}" sets no region: it comes from AWS_REGION or the AWS profile at apply time`);
  if (typeof region.constant_value === 'string') return region.constant_value;
  const variable = region.references?.find((r) => r.startsWith('var.'))?.slice(4);
  const value = variable !== undefined && !provider.module_address ? plan.variables?.[variable]?.value : undefined;
  if (typeof value === 'string' && region.references?.length === 1) return value;
  return unknown(`the region of provider "${key}" is an expression whose value the plan does not record`);
}

/** `aws_s3_bucket.b["x"]` of `module.a.aws_s3_bucket.b["x"]`. */
function localAddress(resource: PlanResource): string {
  const key = resource.index === undefined ? '' : typeof resource.index === 'number' ? `[${resource.index}]` : `[${JSON.stringify(resource.index)}]`;
  return `${resource.type}.${resource.name}${key}`;
}

/** `module.a`, `module.a.module.b["x"]` → each call's full address. */
function moduleCallsOf(address: string): string[] {
  const calls: string[] = [];
  const pattern = /module\.[A-Za-z0-9_-]+(\[[^\]]*\])?/g;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(address)) && match.index === end) {
    end = match.index + match[0].length + 1;
    calls.push(address.slice(0, end - 1));
  }
  return calls;
}

/**
 * The planned values with every attribute `after_unknown` marks replaced by an unknown. A link to
 * another resource (`bucket = aws_s3_bucket.b.id`) keeps the referenced address as its origin,
 * from the configuration's references, so companions still fold into their resource.
 */
function planAttributes(resource: PlanResource, afterUnknown: unknown, config: ConfigResource | undefined, moduleAddress: string): ValueObject {
  const values = (reviveValue(resource.values ?? {}) as ValueObject) ?? {};
  const attributes: ValueObject = isValueObject(values) ? values : {};
  if (!isValueObject(afterUnknown as Value)) return attributes;
  for (const [name, marker] of Object.entries(afterUnknown as Record<string, unknown>)) {
    const origin = marker === true ? referencedAddress(config, name, resource, moduleAddress) : undefined;
    attributes[name] = overlayUnknown(attributes[name], marker, `${resource.address}.${name}`, origin);
  }
  return attributes;
}

function overlayUnknown(value: Value | undefined, marker: unknown, path: string, origin?: string): Value {
  if (marker === true) return unknown(`${path} is known only after apply`, origin);
  if (Array.isArray(marker)) {
    const list = Array.isArray(value) ? [...value] : [];
    marker.forEach((m, i) => {
      if (m !== false) list[i] = overlayUnknown(list[i], m, `${path}[${i}]`);
    });
    return list;
  }
  if (marker && typeof marker === 'object') {
    const object: ValueObject = isValueObject(value ?? null) ? { ...(value as ValueObject) } : {};
    for (const [key, m] of Object.entries(marker as Record<string, unknown>)) {
      if (m !== false) object[key] = overlayUnknown(object[key], m, `${path}.${key}`);
    }
    return object;
  }
  return value ?? null;
}

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self', 'data', 'module']);

/**
 * How a companion's link argument names its parent, from the configuration's references: the
 * resource it refers to (through a module's output too), whatever the value the plan holds.
 */
function planLinks(config: ConfigResource | undefined, resource: PlanResource, moduleAddress: string, module: ConfigModule | undefined): Record<string, ArgumentReference> | undefined {
  const name = LINK_ARGUMENTS[resource.type];
  const expression = name === undefined ? undefined : (config?.expressions?.[name] as { references?: string[]; constant_value?: unknown } | undefined);
  if (!expression) return undefined;
  const refs = expression.references ?? [];
  const written = refs[0] ?? JSON.stringify(expression.constant_value ?? null);
  const address = referencedAddress(config, name!, resource, moduleAddress) ?? outputAddress(refs, module, moduleAddress ? `${moduleAddress}.` : '', 0);
  return { [name!]: address === undefined ? { written } : { written, address } };
}

/** `module.m.out` whose output is written as `aws_x.y.attr` (or another module's output): `module.m.aws_x.y`. */
function outputAddress(refs: string[], module: ConfigModule | undefined, prefix: string, depth: number): string | undefined {
  if (depth > 16) return undefined;
  for (const ref of refs) {
    const match = /^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/.exec(ref);
    if (!match) continue;
    const child = module?.module_calls?.[match[1]!]?.module;
    const inner = child?.outputs?.[match[2]!]?.expression?.references ?? [];
    const childPrefix = `${prefix}module.${match[1]}.`;
    for (const innerRef of inner) {
      const resource = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(\[[0-9]+\]|\["[^"\]]*"\])?/.exec(innerRef);
      if (resource && !NOT_RESOURCES.has(resource[1]!)) return `${childPrefix}${resource[1]}.${resource[2]}${resource[3] ?? ''}`;
    }
    const nested = outputAddress(inner, child, childPrefix, depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function referencedAddress(config: ConfigResource | undefined, name: string, resource: PlanResource, moduleAddress: string): string | undefined {
  const expression = config?.expressions?.[name] as { references?: string[] } | undefined;
  const prefix = moduleAddress ? `${moduleAddress}.` : '';
  const key = resource.index === undefined ? '' : typeof resource.index === 'number' ? `[${resource.index}]` : `[${JSON.stringify(resource.index)}]`;
  const refs = expression?.references ?? [];
  for (const ref of refs) {
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/.exec(ref);
    if (!match || NOT_RESOURCES.has(match[1]!)) continue;
    const index = match[3];
    if (index === undefined) return `${prefix}${match[1]}.${match[2]}`;
    const dynamic = index.includes('each.key') || index.includes('count.index');
    return `${prefix}${match[1]}.${match[2]}${dynamic ? key : index}`;
  }
  // `for_each = aws_s3_bucket.logs` with `bucket = each.value.id`: the instance with the same key.
  if (refs.some((r) => r.startsWith('each.value'))) {
    for (const ref of config?.for_each_expression?.references ?? []) {
      const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(ref);
      if (match && !NOT_RESOURCES.has(match[1]!)) return `${prefix}${match[1]}.${match[2]}${key}`;
    }
  }
  return undefined;
}

export function maskSensitive(attributes: ValueObject, sensitive: unknown): void {
  if (!isValueObject(sensitive as Value)) return;
  for (const [key, marker] of Object.entries(sensitive as Record<string, unknown>)) {
    if (marker === true && attributes[key] !== undefined && attributes[key] !== null) attributes[key] = SENSITIVE;
    else if (isValueObject(attributes[key]) && marker && typeof marker === 'object' && !Array.isArray(marker)) {
      maskSensitive(attributes[key] as ValueObject, marker);
    }
  }
}

/** The line of a resource's entry in the plan, when its source folder is not available. */
function lineRange(text: string, address: string): Range {
  const at = text.indexOf(`"address":${text.includes('"address": ') ? ' ' : ''}${JSON.stringify(address)}`);
  const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
  const position = { line, column: 1, offset: Math.max(at, 0) };
  return { start: position, end: position };
}

/** Finds resource blocks in the source folder by following the configuration's module calls. */
class BlockLocator {
  private readonly loader: ModuleLoader | undefined;

  constructor(
    private readonly options: PlanScanOptions,
    problems: ScanProblem[],
    private readonly root: ConfigModule | undefined,
  ) {
    this.loader = options.sourceRoot ? new ModuleLoader({ display: options.display, problems, tree: new ScanTree([scanTreeOf(options.sourceRoot)]) }) : undefined;
  }

  /** The configuration of a resource, walking `module_calls` by the call names in its address. */
  configResource(moduleAddress: string, resource: PlanResource): ConfigResource | undefined {
    return this.configModule(moduleAddress)?.resources?.find((r) => r.type === resource.type && r.name === resource.name && (r.mode ?? 'managed') === 'managed');
  }

  /** The configuration of the module at an address (`module.a["x"].module.b`). */
  configModule(moduleAddress: string): ConfigModule | undefined {
    let module = this.root;
    for (const name of callNames(moduleAddress)) module = module?.module_calls?.[name]?.module;
    return module;
  }

  locate(moduleAddress: string, resource: PlanResource): { file: string; range: Range } | undefined {
    if (!this.loader || !this.options.sourceRoot) return undefined;
    const dir = this.moduleDir(moduleAddress);
    if (!dir || !observedExists(dir)) return undefined;
    for (const file of this.loader.load(dir).files) {
      const block = file.body.blocks.find(
        (b: Block) => b.type === 'resource' && b.labels[0] === resource.type && b.labels[1] === resource.name,
      );
      if (block) return { file: file.path, range: block.range };
    }
    return undefined;
  }

  private moduleDir(moduleAddress: string): string | undefined {
    let dir = this.options.sourceRoot!;
    let module = this.root;
    const names = callNames(moduleAddress);
    for (const [i, name] of names.entries()) {
      const call = module?.module_calls?.[name];
      if (!call?.source) return undefined;
      if (isLocalSource(call.source)) {
        dir = resolve(dir, call.source);
      } else {
        const manifest = join(this.options.sourceRoot!, '.terraform', 'modules', 'modules.json');
        if (!observedExists(manifest)) return undefined;
        const entries = (JSON.parse(readSourceText(manifest)) as { Modules?: Array<{ Key: string; Dir: string }> }).Modules ?? [];
        const entry = entries.find((e) => e.Key === names.slice(0, i + 1).join('.'));
        if (!entry) return undefined;
        dir = resolve(this.options.sourceRoot!, entry.Dir);
      }
      module = call.module;
    }
    return dir;
  }
}

/** `module.a["x"].module.b` → [a, b]. */
function callNames(moduleAddress: string): string[] {
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}
