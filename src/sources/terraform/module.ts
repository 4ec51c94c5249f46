import { relative, sep } from 'node:path';
import type { Attribute, Block, Body, ConfigFile, Diagnostic, Expr, Range } from './ast.js';
import { evaluate, EvalError, extendScope, markResource, type Scope } from './evaluate.js';
import type { FunctionContext } from './functions/index.js';
import { isUnknown, isValueObject, unknown, type Unknown, type Value, type ValueObject } from '../../model/value.js';
import { convert, parseType, TypeError as TypeConstraintError, type TypeConstraint } from './types.js';
import type { SecretRegistry } from './secrets.js';
import { policyDocumentAttributes } from './policy-document.js';
import { managedAddressOf, MAX_REFERENCE_DEPTH, quietEvaluate, rootName, unexpandedAddressOf, writtenText, type ArgumentReference } from './references.js';
import { isOptionalComputed } from './provider-computed.js';
import {
  passedProviders,
  providerBlockKey,
  regionDataAttributes,
  regionFromProvider,
  regionWithoutProvider,
  resourceProviderKey,
  type ProviderRegionLookup,
} from './providers.js';

/**
 * Evaluates one Terraform module: its variables, locals, resources expanded by count and
 * for_each, outputs, and the modules it calls (each an evaluator of its own). Everything is
 * evaluated on demand, so declaration order never matters, and a cycle is reported instead of
 * recursing forever.
 */

/** One module call on the way from the root to a resource. */
export interface ModuleCallSite {
  /** `module.a`, `module.a.module.b["x"]`. */
  address: string;
  source: string;
  /** The file holding the `module` block, and the block's range. */
  file: string;
  range: Range;
}

export interface ResourceInstance {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** The full address: `aws_s3_bucket.logs["eu"]`, `module.a.module.b.aws_instance.web[0]`. */
  address: string;
  key?: string | number;
  /** Set when count or for_each (here or on a module call) could not be resolved: the instance stands for all of them. */
  expansionUnknown?: string;
  attributes: ValueObject;
  /** The region of the provider configuration the resource uses (its `provider` argument, or the default one); unknown with the reason when it cannot be told. */
  providerRegion?: Value;
  /** Where each top-level attribute or nested block was written. */
  attributeRanges: Record<string, Range>;
  file: string;
  range: Range;
  /** The module calls this instance was created through, outermost first; empty at the root. */
  moduleCalls: ModuleCallSite[];
  /** For the argument that links a companion to its parent (ModuleOptions.linkArguments): how it is written and what it refers to. */
  links?: Record<string, ArgumentReference>;
  /** The configuration of resources some arguments refer to, by argument (see referenced.ts). */
  referenced?: Record<string, ValueObject | ValueObject[]>;
}

export interface ModuleDiagnostic extends Diagnostic {
  file: string;
  severity: 'error' | 'warning';
  /** The module instance the diagnostic arose in (`module.db["a"]`); absent at the root. */
  module?: string;
}

export interface VariableDeclaration {
  name: string;
  block: Block;
  file: string;
  sensitive: boolean;
}

/** A module a call points at, parsed. */
export interface LoadedModule {
  /** Absolute folder, to detect a module that calls itself. */
  dir: string;
  /** Folder relative to the scan's working directory, for `path.module`. */
  relativeDir: string;
  files: ConfigFile[];
}

/** What an evaluator needs from the scan to follow module calls; it never touches the network. */
export interface ModuleHost {
  /**
   * Finds and parses the module a call's `source` names: a local path relative to the caller,
   * or a registry/git module that `terraform init` downloaded (`.terraform/modules/modules.json`
   * of the root). Returns the reason when it cannot.
   */
  resolve(call: { callerDir: string; rootDir: string; source: string; keyPath: string[] }): LoadedModule | { missing: string };
  /** The function library of a root's modules, reading files relative to the root's folder. */
  functionsFor(rootDir: string): FunctionContext;
}

/** Deeper module nesting than this is refused: real estates stay far below it. */
export const MAX_MODULE_DEPTH = 32;

/** Data sources whose attributes Terraform computes without calling AWS; Vigil computes them too. */
const COMPUTED_OFFLINE: Record<string, (attributes: ValueObject, providerRegion: Value | undefined) => ValueObject> = {
  aws_iam_policy_document: policyDocumentAttributes,
  aws_region: regionDataAttributes,
};

/**
 * Variable defaults as converted to their type, by declaration, shared by every instance of the
 * module: a default made of constants has one value wherever the module is called (Terraform
 * refuses references and calls in a default). terraform-aws-security-group's two rule tables
 * (22 KB of defaults) were evaluated and converted once per call, 79 times each: 46 ms of a
 * 600 ms scan. Kept only for defaults of constants met without a diagnostic, and never for a
 * sensitive variable (the scan's secret registry marks its value).
 */
const convertedDefaults = new WeakMap<Block, Value>();

/** Whether an expression's value depends on nothing but its own text. */
function isConstant(expr: Expr): boolean {
  switch (expr.kind) {
    case 'literal':
      return true;
    case 'template':
      return expr.parts.every((part) => part.kind === 'text' || (part.kind === 'interpolation' && isConstant(part.expr)));
    case 'tuple':
      return expr.items.every(isConstant);
    case 'object':
      return expr.items.every((item) => isConstant(item.key) && isConstant(item.value));
    case 'unary':
      return isConstant(expr.operand);
    case 'binary':
      return isConstant(expr.left) && isConstant(expr.right);
    case 'paren':
      return isConstant(expr.expr);
    default:
      return false;
  }
}

/** Blocks whose labels are names Terraform checks, and what a valid name is (HCL's identifier). */
const NAMED_BLOCKS = new Set(['resource', 'data', 'variable', 'output', 'module', 'provider']);
const VALID_NAME = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

/** Blocks of a resource body that configure Terraform, not the resource. */
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'dynamic']);
const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on']);
/** Arguments of a module block that are not input variables. */
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface ResourceDecl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: string;
}

interface LazyState<T> {
  state: 'pending' | 'evaluating' | 'done';
  value?: T;
}

interface ModuleCallDecl {
  name: string;
  block: Block;
  file: string;
}

