import { isValueObject, reviveValue, type Value, type ValueObject } from '../../model/value.js';
import { maskSensitive } from '../terraform/plan.js';
import { SENSITIVE } from '../terraform/secrets.js';

/**
 * Reads the text of a Terraform state into its managed resource instances. Two shapes are read:
 * the state file itself (format version 4, written by Terraform 0.12 to 1.x and by OpenTofu, as
 * `terraform state pull` prints it) and `terraform show -json` of a state (`values.root_module`).
 * Data sources are left out: they are read, not managed. Sensitive values are masked here, before
 * anything else sees them.
 */

/** One managed resource instance of a state, its attributes revived and masked. */
export interface StateInstance {
  type: string;
  name: string;
  /** `module.a["x"].aws_s3_bucket.b[0]`. */
  address: string;
  /** `module.a["x"]`, empty at the root. */
  module: string;
  key?: string | number;
  attributes: ValueObject;
  /** Addresses of the resources this instance depends on (raw states only). */
  dependencies: string[];
}

export interface ParsedState {
  instances: StateInstance[];
  /** Terraform (or OpenTofu) version that wrote the state, when it says. */
  terraformVersion?: string;
}

/** A state that cannot be read, with where the fault is (1-based), when known. */
export class StateFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** The largest number of instances one state may hold: a bound on the loop, far above real states. */
export const MAX_STATE_INSTANCES = 1_000_000;

export function parseState(text: string): ParsedState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const { line, column } = positionOf(text, (error as Error).message);
    throw new StateFormatError(`not valid JSON (${text.length === 0 ? 'the file is empty' : conciseJsonError((error as Error).message)}): a truncated or damaged state?`, line, column);
  }
  if (!isObject(raw)) throw new StateFormatError('not a Terraform state: expected a JSON object with "version": 4 and "resources"', 1, 1);
  if ('format_version' in raw && isObject(raw.values)) return fromShowJson(raw);
  if ('planned_values' in raw) throw new StateFormatError('a Terraform plan, not a state: scan the plan as a path, and give --state the state (terraform state pull)');
  if (!('version' in raw)) throw new StateFormatError('not a Terraform state: expected "version": 4 and "resources" (the output of terraform state pull, or a terraform.tfstate file)', 1, 1);
  if (raw.version !== 4) {
    const older = typeof raw.version === 'number' && raw.version < 4;
    throw new StateFormatError(
      `unsupported state version ${JSON.stringify(raw.version)}: Vigil reads version 4 (Terraform 0.12 and later, OpenTofu)${older ? '; run terraform 0.12 or later once on it to upgrade it' : ''}`,
    );
  }
  if (!Array.isArray(raw.resources)) throw new StateFormatError('not a Terraform state: "resources" is missing or not a list');
  const instances: StateInstance[] = [];
  const resources = raw.resources as unknown[];
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i];
    // Each raw resource is released once read, so a large state is not held twice.
    resources[i] = null;
    if (!isObject(resource) || resource.mode !== 'managed') continue;
    const { type, name } = resource;
    if (typeof type !== 'string' || typeof name !== 'string') throw new StateFormatError(`resources[${i}]: "type" and "name" must be strings`);
    const module = typeof resource.module === 'string' ? resource.module : '';
    const list = Array.isArray(resource.instances) ? resource.instances : [];
    for (const instance of list) {
      if (!isObject(instance)) continue;
      if (instance.status === 'tainted' && !('attributes' in instance)) continue;
      if (instances.length >= MAX_STATE_INSTANCES) throw new StateFormatError(`more than ${MAX_STATE_INSTANCES.toLocaleString('en-US')} resource instances: not read`);
      const key = instance.index_key;
      const attributes = revive(instance.attributes);
      maskPaths(attributes, instance.sensitive_attributes);
      instances.push({
        type,
        name,
        module,
        address: `${module ? `${module}.` : ''}${type}.${name}${keySuffix(key)}`,
        ...(typeof key === 'string' || typeof key === 'number' ? { key } : {}),
        attributes,
        dependencies: Array.isArray(instance.dependencies) ? instance.dependencies.filter((d): d is string => typeof d === 'string') : [],
      });
    }
  }
  return { instances, ...(typeof raw.terraform_version === 'string' ? { terraformVersion: raw.terraform_version } : {}) };
}

