import { describe, expect, it } from 'vitest';
import { evaluateCondition, isWholeInternet, type Condition } from '../../src/engine/check.js';
import { isUnknown, unknown, type ValueObject } from '../../src/model/value.js';

const truth = (condition: Condition, subject: ValueObject, params = {}) => evaluateCondition(condition, subject, params).truth;

describe('three-valued logic', () => {
  const u = unknown('not known');
  it('lets a decided operand win over an unknown one', () => {
    expect(truth({ any: [{ attribute: 'a', equals: true }, { attribute: 'b', equals: true }] }, { a: u, b: true })).toBe(true);
    expect(truth({ all: [{ attribute: 'a', equals: true }, { attribute: 'b', equals: true }] }, { a: u, b: false })).toBe(false);
  });
  it('stays unknown when the unknown operand decides', () => {
    expect(isUnknown(truth({ all: [{ attribute: 'a', equals: true }, { attribute: 'b', equals: true }] }, { a: u, b: true }))).toBe(true);
    expect(isUnknown(truth({ not: { attribute: 'a', equals: true } }, { a: u }))).toBe(true);
  });
  it('treats an apply-time reference to another resource as set', () => {
    expect(truth({ attribute: 'k', exists: true }, { k: unknown('arn after apply', 'aws_kms_key.x') })).toBe(true);
    expect(isUnknown(truth({ attribute: 'k', exists: true }, { k: unknown('variable without value') }))).toBe(true);
    expect(truth({ attribute: 'k', exists: true }, { k: null })).toBe(false);
  });
});

describe('list quantifiers', () => {
  const rules = { ingress: [{ port: 22 }, { port: 443 }] };
  it('every / some / no', () => {
    expect(truth({ every: 'ingress', satisfy: { attribute: 'port', gte: 22 } }, rules)).toBe(true);
    expect(truth({ some: 'ingress', satisfy: { attribute: 'port', equals: 443 } }, rules)).toBe(true);
    expect(truth({ no: 'ingress', satisfy: { attribute: 'port', equals: 22 } }, rules)).toBe(false);
    expect(truth({ some: 'ingress', satisfy: { attribute: 'port', equals: 1 } }, { ingress: [] })).toBe(false);
  });
  it('names the offending element in the facts, with its label', () => {
    const outcome = evaluateCondition({ no: 'ingress', label: 'port {port}', satisfy: { attribute: 'port', equals: 22 } }, rules, {});
    expect(outcome.facts).toEqual(['ingress[0] (port 22)']);
    expect(outcome.paths).toEqual(['ingress[port 22]']); // identified by content, not position
    expect(outcome.sites).toEqual(['ingress[0]']); // and located by position, to find the block that set it
  });
  it('gives the sites of every failing element and of the attribute a comparison read', () => {
    const outcome = evaluateCondition({ every: 'ingress', satisfy: { attribute: 'port', equals: 443 } }, { ingress: [{ port: 22 }, { port: 443 }, { port: 80 }] }, {});
    expect(outcome.sites).toEqual(['ingress[0]', 'ingress[2]']);
    const all = evaluateCondition({ all: [{ attribute: 'a.b', equals: true }, { attribute: 'c', equals: true }] }, { a: { b: true }, c: false }, {});
    expect(all.sites).toEqual(['c']);
  });
  it('is unknown over an unknown list, decided over a list with an unknown element that does not matter', () => {
    expect(isUnknown(truth({ no: 'ingress', satisfy: { attribute: 'port', equals: 22 } }, { ingress: unknown('x') }))).toBe(true);
    expect(truth({ no: 'ingress', satisfy: { attribute: 'port', equals: 22 } }, { ingress: [{ port: unknown('x') }, { port: 22 }] })).toBe(false);
  });
  it('takes an unknown element (the unknown rest of a list) as one that may or may not qualify', () => {
    const rest = unknown('the other rules of the group are not known');
    const open = { ingress: [{ port: 22 }, rest] };
    const closed = { ingress: [{ port: 443 }, rest] };
    expect(truth({ no: 'ingress', satisfy: { attribute: 'port', equals: 22 } }, open)).toBe(false);
    expect(truth({ no: 'ingress', satisfy: { attribute: 'port', equals: 22 } }, closed)).toBe(rest);
    expect(truth({ every: 'ingress', satisfy: { attribute: 'port', equals: 443 } }, closed)).toBe(rest);
    expect(truth({ some: 'ingress', satisfy: { attribute: 'port', equals: 443 } }, closed)).toBe(true);
    expect(evaluateCondition({ no: 'ingress', satisfy: { attribute: 'port', equals: 22 } }, closed, {}).facts).toEqual([
      'ingress[1] is unknown (the other rules of the group are not known)',
    ]);
  });
});