interface ChildModule {
  address: string;
  key?: string | number;
  evaluator?: ModuleEvaluator;
  /** Why the module could not be evaluated: its outputs are this unknown. */
  missing?: Unknown;
  /** Set when the call's count or for_each is unknown: this child stands for all instances. */
  expansionUnknown?: string;
}

/** An input variable value: given, or to be evaluated in the caller's scope when first read. */
export type VariableInput = Value | (() => Value);

export interface ModuleOptions {
  /** Directory of the module, relative to the scan root, for `path.module`. */
  relativeDir: string;
  /** Values chosen for each variable (tfvars, or the caller's arguments); missing ones use defaults. */
  variableValues: Map<string, VariableInput>;
  functions: FunctionContext;
  /** Sensitive values are recorded here so they can be masked before they reach the model. */
  secrets?: SecretRegistry;
  /** How module calls are followed; without it, module outputs are unknown. */
  host?: ModuleHost;
  /** Absolute folder of this module and of the root module (whose `.terraform` holds downloads). */
  dir?: string;
  rootDir?: string;
  /** `module.a.` for a called module; empty at the root. */
  addressPrefix?: string;
  /** The calls that led here, outermost first. */
  callChain?: ModuleCallSite[];
  /** Folders of the modules that led here, to refuse a module that calls itself. */
  dirChain?: string[];
  /** Call names from the root, the keys of `.terraform/modules/modules.json`. */
  keyPath?: string[];
  /** Set when a call's count or for_each is unknown: every resource inside stands for all instances. */
  expansionUnknown?: string;
  /** True for a module reached through a call: a variable with neither value nor default is an error. */
  called?: boolean;
  /** The provider configurations the caller passes (implicitly or through `providers = {}`), by name. */
  providers?: ProviderRegionLookup;
  /** Instances the whole scan may still expand, shared by every evaluator of the scan. */
  budget?: InstanceBudget;
  /** By resource type, the argument that names the resource it configures (`bucket`, `security_group_id`): the reference written there is followed. */
  linkArguments?: Readonly<Record<string, string>>;
  /** For a called module: the resource each variable's argument in the call refers to, followed from the caller's expression. */
  variableReferences?: Map<string, (depth: number) => string | undefined>;
}

/** What is left of a scan's instance cap; one object shared by all its evaluators. */
export interface InstanceBudget {
  remaining: number;
}

/**
 * `count = 100000000` would expand without bound: a resource or module call expands at most this
 * many instances, and a scan at most MAX_INSTANCES_PER_SCAN; the rest stand as one unknown instance.
 */
export const MAX_INSTANCES_PER_BLOCK = 10_000;
export const MAX_INSTANCES_PER_SCAN = 1_000_000;

/** A module's declarations by name, as its files hold them; the same for every instance of it. */
interface ModuleIndex {
  variables: ReadonlyMap<string, VariableDeclaration>;
  locals: ReadonlyMap<string, { expr: Attribute; file: string }>;
  resources: ReadonlyMap<string, ResourceDecl>;
  resourceTypes: ReadonlySet<string>;
  dataTypes: ReadonlySet<string>;
  outputs: ReadonlyMap<string, { block: Block; file: string }>;
  moduleCalls: ReadonlyMap<string, ModuleCallDecl>;
  providerBlocks: ReadonlyMap<string, { block: Block; file: string }>;
  /** Blocks Terraform refuses, reported by every instance (each with its own module address). */
  problems: Array<{ file: string; range: Range; message: string }>;
}

/**
 * Indexes are kept per list of parsed files: the loader hands every call of a folder the same list,
 * so a module called 79 times (terraform-aws-security-group's root) is indexed once. Weakly held,
 * so a released folder's trees go with its index.
 */
const indexes = new WeakMap<ConfigFile[], ModuleIndex>();

function indexOf(files: ConfigFile[]): ModuleIndex {
  let index = indexes.get(files);
  if (!index) {
    index = buildIndex(files);
    indexes.set(files, index);
  }
  return index;
}

function buildIndex(files: ConfigFile[]): ModuleIndex {
  const variables = new Map<string, VariableDeclaration>();
  const locals = new Map<string, { expr: Attribute; file: string }>();
  const resources = new Map<string, ResourceDecl>();
  const resourceTypes = new Set<string>();
  const dataTypes = new Set<string>();
  const outputs = new Map<string, { block: Block; file: string }>();
  const moduleCalls = new Map<string, ModuleCallDecl>();
  const providerBlocks = new Map<string, { block: Block; file: string }>();
  const problems: ModuleIndex['problems'] = [];
  for (const file of files) {
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      const invalid = NAMED_BLOCKS.has(block.type) ? block.labels.find((label) => !VALID_NAME.test(label)) : undefined;
      if (invalid !== undefined) {
        // Terraform refuses the block; the label may carry control characters, so it is quoted escaped.
        problems.push({ file: file.path, range: block.range, message: `invalid ${block.type} name ${JSON.stringify(invalid)}: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes` });
        continue;
      }
      if (block.type === 'variable' && block.labels.length === 1) {
        const sensitiveAttr = block.body.attributes.find((a) => a.name === 'sensitive');
        variables.set(first!, {
          name: first!,
          block,
          file: file.path,
          sensitive: sensitiveAttr?.expr.kind === 'literal' && sensitiveAttr.expr.value === true,
        });
      } else if (block.type === 'locals') {
        for (const attr of block.body.attributes) locals.set(attr.name, { expr: attr, file: file.path });
      } else if ((block.type === 'resource' || block.type === 'data') && block.labels.length === 2) {
        const mode = block.type === 'resource' ? 'managed' : 'data';
        const key = `${mode === 'data' ? 'data.' : ''}${first}.${second}`;
        if (resources.has(key)) {
          problems.push({ file: file.path, range: block.range, message: `duplicate ${block.type} "${first}" "${second}": only the first is used` });
          continue;
        }
        resources.set(key, { mode, type: first!, name: second!, block, file: file.path });
        (mode === 'managed' ? resourceTypes : dataTypes).add(first!);
      } else if (block.type === 'provider' && block.labels.length === 1) {
        const key = providerBlockKey(block);
        if (key && !providerBlocks.has(key)) providerBlocks.set(key, { block, file: file.path });
      } else if (block.type === 'output' && block.labels.length === 1) {
        outputs.set(first!, { block, file: file.path });
      } else if (block.type === 'module' && block.labels.length === 1) {
        if (moduleCalls.has(first!)) {
          problems.push({ file: file.path, range: block.range, message: `duplicate module "${first}": only the first is used` });
          continue;
        }
        moduleCalls.set(first!, { name: first!, block, file: file.path });
      }
    }
  }
  return { variables, locals, resources, resourceTypes, dataTypes, outputs, moduleCalls, providerBlocks, problems };
}

