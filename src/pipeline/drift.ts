import type { Status } from '../engine/evaluate.js';
import type { Rule, Severity } from '../engine/catalogue.js';
import type { AwsProvenance, Resource, StateProvenance, TerraformProvenance } from '../model/resource.js';
import { findUnknown, isUnknown, isValueObject, type Value, type ValueObject } from '../model/value.js';
import { KINDS } from '../model/kinds.js';
import { SENSITIVE } from '../sources/terraform/secrets.js';
import type { ReportDrift, ReportDriftResource } from '../report/document.js';
import type { LiveJoin } from './join.js';

/**
 * The drift section of the report: per joined resource, each rule's verdict on code, state and
 * live side by side, and the model attributes that differ between state and live (changed out of
 * band) and between code and state (not yet applied). Attributes are compared in the model, the
 * shape every source fills, and only where both sides know them: a value unknown before apply or
 * unreadable in the account is no difference.
 */

/** Verdicts by resource, then by rule ID: filled while the engine runs. */
export type Verdicts = Map<Resource, Map<string, Status>>;

export interface DriftInput {
  states: Array<{ state: string; root?: string; resources: Resource[]; terraformVersion?: string }>;
  code: Map<Resource, Resource>;
  live?: LiveJoin;
  verdicts: Verdicts;
  rules: Rule[];
  severities?: Record<string, Severity>;
}

/** At most this many differing attributes are listed per resource and view pair. */
const MAX_DIFFS = 40;
const MAX_SHOWN = 160;

export function driftReport(input: DriftInput): ReportDrift {
  const ruleOrder = new Map(input.rules.map((rule, i) => [rule.id, i]));
  const severityOf = new Map(input.rules.map((rule) => [rule.id, input.severities?.[rule.id] ?? rule.severity]));
  const resources: ReportDriftResource[] = [];
  const gone = new Set(input.live?.gone ?? []);
  for (const { resources: stateResources } of input.states) {
    for (const state of stateResources) {
      const code = input.code.get(state);
      const live = input.live?.live.get(state);
      if (!code && !live) continue;
      const p = state.provenance as StateProvenance;
      const declared = declaredAttributes(state.kind);
      const verdicts = verdictRows([code, state, live], input.verdicts, ruleOrder, severityOf);
      const row: ReportDriftResource = {
        kind: state.kind,
        name: state.name,
        address: p.address,
        state: p.state,
        ...(p.root !== undefined ? { root: p.root } : {}),
        views: { state: { address: p.address, ...(p.arn ? { arn: p.arn } : {}), ...(p.resourceId ? { id: p.resourceId } : {}) } },
        verdicts,
        drift: live ? differences(state.attributes, live.attributes, 'state', 'live', declared) : [],
        notApplied: code ? differences(code.attributes, state.attributes, 'code', 'state', declared) : [],
      };
      if (code) {
        const c = code.provenance as TerraformProvenance;
        row.views.code = { address: c.address, ...(c.root !== undefined ? { root: c.root } : {}) };
        row.location = { file: c.location.file, startLine: c.location.startLine, endLine: c.location.endLine };
      }
      if (live) {
        const l = live.provenance as AwsProvenance;
        row.views.live = { arn: l.arn, account: l.account, region: l.region };
      }
      resources.push(row);
    }
  }
  resources.sort((a, b) => compare(a.root ?? '', b.root ?? '') || compare(a.address, b.address) || compare(a.state, b.state));
  const unmanaged = (input.live?.unmanaged ?? [])
    .map((r) => {
      const p = r.provenance as AwsProvenance;
      return { kind: r.kind, name: r.name, arn: p.arn, account: p.account, region: p.region };
    })
    .sort((a, b) => compare(a.arn, b.arn));
  const goneRows = [...gone]
    .map((r) => {
      const p = r.provenance as StateProvenance;
      return {
        kind: r.kind,
        name: r.name,
        address: p.address,
        state: p.state,
        ...(p.root !== undefined ? { root: p.root } : {}),
        ...(p.arn ? { arn: p.arn } : {}),
        ...(p.resourceId ? { id: p.resourceId } : {}),
        ...(p.code ? { location: { file: p.code.location.file, startLine: p.code.location.startLine, endLine: p.code.location.endLine } } : {}),
      };
    })
    .sort((a, b) => compare(a.state, b.state) || compare(a.address, b.address));
  const notCompared = (input.live?.notCompared ?? [])
    .map(({ state, reason }) => {
      const p = state.provenance as StateProvenance;
      return { kind: state.kind, name: state.name, address: p.address, state: p.state, reason };
    })
    .sort((a, b) => compare(a.state, b.state) || compare(a.address, b.address));
  return {
    states: input.states.map((s) => ({ state: s.state, ...(s.root !== undefined ? { root: s.root } : {}), resources: s.resources.length, ...(s.terraformVersion ? { terraformVersion: s.terraformVersion } : {}) })),
    live: input.live !== undefined,
    summary: {
      joined: resources.length,
      drifted: resources.filter((r) => r.drift.length > 0).length,
      notApplied: resources.filter((r) => r.notApplied.length > 0).length,
      unmanaged: unmanaged.length,
      gone: goneRows.length,
      notCompared: notCompared.length,
    },
    resources,
    unmanaged,
    gone: goneRows,
    notCompared,
  };
}

