import type { Block, Body, ConfigFile, Diagnostic, Range } from './ast.js';
import { evaluate, EvalError, extendScope, markResource, type Scope } from './evaluate.js';
import type { FunctionContext } from './functions/index.js';
import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * Evaluates one Terraform module: its variables, locals and resources, expanded by count and
 * for_each. Locals and resources are evaluated on demand, so declaration order never matters,
 * and a cycle is reported instead of recursing forever.
 */

export interface ResourceInstance {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `aws_s3_bucket.logs`, `aws_s3_bucket.logs["eu"]`, `aws_instance.web[0]` (without module prefix). */
  address: string;
  key?: string | number;
  /** Set when count or for_each could not be resolved: the instance stands for all of them. */
  expansionUnknown?: string;
  attributes: ValueObject;
  /** Where each top-level attribute or nested block was written. */
  attributeRanges: Record<string, Range>;
  file: string;
  range: Range;
}

export interface ModuleDiagnostic extends Diagnostic {
  file: string;
  severity: 'error' | 'warning';
}

export interface VariableDeclaration {
  name: string;
  block: Block;
  file: string;
  sensitive: boolean;
}

/** Blocks of a resource body that configure Terraform, not the resource. */
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'dynamic']);
const META_ATTRIBUTES = new Set(['count', 'for_each', 'provider', 'depends_on']);

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

export interface ModuleOptions {
  /** Directory of the module, relative to the scan root, for `path.module`. */
  relativeDir: string;
  /** Values already chosen for each variable by precedence; missing ones fall back to defaults. */
  variableValues: Map<string, Value>;
  functions: FunctionContext;
}

export class ModuleEvaluator {
  readonly diagnostics: ModuleDiagnostic[] = [];
  readonly variables = new Map<string, VariableDeclaration>();
  private readonly variableValues = new Map<string, Value>();
  private readonly locals = new Map<string, { expr: Body['attributes'][number]; file: string }>();
  private readonly localState = new Map<string, LazyState<Value>>();
  private readonly localStack: string[] = [];
  private readonly resources = new Map<string, ResourceDecl>();
  private readonly resourceTypes = new Set<string>();
  private readonly dataTypes = new Set<string>();
  private readonly instanceState = new Map<string, LazyState<ResourceInstance[]>>();
  private readonly rootScope: Scope;

  constructor(
    private readonly files: ConfigFile[],
    private readonly options: ModuleOptions,
  ) {
    this.index();
    this.rootScope = {
      resolveRoot: (name) => this.resolveRoot(name),
      resolveMember: (root, member, range) => this.resolveMember(root, member, range),
      functions: options.functions,
    };
    this.resolveVariables();
  }

  /** All managed resource instances, in file and declaration order. */
  managedInstances(): ResourceInstance[] {
    const out: ResourceInstance[] = [];
    for (const decl of this.resources.values()) {
      if (decl.mode === 'managed') out.push(...this.instancesOf(decl));
    }
    return out;
  }

  private index(): void {
    for (const file of this.files) {
      for (const block of file.body.blocks) {
        if (block.type === 'variable' && block.labels.length === 1) {
          const sensitiveAttr = block.body.attributes.find((a) => a.name === 'sensitive');
          this.variables.set(block.labels[0]!, {
            name: block.labels[0]!,
            block,
            file: file.path,
            sensitive: sensitiveAttr?.expr.kind === 'literal' && sensitiveAttr.expr.value === true,
          });
        } else if (block.type === 'locals') {
          for (const attr of block.body.attributes) this.locals.set(attr.name, { expr: attr, file: file.path });
        } else if ((block.type === 'resource' || block.type === 'data') && block.labels.length === 2) {
          const mode = block.type === 'resource' ? 'managed' : 'data';
          const [type, name] = block.labels as [string, string];
          const key = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
          if (this.resources.has(key)) {
            this.warn(file.path, block.range, `duplicate ${block.type} "${type}" "${name}": only the first is used`, 'error');
            continue;
          }
          this.resources.set(key, { mode, type, name, block, file: file.path });
          (mode === 'managed' ? this.resourceTypes : this.dataTypes).add(type);
        }
      }
    }
  }