export class ModuleEvaluator {
  readonly diagnostics: ModuleDiagnostic[] = [];
  readonly variables: ReadonlyMap<string, VariableDeclaration>;
  private readonly variableState = new Map<string, LazyState<Value>>();
  private readonly types = new Map<string, TypeConstraint | undefined>();
  private readonly locals: ModuleIndex['locals'];
  private readonly localState = new Map<string, LazyState<Value>>();
  private readonly localStack: string[] = [];
  private readonly resources: ModuleIndex['resources'];
  private readonly resourceTypes: ModuleIndex['resourceTypes'];
  private readonly dataTypes: ModuleIndex['dataTypes'];
  private readonly instanceState = new Map<string, LazyState<ResourceInstance[]>>();
  private readonly outputs: ModuleIndex['outputs'];
  private readonly outputState = new Map<string, LazyState<Value>>();
  private readonly moduleCalls: ModuleIndex['moduleCalls'];
  private readonly moduleState = new Map<string, LazyState<ChildModule[]>>();
  private readonly providerBlocks: ModuleIndex['providerBlocks'];
  private readonly providerRegions = new Map<string, Value>();
  private readonly rootScope: Scope;
  /** Companion link arguments to follow once the module tree is evaluated (see resolveLinks). */
  private readonly pendingLinks: Array<{ instance: ResourceInstance; name: string; expr: Expr; scope: Scope }> = [];
  private readonly prefix: string;

  constructor(
    private readonly files: ConfigFile[],
    private readonly options: ModuleOptions,
  ) {
    this.prefix = options.addressPrefix ?? '';
    const index = indexOf(files);
    this.variables = index.variables;
    this.locals = index.locals;
    this.resources = index.resources;
    this.resourceTypes = index.resourceTypes;
    this.dataTypes = index.dataTypes;
    this.outputs = index.outputs;
    this.moduleCalls = index.moduleCalls;
    this.providerBlocks = index.providerBlocks;
    for (const problem of index.problems) this.warn(problem.file, problem.range, problem.message, 'error');
    this.rootScope = {
      resolveRoot: (name) => this.resolveRoot(name),
      resolveMember: (root, member, range) => this.resolveMember(root, member, range),
      functions: options.functions,
      ...(options.secrets ? { secrets: options.secrets } : {}),
    };
  }

  /** All managed resource instances of this module and the modules it calls, in declaration order. */
  managedInstances(): ResourceInstance[] {
    const out = this.collectInstances();
    // Links are followed once everything is evaluated, so following them never changes what is evaluated first.
    if (!this.options.callChain?.length) this.resolveLinks(0);
    return out;
  }

  private collectInstances(): ResourceInstance[] {
    // Terraform checks every variable's value against its type, used or not.
    for (const name of this.variables.keys()) this.variable(name);
    const out: ResourceInstance[] = [];
    for (const decl of this.resources.values()) {
      if (decl.mode === 'managed') for (const instance of this.instancesOf(decl)) out.push(instance);
    }
    for (const name of this.moduleCalls.keys()) {
      // Loops, not push(...): a module tree can hold more instances than a call takes arguments.
      for (const child of this.moduleChildren(name)) if (child.evaluator) for (const instance of child.evaluator.collectInstances()) out.push(instance);
    }
    return out;
  }

  /** Diagnostics of this module and every module it called. */
  allDiagnostics(): ModuleDiagnostic[] {
    const out = [...this.diagnostics];
    for (const state of this.moduleState.values()) {
      for (const child of state.value ?? []) if (child.evaluator) for (const d of child.evaluator.allDiagnostics()) out.push(d);
    }
    return out;
  }

  /**
   * The module's outputs, as a caller sees `module.name`. Each is evaluated when first read, as
   * Terraform's graph has one node per output: `module.a.name` must not evaluate `module.a.peer`,
   * whose input may depend on the very expression reading `name` (an input→output chain
   * Terraform accepts, not a cycle).
   */
  outputValues(): ValueObject {
    const out: ValueObject = {};
    for (const name of this.outputs.keys()) {
      Object.defineProperty(out, name, { enumerable: true, configurable: true, get: () => this.output(name) });
    }
    return out;
  }

  private warn(file: string, range: Range, message: string, severity: 'error' | 'warning' = 'warning'): void {
    const diagnostic: ModuleDiagnostic = { file, range, message, severity };
    if (this.prefix) diagnostic.module = this.prefix.replace(/\.$/, '');
    this.diagnostics.push(diagnostic);
  }

  // ---- variables ----------------------------------------------------------------------------

  private variable(name: string): Value {
    const state = this.variableState.get(name) ?? { state: 'pending' };
    this.variableState.set(name, state);
    if (state.state === 'done') return state.value!;
    if (state.state === 'evaluating') return unknown(`variable "${name}" depends on itself through the module call`);
    state.state = 'evaluating';
    try {
      state.value = this.resolveVariable(this.variables.get(name)!);
    } finally {
      state.state = 'done';
      if (state.value === undefined) state.value = unknown(`variable "${name}" could not be evaluated`);
    }
    return state.value!;
  }

  private resolveVariable(decl: VariableDeclaration): Value {
    const name = decl.name;
    let raw: Value | undefined;
    const given = this.options.variableValues.get(name);
    if (given !== undefined) raw = typeof given === 'function' ? given() : given;
    const defaultAttr = decl.block.body.attributes.find((a) => a.name === 'default');
    if (raw === undefined || (raw === null && this.nonNullable(decl))) {
      if (!defaultAttr) {
        if (this.options.called) {
          return unknown(`variable "${name}" of ${this.prefix.slice(0, -1) || 'the module'} is required but the module call does not set it`);
        }
        return unknown(`variable "${name}" has no value: set it in a tfvars file, with --var-file or --var`);
      }
      const shared = convertedDefaults.get(decl.block);
      if (shared !== undefined) return shared;
      const diagnostics = this.diagnostics.length;
      const value = this.typed(decl, this.safeEvaluate(defaultAttr.expr, this.rootScope, decl.file));
      if (!decl.sensitive && this.diagnostics.length === diagnostics && isConstant(defaultAttr.expr)) convertedDefaults.set(decl.block, value);
      return value;
    }
    return this.typed(decl, raw);
  }