function verdictRows(
  [code, state, live]: Array<Resource | undefined>,
  verdicts: Verdicts,
  order: Map<string, number>,
  severityOf: Map<string, Severity>,
): ReportDriftResource['verdicts'] {
  const rows = new Map<string, ReportDriftResource['verdicts'][number]>();
  const add = (resource: Resource | undefined, view: 'code' | 'state' | 'live'): void => {
    for (const [rule, status] of (resource && verdicts.get(resource)) ?? []) {
      let row = rows.get(rule);
      if (!row) rows.set(rule, (row = { rule, severity: severityOf.get(rule) ?? 'info' }));
      row[view] = status;
    }
  };
  add(code, 'code');
  add(state, 'state');
  add(live, 'live');
  return [...rows.values()].sort((a, b) => (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
}

/**
 * The model attributes of the resource's kind that both sides know and hold differently; nested
 * objects by their fields, lists as a whole and regardless of order (AWS does not keep the order
 * rules were written in).
 */
export function differences<A extends string, B extends string>(left: ValueObject, right: ValueObject, a: A, b: B, declared?: ReadonlySet<string>): Array<{ attribute: string } & Record<A | B, string>> {
  const out: Array<{ attribute: string } & Record<A | B, string>> = [];
  const walk = (l: Value | undefined, r: Value | undefined, path: string, depth: number): void => {
    if (out.length >= MAX_DIFFS || l === undefined || r === undefined) return;
    // Most resources are in step: an equal value in the same order costs no strings at all.
    if (sameOrUnknown(l, r, 0)) return;
    if (isValueObject(l) && isValueObject(r) && depth < 8) {
      for (const k of Object.keys(l).sort()) walk(l[k], r[k], `${path}.${k}`, depth + 1);
      return;
    }
    // A list or value with an unknown part cannot be told different.
    if (findUnknown(l) || findUnknown(r) || l === SENSITIVE || r === SENSITIVE) return;
    const cl = canonical(l);
    const cr = canonical(r);
    if (cl === cr) return;
    out.push({ attribute: path, [a]: shown(cl), [b]: shown(cr) } as { attribute: string } & Record<A | B, string>);
  };
  for (const name of Object.keys(left).sort()) {
    if (!(name in right) || isUnknown(left[name]) || (declared !== undefined && !declared.has(name))) continue;
    walk(left[name], right[name], name, 0);
  }
  return out;
}

/** Equal in the same order, or holding an unknown where they part (which is no difference either). */
function sameOrUnknown(l: Value, r: Value, depth: number): boolean {
  if (l === r) return true;
  if (isUnknown(l) || isUnknown(r)) return true;
  if (depth > 16) return false;
  if (Array.isArray(l)) {
    if (!Array.isArray(r) || l.length !== r.length) return false;
    for (let i = 0; i < l.length; i++) if (!sameOrUnknown(l[i]!, r[i]!, depth + 1)) return false;
    return true;
  }
  if (isValueObject(l)) {
    if (!isValueObject(r)) return false;
    let n = 0;
    for (const k in l) {
      n++;
      if (!(k in r) || !sameOrUnknown(l[k]!, r[k]!, depth + 1)) return false;
    }
    for (const _ in r) n--;
    return n === 0;
  }
  return false;
}

/** The model attributes a kind declares: others (derived helpers) are not compared. */
export function declaredAttributes(kind: string): Set<string> | undefined {
  const spec = KINDS[kind];
  return spec ? new Set(Object.keys(spec.attributes)) : undefined;
}

/**
 * How sources name a thing differently without it being different: a device the Terraform mappers
 * call `root` is `/dev/xvda` in the account. Such fields are not compared.
 */
const NAMED_BY_SOURCE = new Set(['device_name']);

/**
 * A value in a form where equal means equal: lists in any order; empty strings, lists and objects
 * as null (a provider writes "" where the API leaves the field out).
 */
function canonical(value: Value): string {
  if (value === '' || (Array.isArray(value) && value.length === 0) || (isValueObject(value) && Object.keys(value).length === 0)) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (isValueObject(value)) {
    const keys = Object.keys(value).filter((k) => !NAMED_BY_SOURCE.has(k)).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function shown(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