  private warn(file: string, range: Range, message: string, severity: 'error' | 'warning' = 'warning'): void {
    this.diagnostics.push({ file, range, message, severity });
  }

  private resolveVariables(): void {
    for (const [name, decl] of this.variables) {
      if (this.options.variableValues.has(name)) {
        this.variableValues.set(name, this.options.variableValues.get(name)!);
        continue;
      }
      const defaultAttr = decl.block.body.attributes.find((a) => a.name === 'default');
      if (!defaultAttr) {
        this.variableValues.set(name, unknown(`variable "${name}" has no value: set it in a tfvars file, with --var-file or --var`));
        continue;
      }
      this.variableValues.set(name, this.safeEvaluate(defaultAttr.expr, this.rootScope, decl.file));
    }
  }

  private resolveRoot(name: string): Value | undefined {
    switch (name) {
      case 'path':
        return { module: this.options.relativeDir || '.', root: '.', cwd: '.' };
      case 'terraform':
        return { workspace: 'default' };
      case 'var': {
        const out: ValueObject = {};
        for (const [key, value] of this.variableValues) out[key] = value;
        return out;
      }
      case 'local': {
        const out: ValueObject = {};
        for (const key of this.locals.keys()) out[key] = this.local(key);
        return out;
      }
      case 'module':
        return unknown('module outputs are not evaluated yet');
      default:
        return undefined;
    }
  }

  private resolveMember(root: string, member: string, range: Range): Value | undefined {
    if (root === 'var') {
      if (!this.variableValues.has(member)) throw new EvalError(`reference to undeclared input variable "${member}"`, range);
      return this.variableValues.get(member)!;
    }
    if (root === 'local') {
      if (!this.locals.has(member)) throw new EvalError(`reference to undeclared local value "${member}"`, range);
      return this.local(member);
    }
    if (root === 'module') return unknown(`output of module "${member}" is not evaluated`);
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
    const prefix = decl.mode === 'data' ? `data.${decl.type}.${decl.name}` : `${decl.type}.${decl.name}`;
    const state = this.instanceState.get(prefix);
    if (state?.state === 'evaluating') return unknown(`${prefix} refers to itself`, prefix);
    const instances = this.instancesOf(decl);
    const expansion = this.expansionKind(decl);
    const asObject = (instance: ResourceInstance): ValueObject =>
      markResource({ ...instance.attributes }, instance.address);
    if (instances.length === 1 && instances[0]!.expansionUnknown) {
      return unknown(instances[0]!.expansionUnknown, prefix);
    }
    if (expansion === 'count') return instances.map(asObject);
    if (expansion === 'for_each') {
      const out: ValueObject = {};
      for (const instance of instances) out[String(instance.key)] = asObject(instance);
      return out;
    }
    return instances[0] ? asObject(instances[0]) : null;
  }