  /** A variable's value converted to its declared type, then marked if the variable is sensitive. */
  private typed(decl: VariableDeclaration, raw: Value): Value {
    const name = decl.name;
    const type = this.variableType(decl);
    let value = raw;
    if (type) {
      try {
        value = convert(raw, type);
      } catch (error) {
        if (!(error instanceof TypeConstraintError)) throw error;
        // The message may quote the value: never for a sensitive variable.
        const detail = decl.sensitive ? 'the value does not fit its type' : error.message;
        this.warn(decl.file, decl.block.range, `variable "${name}": ${detail}`, 'error');
        value = unknown(`variable "${name}": ${detail}`);
      }
    }
    if (decl.sensitive && this.options.secrets) value = this.options.secrets.add(value);
    return value;
  }

  private nonNullable(decl: VariableDeclaration): boolean {
    const attr = decl.block.body.attributes.find((a) => a.name === 'nullable');
    return attr?.expr.kind === 'literal' && attr.expr.value === false;
  }

  private variableType(decl: VariableDeclaration): TypeConstraint | undefined {
    if (this.types.has(decl.name)) return this.types.get(decl.name);
    const attr = decl.block.body.attributes.find((a) => a.name === 'type');
    let type: TypeConstraint | undefined;
    if (attr) {
      try {
        type = parseType(attr.expr, (expr) => evaluate(expr, { resolveRoot: () => undefined, functions: this.options.functions }));
      } catch (error) {
        if (!(error instanceof TypeConstraintError || error instanceof EvalError)) throw error;
        this.warn(decl.file, error.range ?? attr.range, `variable "${decl.name}": ${error.message}`, 'error');
      }
    }
    this.types.set(decl.name, type);
    return type;
  }

  // ---- names --------------------------------------------------------------------------------

  private resolveRoot(name: string): Value | undefined {
    switch (name) {
      case 'path':
        return { module: this.options.relativeDir || '.', root: '.', cwd: '.' };
      case 'terraform':
        return { workspace: 'default' };
      case 'var': {
        const out: ValueObject = {};
        for (const key of this.variables.keys()) out[key] = this.variable(key);
        return out;
      }
      case 'local': {
        const out: ValueObject = {};
        for (const key of this.locals.keys()) out[key] = this.local(key);
        return out;
      }
      case 'module': {
        const out: ValueObject = {};
        for (const key of this.moduleCalls.keys()) out[key] = this.moduleValue(key);
        return out;
      }
      default:
        return undefined;
    }
  }

  private resolveMember(root: string, member: string, range: Range): Value | undefined {
    if (root === 'var') {
      if (!this.variables.has(member)) throw new EvalError(`reference to undeclared input variable "${member}"`, range);
      return this.variable(member);
    }
    if (root === 'local') {
      if (!this.locals.has(member)) throw new EvalError(`reference to undeclared local value "${member}"`, range);
      return this.local(member);
    }
    if (root === 'module') {
      if (!this.moduleCalls.has(member)) throw new EvalError(`reference to undeclared module "${member}"`, range);
      return this.moduleValue(member);
    }
    if (root === 'data') {
      if (!this.dataTypes.has(member)) throw new EvalError(`reference to undeclared data source type "${member}"`, range);
      return this.dataObjects(member);
    }
    if (this.resourceTypes.has(root)) {
      const decl = this.resources.get(`${root}.${member}`);
      if (!decl) throw new EvalError(`reference to undeclared resource "${root}.${member}"`, range);
      return this.referenceValue(decl);
    }
    return undefined;
  }

  private dataObjects(type: string): ValueObject {
    const out: ValueObject = {};
    for (const decl of this.resources.values()) {
      if (decl.mode === 'data' && decl.type === type) out[decl.name] = this.referenceValue(decl);
    }
    return out;
  }

  /** What `type.name` evaluates to: one object, a list (count), or a map (for_each). */
  private referenceValue(decl: ResourceDecl): Value {
    const local = decl.mode === 'data' ? `data.${decl.type}.${decl.name}` : `${decl.type}.${decl.name}`;
    const address = this.prefix + local;
    const state = this.instanceState.get(local);
    if (state?.state === 'evaluating') return unknown(`${address} refers to itself`, address);
    const instances = this.instancesOf(decl);
    const expansion = expansionKind(decl.block);
    const asObject = (instance: ResourceInstance): ValueObject => referenceObject(decl, instance);
    // One instance standing for all of them, or for those over the instance cap: the collection is not known.
    const standIn = expansion === 'single' ? undefined : instances.find((i) => i.key === undefined && i.expansionUnknown);
    if (standIn) return unknown(standIn.expansionUnknown!, address);
    if (expansion === 'count') return instances.map(asObject);
    if (expansion === 'for_each') {
      const out: ValueObject = {};
      for (const instance of instances) out[String(instance.key)] = asObject(instance);
      return out;
    }
    return instances[0] ? asObject(instances[0]) : null;
  }

  private local(name: string): Value {
    const state = this.localState.get(name) ?? { state: 'pending' };
    this.localState.set(name, state);
    if (state.state === 'done') return state.value!;
    const decl = this.locals.get(name)!;
    if (state.state === 'evaluating') {
      const cycle = [...this.localStack.slice(this.localStack.indexOf(name)), name].map((n) => `local.${n}`).join(' → ');
      throw new EvalError(`local values form a cycle: ${cycle}`, decl.expr.range);
    }
    state.state = 'evaluating';
    this.localStack.push(name);
    try {
      state.value = this.safeEvaluate(decl.expr.expr, this.rootScope, decl.file);
    } finally {
      this.localStack.pop();
      state.state = 'done';
      // An evaluation cut short (the stack ran out) must not leave a value-less 'done' behind.
      if (state.value === undefined) state.value = unknown(`local.${name} could not be evaluated`);
    }
    return state.value;
  }