describe('list tests beside unknown elements', () => {
  const rest = unknown('not known');
  it('knows a list holding a known element, or another resource\'s apply-time ARN, is not empty', () => {
    expect(truth({ attribute: 'l', is_empty: true }, { l: ['arn:aws:iam::aws:policy/ReadOnlyAccess', rest] })).toBe(false);
    expect(truth({ attribute: 'l', is_empty: false }, { l: [unknown('arn after apply', 'aws_iam_policy.x')] })).toBe(true);
    expect(truth({ attribute: 'l', is_empty: true }, { l: [rest] })).toBe(rest);
  });
  it('lets one known element decide contains and cidr_open_to_internet, and stays unknown otherwise', () => {
    expect(truth({ attribute: 'l', contains: 'a' }, { l: [rest, 'a'] })).toBe(true);
    expect(truth({ attribute: 'l', contains: 'b' }, { l: [rest, 'a'] })).toBe(rest);
    expect(truth({ attribute: 'c', cidr_open_to_internet: true }, { c: [rest, '0.0.0.0/0'] })).toBe(true);
    expect(truth({ attribute: 'c', cidr_open_to_internet: false }, { c: [rest, '::/0'] })).toBe(false);
    expect(truth({ attribute: 'c', cidr_open_to_internet: true }, { c: [rest, '10.0.0.0/8'] })).toBe(rest);
  });
});

describe('domain operators', () => {
  it('recognises CIDRs that span the whole internet', () => {
    expect(isWholeInternet('0.0.0.0/0')).toBe(true);
    expect(isWholeInternet('::/0')).toBe(true);
    expect(isWholeInternet('10.0.0.0/8')).toBe(false);
    expect(isWholeInternet('not a cidr')).toBe(false);
  });
  const range = { port_range: { from: 'from', to: 'to', protocol: 'protocol' } };
  it('tests port ranges without enumerating them', () => {
    expect(truth({ ...range, includes_any_port: [22] }, { from: 0, to: 200000, protocol: 'tcp' })).toBe(true);
    expect(truth({ ...range, includes_any_port: [22] }, { from: 80, to: 443, protocol: 'tcp' })).toBe(false);
    expect(truth({ ...range, includes_any_port: [22] }, { from: 0, to: 0, protocol: '-1' })).toBe(true);
    expect(truth({ ...range, includes_any_port: [22], protocols: ['tcp'] }, { from: 22, to: 22, protocol: 'udp' })).toBe(false);
    expect(truth({ ...range, covers_all_ports: true }, { from: 0, to: 65535, protocol: 'tcp' })).toBe(true);
    expect(truth({ ...range, covers_all_ports: true }, { from: 22, to: 22, protocol: 'tcp' })).toBe(false);
  });
  it('reads parameters', () => {
    expect(truth({ attribute: 'days', gte: { param: 'min' } }, { days: 7 }, { min: 7 })).toBe(true);
    expect(truth({ attribute: 'days', gte: { param: 'min' } }, { days: 6 }, { min: 7 })).toBe(false);
  });
});