  private expansionKind(decl: ResourceDecl): 'count' | 'for_each' | 'single' {
    const names = decl.block.body.attributes.map((a) => a.name);
    if (names.includes('count')) return 'count';
    if (names.includes('for_each')) return 'for_each';
    return 'single';
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
    }
    return state.value;
  }

  /** Evaluates an expression; a Terraform error becomes an unknown with the reason, plus a diagnostic. */
  private safeEvaluate(expr: Parameters<typeof evaluate>[0], scope: Scope, file: string): Value {
    try {
      return evaluate(expr, scope);
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      // A cycle must reach the outermost local so it is reported once, where it starts.
      if (error.message.startsWith('local values form a cycle') && this.localStack.length > 1) throw error;
      this.warn(file, error.range, error.message, error.message.includes('cycle') ? 'error' : 'warning');
      return unknown(`${file}:${error.range.start.line}:${error.range.start.column}: ${error.message}`);
    }
  }

  private instancesOf(decl: ResourceDecl): ResourceInstance[] {
    const key = decl.mode === 'data' ? `data.${decl.type}.${decl.name}` : `${decl.type}.${decl.name}`;
    const state = this.instanceState.get(key) ?? { state: 'pending' };
    this.instanceState.set(key, state);
    if (state.state === 'done') return state.value!;
    if (state.state === 'evaluating') return [];
    state.state = 'evaluating';
    try {
      state.value = this.expand(decl, key);
    } finally {
      state.state = 'done';
    }
    return state.value!;
  }

  private expand(decl: ResourceDecl, base: string): ResourceInstance[] {
    const body = decl.block.body;
    const countAttr = body.attributes.find((a) => a.name === 'count');
    const forEachAttr = body.attributes.find((a) => a.name === 'for_each');
    const make = (bindings: Record<string, Value>, key?: string | number, expansionUnknown?: string): ResourceInstance => {
      const scope = extendScope(this.rootScope, bindings);
      const { value, ranges } = this.evaluateBody(body, scope, decl.file);
      const suffix = key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
      return {
        mode: decl.mode,
        type: decl.type,
        name: decl.name,
        address: `${base}${suffix}`,
        key,
        expansionUnknown,
        attributes: value,
        attributeRanges: ranges,
        file: decl.file,
        range: decl.block.range,
      };
    };
    if (countAttr) {
      const count = this.safeEvaluate(countAttr.expr, this.rootScope, decl.file);
      if (isUnknown(count)) {
        const reason = `count of ${base} is not known before apply (${count.reason})`;
        return [make({ count: { index: unknown(reason) } }, undefined, reason)];
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        this.warn(decl.file, countAttr.range, `count must be a whole number, got ${JSON.stringify(count)}`, 'error');
        return [];
      }
      return Array.from({ length: count }, (_, index) => make({ count: { index } }, index));
    }
    if (forEachAttr) {
      const collection = this.safeEvaluate(forEachAttr.expr, this.rootScope, decl.file);
      if (isUnknown(collection)) {
        const reason = `for_each of ${base} is not known before apply (${collection.reason})`;
        return [make({ each: { key: unknown(reason), value: unknown(reason) } }, undefined, reason)];
      }
      let entries: Array<[string, Value]>;
      if (Array.isArray(collection)) {
        const keys = collection.filter((item): item is string => typeof item === 'string');
        if (keys.length !== collection.length) {
          const pending = collection.find(isUnknown);
          if (pending) {
            const reason = `for_each of ${base} has keys not known before apply (${pending.reason})`;
            return [make({ each: { key: unknown(reason), value: unknown(reason) } }, undefined, reason)];
          }
          this.warn(decl.file, forEachAttr.range, 'for_each over a list requires a set of strings (use toset())', 'error');
          return [];
        }
        entries = [...new Set(keys)].sort().map((k) => [k, k]);
      } else if (isValueObject(collection)) {
        entries = Object.keys(collection).map((k) => [k, collection[k]!]);
      } else {
        this.warn(decl.file, forEachAttr.range, 'for_each requires a map or a set of strings', 'error');
        return [];
      }
      return entries.map(([key, value]) => make({ each: { key, value } }, key));
    }
    return [make({})];
  }

  /** A resource or nested block body as a value; nested blocks become lists under their type. */
  evaluateBody(body: Body, scope: Scope, file: string): { value: ValueObject; ranges: Record<string, Range> } {
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
      if (META_BLOCKS.has(block.type)) continue;
      const list = value[block.type];
      const nested = this.evaluateBody(block.body, scope, file).value;
      if (Array.isArray(list)) list.push(nested);
      else if (!isUnknown(list)) value[block.type] = [nested];
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
    const list = Array.isArray(existing) ? existing : (into[type] = []) as Value[];
    for (const [key, value] of entries) {
      const inner = extendScope(scope, { [name]: { key, value } });
      list.push(this.evaluateBody(content.body, inner, file).value);
    }
  }
}