  private output(name: string): Value {
    const state = this.outputState.get(name) ?? { state: 'pending' };
    this.outputState.set(name, state);
    if (state.state === 'done') return state.value!;
    if (state.state === 'evaluating') return unknown(`output "${name}" of ${this.prefix.slice(0, -1)} depends on itself`);
    const decl = this.outputs.get(name)!;
    state.state = 'evaluating';
    try {
      const valueAttr = decl.block.body.attributes.find((a) => a.name === 'value');
      state.value = valueAttr ? this.safeEvaluate(valueAttr.expr, this.rootScope, decl.file) : null;
      const sensitive = decl.block.body.attributes.find((a) => a.name === 'sensitive');
      if (sensitive?.expr.kind === 'literal' && sensitive.expr.value === true && this.options.secrets) state.value = this.options.secrets.add(state.value);
    } finally {
      state.state = 'done';
      if (state.value === undefined) state.value = unknown(`output "${name}" could not be evaluated`);
    }
    return state.value!;
  }

  /** Evaluates an expression; a Terraform error becomes an unknown with the reason, plus a diagnostic. */
  private safeEvaluate(expr: Expr, scope: Scope, file: string): Value {
    try {
      return evaluate(expr, scope);
    } catch (error) {
      if (error instanceof RangeError) {
        // Evaluation nested deeper than the stack allows (a pathological expression or module).
        this.warn(file, expr.range, 'the expression nests too deeply to evaluate', 'error');
        return unknown(`${file}:${expr.range.start.line}:${expr.range.start.column}: the expression nests too deeply to evaluate`);
      }
      if (!(error instanceof EvalError)) throw error;
      // A cycle must reach the outermost local so it is reported once, where it starts.
      if (error.message.startsWith('local values form a cycle') && this.localStack.length > 1) throw error;
      this.warn(file, error.range, error.message, error.message.includes('cycle') ? 'error' : 'warning');
      return unknown(`${file}:${error.range.start.line}:${error.range.start.column}: ${error.message}`);
    }
  }

  // ---- providers ----------------------------------------------------------------------------

  /** The region of a provider configuration: declared here, else passed by the caller, else unknown. */
  private providerRegion(key: string): Value {
    const cached = this.providerRegions.get(key);
    if (cached !== undefined) return cached;
    let region: Value;
    // A region that refers back to a resource of this same provider would loop: it stays unknown.
    this.providerRegions.set(key, unknown(`the region of provider "${key}" depends on itself`));
    const own = this.providerBlocks.get(key);
    if (own) {
      const attr = own.block.body.attributes.find((a) => a.name === 'region');
      const where = `${own.file}:${own.block.range.start.line}`;
      region = regionFromProvider(key, where, attr ? this.safeEvaluate(attr.expr, this.rootScope, own.file) : undefined);
    } else {
      region = this.options.providers?.(key) ?? regionWithoutProvider(key);
    }
    this.providerRegions.set(key, region);
    return region;
  }

  // ---- resources ----------------------------------------------------------------------------

  private instancesOf(decl: ResourceDecl): ResourceInstance[] {
    const key = decl.mode === 'data' ? `data.${decl.type}.${decl.name}` : `${decl.type}.${decl.name}`;
    const state = this.instanceState.get(key) ?? { state: 'pending' };
    this.instanceState.set(key, state);
    if (state.state === 'done') return state.value!;
    if (state.state === 'evaluating') return [];
    state.state = 'evaluating';
    try {
      state.value = this.expand(decl, this.prefix + key);
    } finally {
      state.state = 'done';
    }
    return state.value!;
  }

  private expand(decl: ResourceDecl, base: string): ResourceInstance[] {
    const body = decl.block.body;
    const make = (bindings: Record<string, Value>, key?: string | number, expansionUnknown?: string): ResourceInstance => {
      const scope = extendScope(this.rootScope, bindings);
      const { value, ranges } = this.evaluateBody(body, scope, decl.file);
      const unknownExpansion = expansionUnknown ?? this.options.expansionUnknown;
      const providerKey = resourceProviderKey(decl.type, decl.block);
      const providerRegion = providerKey === 'aws' || providerKey.startsWith('aws.') ? this.providerRegion(providerKey) : undefined;
      const computed = decl.mode === 'data' ? COMPUTED_OFFLINE[decl.type] : undefined;
      if (computed) Object.assign(value, computed(value, providerRegion));
      const instance: ResourceInstance = {
        mode: decl.mode,
        type: decl.type,
        name: decl.name,
        address: `${base}${keySuffix(key)}`,
        attributes: value,
        attributeRanges: ranges,
        file: decl.file,
        range: decl.block.range,
        moduleCalls: this.options.callChain ?? [],
      };
      // Optional fields are set, not spread in: spreading sends every instance down a slow path.
      if (key !== undefined) instance.key = key;
      if (unknownExpansion) instance.expansionUnknown = unknownExpansion;
      if (providerRegion !== undefined) instance.providerRegion = providerRegion;
      const linkName = decl.mode === 'managed' ? this.options.linkArguments?.[decl.type] : undefined;
      const linkAttr = linkName === undefined ? undefined : body.attributes.find((a) => a.name === linkName);
      if (linkAttr) this.pendingLinks.push({ instance, name: linkName!, expr: linkAttr.expr, scope });
      return instance;
    };
    const expansion = this.expansion(decl.block, base, decl.file);
    if (expansion.kind === 'unknown') return [make(expansion.bindings, undefined, expansion.reason)];
    const instances = expansion.entries.map(([key, bindings]) => make(bindings, key));
    if (expansion.rest) instances.push(make(expansion.rest.bindings, undefined, expansion.rest.reason));
    return instances;
  }