/** `terraform show -json` of a state: `values.root_module` with `child_modules`, like a plan's planned values. */
function fromShowJson(raw: Record<string, unknown>): ParsedState {
  const instances: StateInstance[] = [];
  const pending: unknown[] = [(raw.values as Record<string, unknown>).root_module];
  let visited = 0;
  while (pending.length > 0) {
    const module = pending.pop();
    if (!isObject(module)) continue;
    if (++visited > MAX_STATE_INSTANCES) throw new StateFormatError('too many modules: not read');
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource) || resource.mode !== 'managed') continue;
      if (typeof resource.type !== 'string' || typeof resource.name !== 'string' || typeof resource.address !== 'string') continue;
      if (instances.length >= MAX_STATE_INSTANCES) throw new StateFormatError(`more than ${MAX_STATE_INSTANCES.toLocaleString('en-US')} resource instances: not read`);
      const attributes = revive(resource.values);
      maskSensitive(attributes, resource.sensitive_values);
      const key = resource.index;
      const local = `${resource.type}.${resource.name}${keySuffix(key)}`;
      const module = resource.address.endsWith(local) ? resource.address.slice(0, resource.address.length - local.length).replace(/\.$/, '') : '';
      instances.push({
        type: resource.type,
        name: resource.name,
        module,
        address: resource.address,
        ...(typeof key === 'string' || typeof key === 'number' ? { key } : {}),
        attributes,
        dependencies: [],
      });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) pending.push(child);
  }
  return { instances, ...(typeof raw.terraform_version === 'string' ? { terraformVersion: raw.terraform_version } : {}) };
}

/** `[0]`, `["eu"]`, or nothing, as Terraform writes instance keys in addresses. */
export function keySuffix(key: unknown): string {
  if (typeof key === 'number') return `[${key}]`;
  if (typeof key === 'string') return `[${JSON.stringify(key)}]`;
  return '';
}

function revive(raw: unknown): ValueObject {
  const value = reviveValue(raw ?? {});
  return isValueObject(value) ? value : {};
}

/**
 * `sensitive_attributes` of a raw state: paths of steps (`[{"type":"get_attr","value":"password"}]`),
 * each masking the value it reaches.
 */
function maskPaths(attributes: ValueObject, paths: unknown): void {
  if (!Array.isArray(paths)) return;
  for (const path of paths) {
    if (!Array.isArray(path) || path.length === 0 || path.length > 64) continue;
    let parent: Value = attributes;
    for (let i = 0; i < path.length; i++) {
      const step = path[i] as { type?: unknown; value?: unknown } | undefined;
      const key = step?.value;
      const last = i === path.length - 1;
      if (Array.isArray(parent) && typeof key === 'number') {
        if (last) parent[key] = parent[key] === undefined ? (undefined as unknown as Value) : SENSITIVE;
        else parent = parent[key] as Value;
      } else if (isValueObject(parent) && (typeof key === 'string' || typeof key === 'number')) {
        const name = String(key);
        if (!Object.prototype.hasOwnProperty.call(parent, name)) break;
        if (last) parent[name] = parent[name] === null ? null : SENSITIVE;
        else parent = parent[name]!;
      } else {
        break;
      }
      if (parent === undefined) break;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Node's message without the text it quotes from the input (the input is untrusted). */
function conciseJsonError(message: string): string {
  return message.replace(/, "[\s\S]*$/, '').replace(/ in JSON at position \d+.*$/, '').slice(0, 120);
}

/** Line and column of the position a JSON.parse message names; the end of the text when it names none (truncated). */
function positionOf(text: string, message: string): { line: number; column: number } {
  const match = /position (\d+)/.exec(message);
  const at = match ? Math.min(Number(match[1]), text.length) : text.length;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}