  /**
   * The instances count or for_each asks for, as key and the `count` / `each` bindings of each.
   * An unknown collection yields one instance standing for all of them, with the reason.
   */
  private expansion(
    block: Block,
    base: string,
    file: string,
  ): Expansion {
    const expansion = this.uncappedExpansion(block, base, file);
    if (expansion.kind !== 'known') return expansion;
    const budget = this.options.budget;
    const limit = Math.min(MAX_INSTANCES_PER_BLOCK, budget?.remaining ?? MAX_INSTANCES_PER_BLOCK);
    const total = expansion.declared ?? expansion.entries.length;
    if (total <= limit) {
      if (budget) budget.remaining -= total;
      return expansion;
    }
    if (budget) budget.remaining -= limit;
    const cap = limit < MAX_INSTANCES_PER_BLOCK ? `the scan's cap of ${MAX_INSTANCES_PER_SCAN.toLocaleString('en-US')} instances` : `the cap of ${MAX_INSTANCES_PER_BLOCK.toLocaleString('en-US')} instances per resource or module call`;
    const reason = `${base} has ${total.toLocaleString('en-US')} instances, more than ${cap}: the other ${(total - limit).toLocaleString('en-US')} are not evaluated`;
    const metaAttr = block.body.attributes.find((a) => a.name === 'count' || a.name === 'for_each');
    this.warn(file, metaAttr?.range ?? block.range, reason, 'warning');
    const bindings: Record<string, Value> = metaAttr?.name === 'count' ? { count: { index: unknown(reason) } } : { each: { key: unknown(reason), value: unknown(reason) } };
    return { kind: 'known', entries: expansion.entries.slice(0, limit), rest: { reason, bindings } };
  }

  private uncappedExpansion(block: Block, base: string, file: string): Expansion {
    const countAttr = block.body.attributes.find((a) => a.name === 'count');
    const forEachAttr = block.body.attributes.find((a) => a.name === 'for_each');
    if (countAttr) {
      const count = this.safeEvaluate(countAttr.expr, this.rootScope, file);
      if (isUnknown(count)) {
        const reason = `count of ${base} is not known before apply (${count.reason})`;
        return { kind: 'unknown', reason, bindings: { count: { index: unknown(reason) } } };
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        this.warn(file, countAttr.range, `count must be a whole number, got ${typeof count === 'string' ? 'a string' : JSON.stringify(count)}`, 'error');
        return { kind: 'known', entries: [] };
      }
      // Never build more entries than any cap lets through: the one after them marks the excess.
      const built = Math.min(count, MAX_INSTANCES_PER_BLOCK + 1);
      const entries: Array<[number, Record<string, Value>]> = Array.from({ length: built }, (_, index) => [index, { count: { index } }]);
      return { kind: 'known', entries, ...(count > built ? { declared: count } : {}) };
    }
    if (forEachAttr) {
      const collection = this.safeEvaluate(forEachAttr.expr, this.rootScope, file);
      const unknownEach = (reason: string) =>
        ({ kind: 'unknown', reason, bindings: { each: { key: unknown(reason), value: unknown(reason) } } }) as const;
      if (isUnknown(collection)) return unknownEach(`for_each of ${base} is not known before apply (${collection.reason})`);
      let entries: Array<[string, Value]>;
      if (Array.isArray(collection)) {
        const keys = collection.filter((item): item is string => typeof item === 'string');
        if (keys.length !== collection.length) {
          const pending = collection.find(isUnknown);
          if (pending) return unknownEach(`for_each of ${base} has keys not known before apply (${pending.reason})`);
          this.warn(file, forEachAttr.range, 'for_each over a list requires a set of strings (use toset())', 'error');
          return { kind: 'known', entries: [] };
        }
        entries = [...new Set(keys)].sort().map((k) => [k, k]);
      } else if (isValueObject(collection)) {
        entries = Object.keys(collection).map((k) => [k, collection[k]!]);
      } else {
        this.warn(file, forEachAttr.range, 'for_each requires a map or a set of strings', 'error');
        return { kind: 'known', entries: [] };
      }
      return { kind: 'known', entries: entries.map(([key, value]) => [key, { each: { key, value } }]) };
    }
    return { kind: 'known', entries: [[undefined, {}]] };
  }

  /**
   * A resource or nested block body as a value; nested blocks become lists under their type. Meta
   * blocks (lifecycle, provisioner) belong to the resource only: a nested block of that name is the
   * provider's own (an aws_backup_plan rule's lifecycle).
   */
  evaluateBody(body: Body, scope: Scope, file: string, nested = false): { value: ValueObject; ranges: Record<string, Range> } {
    const value: ValueObject = {};
    const ranges: Record<string, Range> = {};
    for (const attr of body.attributes) {
      if (META_ATTRIBUTES.has(attr.name)) continue;
      value[attr.name] = this.safeEvaluate(attr.expr, scope, file);
      ranges[attr.name] = attr.range;
    }
    for (const block of body.blocks) {
      if (block.type === 'dynamic') {
        this.expandDynamic(block, scope, file, value, ranges);
        continue;
      }
      if (!nested && META_BLOCKS.has(block.type)) continue;
      const list = value[block.type];
      const inner = this.evaluateBody(block.body, scope, file, true).value;
      if (Array.isArray(list)) list.push(inner);
      else if (!isUnknown(list)) value[block.type] = [inner];
      ranges[block.type] ??= block.range;
    }
    return { value, ranges };
  }

  private expandDynamic(block: Block, scope: Scope, file: string, into: ValueObject, ranges: Record<string, Range>): void {
    const type = block.labels[0];
    if (!type) return;
    ranges[type] ??= block.range;
    const forEach = block.body.attributes.find((a) => a.name === 'for_each');
    const iterator = block.body.attributes.find((a) => a.name === 'iterator');
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) {
      this.warn(file, block.range, `dynamic "${type}" needs for_each and a content block`, 'error');
      return;
    }
    const name = iterator?.expr.kind === 'variable' ? iterator.expr.name : type;
    const collection = this.safeEvaluate(forEach.expr, scope, file);
    if (isUnknown(collection)) {
      into[type] = unknown(`dynamic "${type}" blocks iterate over a value not known before apply (${collection.reason})`);
      return;
    }
    const entries: Array<[Value, Value]> = Array.isArray(collection)
      ? collection.map((v, i) => [i, v])
      : isValueObject(collection)
        ? Object.keys(collection).map((k) => [k, collection[k]!])
        : [];
    const existing = into[type];
    if (isUnknown(existing)) return;
    const list = Array.isArray(existing) ? existing : ((into[type] = []) as Value[]);
    for (const [key, value] of entries) {
      const inner = extendScope(scope, { [name]: { key, value } });
      list.push(this.evaluateBody(content.body, inner, file, true).value);
    }
  }

  // ---- references ---------------------------------------------------------------------------

  /** Sets `links` on this module's companion instances and those of the modules it calls. */
  private resolveLinks(depth: number): void {
    for (const { instance, name, expr, scope } of this.pendingLinks) {
      const link: ArgumentReference = { written: writtenText(expr) };
      const address = this.referenceOf(expr, scope, 0);
      if (address !== undefined) link.address = address;
      instance.links = { [name]: link };
    }
    this.pendingLinks.length = 0;
    if (depth >= MAX_MODULE_DEPTH) return;
    for (const state of this.moduleState.values()) for (const child of state.value ?? []) child.evaluator?.resolveLinks(depth + 1);
  }

  /**
   * The managed resource instance an expression is written as a reference to, whatever the
   * referenced attribute's value: `aws_x.y.attr`, `aws_x.y[key].attr`, `"${aws_x.y.attr}"`,
   * `try(aws_x.y[0].id, "")`, and through locals, module outputs (`module.m.bucket_id`) and the
   * caller's argument for a variable. Undefined for anything else (a data source, a literal).
   */
  referenceOf(expr: Expr, scope: Scope, depth: number): string | undefined {
    if (depth > MAX_REFERENCE_DEPTH) return undefined;
    switch (expr.kind) {
      case 'paren':
        return this.referenceOf(expr.expr, scope, depth + 1);
      case 'template': {
        const [only] = expr.parts;
        return expr.parts.length === 1 && only!.kind === 'interpolation' ? this.referenceOf(only.expr, scope, depth + 1) : undefined;
      }
      case 'call':
        return expr.name === 'try' && expr.args[0] ? this.referenceOf(expr.args[0], scope, depth + 1) : undefined;
      case 'conditional': {
        const condition = quietEvaluate(expr.condition, scope);
        return typeof condition === 'boolean' ? this.referenceOf(condition ? expr.then : expr.else, scope, depth + 1) : undefined;
      }
      case 'getattr':
      case 'index':
        break;
      default:
        return undefined;
    }
    const holder = expr.object;
    if (expr.kind === 'getattr' && holder.kind === 'variable' && holder.name === 'var') return this.options.variableReferences?.get(expr.name)?.(depth + 1);
    if (expr.kind === 'getattr' && holder.kind === 'variable' && holder.name === 'local') {
      const local = this.locals.get(expr.name);
      return local ? this.referenceOf(local.expr.expr, this.rootScope, depth + 1) : undefined;
    }
    if (holder.kind === 'variable' && ['var', 'local', 'module', 'data'].includes(holder.name)) return undefined;
    // An attribute of an object standing for a resource instance: `aws_x.y.id`, `each.value.arn`, `local.bucket.id`.
    const object = quietEvaluate(expr.object, scope);
    const direct = managedAddressOf(object);
    if (direct !== undefined) return direct;
    const root = rootName(expr);
    if (root !== undefined && this.resourceTypes.has(root)) return unexpandedAddressOf(object);
    if (expr.kind !== 'getattr') return undefined;
    // `module.m.output` or `module.m[key].output`: the output's own expression, in the module.
    const call = holder.kind === 'index' ? holder.object : holder;
    if (call.kind !== 'getattr' || call.object.kind !== 'variable' || call.object.name !== 'module' || !this.moduleCalls.has(call.name)) return undefined;
    const children = this.moduleChildren(call.name);
    const key = holder.kind === 'index' ? quietEvaluate(holder.key, scope) : undefined;
    const child = holder.kind === 'index' ? children.find((c) => c.key !== undefined && String(c.key) === String(key)) : children.length === 1 ? children[0] : undefined;
    return child?.evaluator?.outputReference(expr.name, depth + 1);
  }

  /** The resource instance an output of this module is written as a reference to. */
  outputReference(name: string, depth: number): string | undefined {
    const valueAttr = this.outputs.get(name)?.block.body.attributes.find((a) => a.name === 'value');
    return valueAttr ? this.referenceOf(valueAttr.expr, this.rootScope, depth) : undefined;
  }

  // ---- module calls -------------------------------------------------------------------------

  /** What `module.name` evaluates to: the outputs, as a list (count) or map (for_each) of them. */
  private moduleValue(name: string): Value {
    const state = this.moduleState.get(name);
    const address = `${this.prefix}module.${name}`;
    if (state?.state === 'evaluating') return unknown(`${address} refers to itself through its own arguments`);
    const children = this.moduleChildren(name);
    const decl = this.moduleCalls.get(name)!;
    const expansion = expansionKind(decl.block);
    const outputs = (child: ChildModule): Value => child.missing ?? child.evaluator!.outputValues();
    // One child standing for all instances, or for those over the instance cap.
    const standIn = expansion === 'single' ? undefined : children.find((c) => c.key === undefined);
    if (standIn) return standIn.missing ?? unknown(standIn.expansionUnknown ?? `the instances of ${address} are not known before apply`);
    if (expansion === 'count') return children.map(outputs);
    if (expansion === 'for_each') {
      const out: ValueObject = {};
      for (const child of children) out[String(child.key)] = outputs(child);
      return out;
    }
    return children[0] ? outputs(children[0]) : null;
  }

  private moduleChildren(name: string): ChildModule[] {
    const state = this.moduleState.get(name) ?? { state: 'pending' };
    this.moduleState.set(name, state);
    if (state.state === 'done') return state.value!;
    if (state.state === 'evaluating') return [];
    state.state = 'evaluating';
    try {
      state.value = this.callModule(this.moduleCalls.get(name)!);
    } finally {
      state.state = 'done';
    }
    return state.value!;
  }

  private callModule(decl: ModuleCallDecl): ChildModule[] {
    const base = `${this.prefix}module.${decl.name}`;
    const sourceAttr = decl.block.body.attributes.find((a) => a.name === 'source');
    const source = sourceAttr?.expr.kind === 'literal' && typeof sourceAttr.expr.value === 'string' ? sourceAttr.expr.value : undefined;
    if (source === undefined) {
      this.warn(decl.file, sourceAttr?.range ?? decl.block.range, `module "${decl.name}" needs a source given as a literal string`, 'error');
      return [{ address: base, missing: unknown(`module "${decl.name}" has no usable source`) }];
    }
    const keyPath = [...(this.options.keyPath ?? []), decl.name];
    const host = this.options.host;
    const resolved = host
      ? host.resolve({ callerDir: this.options.dir ?? '.', rootDir: this.options.rootDir ?? this.options.dir ?? '.', source, keyPath })
      : { missing: `module "${decl.name}" is not evaluated` };
    let loaded: LoadedModule | undefined;
    let missing: Unknown | undefined;
    if ('missing' in resolved) {
      this.warn(decl.file, decl.block.range, resolved.missing, 'warning');
      missing = unknown(resolved.missing);
    } else if ([...(this.options.dirChain ?? []), this.options.dir].includes(resolved.dir)) {
      const chain = [...(this.options.callChain ?? []).map((c) => c.address), base].join(' → ');
      const message = `module "${decl.name}" calls itself (${chain}): Terraform refuses such a cycle, so it is not followed`;
      this.warn(decl.file, decl.block.range, message, 'error');
      missing = unknown(message);
    } else if ((this.options.callChain?.length ?? 0) >= MAX_MODULE_DEPTH) {
      const message = `module "${decl.name}" is nested more than ${MAX_MODULE_DEPTH} calls deep; it is not followed`;
      this.warn(decl.file, decl.block.range, message, 'error');
      missing = unknown(message);
    } else {
      loaded = resolved;
    }
    const expansion = this.expansion(decl.block, base, decl.file);
    const entries: Array<[string | number | undefined, Record<string, Value>]> =
      expansion.kind === 'unknown' ? [[undefined, expansion.bindings]] : expansion.rest ? [...expansion.entries, [undefined, expansion.rest.bindings]] : expansion.entries;
    const restReason = expansion.kind === 'known' ? expansion.rest?.reason : undefined;
    const inputs = decl.block.body.attributes.filter((a) => !MODULE_META.has(a.name));
    const providers = passedProviders(decl.block, (key) => this.providerRegion(key));
    for (const problem of providers.problems) this.warn(decl.file, decl.block.range, `module "${decl.name}": ${problem}`, 'error');
    const children: ChildModule[] = [];
    for (const [key, bindings] of entries) {
      const address = `${base}${keySuffix(key)}`;
      const unknownExpansion = expansion.kind === 'unknown' ? { expansionUnknown: expansion.reason } : key === undefined && restReason ? { expansionUnknown: restReason } : {};
      if (!loaded) {
        children.push({ address, key, missing, ...unknownExpansion });
        continue;
      }
      const scope = extendScope(this.rootScope, bindings);
      const variableValues = new Map<string, VariableInput>();
      const variableReferences = new Map<string, (depth: number) => string | undefined>();
      for (const input of inputs) {
        variableValues.set(input.name, () => this.safeEvaluate(input.expr, scope, decl.file));
        variableReferences.set(input.name, (depth) => this.referenceOf(input.expr, scope, depth));
      }
      const site: ModuleCallSite = { address, source, file: decl.file, range: decl.block.range };
      const evaluator = new ModuleEvaluator(loaded.files, {
        relativeDir: relative(this.options.rootDir ?? this.options.dir ?? '.', loaded.dir).split(sep).join('/') || '.',
        variableValues,
        functions: host!.functionsFor(this.options.rootDir ?? this.options.dir ?? loaded.dir),
        secrets: this.options.secrets,
        host,
        dir: loaded.dir,
        rootDir: this.options.rootDir ?? this.options.dir,
        addressPrefix: `${address}.`,
        callChain: [...(this.options.callChain ?? []), site],
        dirChain: [...(this.options.dirChain ?? []), ...(this.options.dir ? [this.options.dir] : [])],
        keyPath,
        expansionUnknown: expansion.kind === 'unknown' ? expansion.reason : (key === undefined ? restReason : undefined) ?? this.options.expansionUnknown,
        ...(this.options.budget ? { budget: this.options.budget } : {}),
        called: true,
        providers: providers.lookup,
        variableReferences,
        ...(this.options.linkArguments ? { linkArguments: this.options.linkArguments } : {}),
      });
      children.push({ address, key, evaluator, ...unknownExpansion });
    }
    if (loaded && children[0]?.evaluator) {
      const declared = children[0].evaluator.variables;
      for (const input of inputs) {
        if (!declared.has(input.name)) {
          this.warn(decl.file, input.range, `module "${decl.name}" (${source}) has no variable "${input.name}"`, 'error');
        }
      }
    }
    return children;
  }
}

/** The instances count or for_each asks for; `rest` stands for those over the cap, `declared` is a count too large to list. */
type Expansion =
  | { kind: 'known'; entries: Array<[string | number | undefined, Record<string, Value>]>; rest?: { reason: string; bindings: Record<string, Value> }; declared?: number }
  | { kind: 'unknown'; reason: string; bindings: Record<string, Value> };
/**
 * A resource instance as another expression reads it, as Terraform has it at plan: an
 * optional+computed attribute the configuration leaves null is computed by the provider, and an
 * attribute of a nested block that the configuration does not set may be too (`vpc_config[0]
 * .cluster_security_group_id`), so both read unknown, not null or an error.
 */
function referenceObject(decl: ResourceDecl, instance: ResourceInstance): ValueObject {
  const out: ValueObject = {};
  const nestedBlocks = new Set(decl.block.body.blocks.map((b) => (b.type === 'dynamic' ? b.labels[0] : b.type)));
  for (const [name, value] of Object.entries(instance.attributes)) {
    if (value === null && decl.mode === 'managed' && isOptionalComputed(decl.type, name)) continue;
    if (nestedBlocks.has(name) && Array.isArray(value)) {
      out[name] = value.map((item) => (isValueObject(item) ? markResource({ ...item }, `${instance.address}.${name}`) : item));
    } else {
      out[name] = value;
    }
  }
  return markResource(out, instance.address);
}

function expansionKind(block: Block): 'count' | 'for_each' | 'single' {
  for (const attr of block.body.attributes) {
    if (attr.name === 'count') return 'count';
    if (attr.name === 'for_each') return 'for_each';
  }
  return 'single';
}

function keySuffix(key: string | number | undefined): string {
  return key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}
