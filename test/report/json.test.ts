import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../src/bench/reports.js';
import type { ReportDocument } from '../../src/report/document.js';
import { NATIVE_MAX_ITEMS, renderJson, renderJsonWithin, stringifyWithList } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderCodeQuality } from '../../src/report/codequality.js';

/**
 * The JSON-based reports are written with their long list item by item, so a report's length is
 * known before it outgrows one string (and the list's items need not all exist at once).
 */

const never = (): string => 'unreachable';

describe('stringifyWithList', () => {
  it('writes what JSON.stringify(value, null, 2) writes, with the list anywhere on a path of keys and indexes', () => {
    const values: Array<[unknown, Array<string | number>]> = [
      [{ a: 1, list: [{ x: [1, 2] }, 'two', null, [], {}], b: { c: 'd' } }, ['list']],
      [{ a: undefined, f: () => 1, list: [] }, ['list']],
      [{ runs: [{ tool: 'v', results: [{ r: 1 }, { r: 2 }], after: true }, { other: 1 }] }, ['runs', 0, 'results']],
      [{ runs: [{ results: [] }] }, ['runs', 0, 'results']],
      [[1, { deep: { er: ['x\ny'] } }, undefined], []],
      [[], []],
      [{}, ['absent']],
    ];
    for (const [value, path] of values) expect(stringifyWithList(value, path, 1e9, never)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('takes the list from any iterable, made item by item as the text is written', () => {
    let made = 0;
    function* items(): Generator<object> {
      for (let i = 0; i < 3; i++) yield { i, made: ++made };
    }
    const text = stringifyWithList({ head: 1, list: { [Symbol.iterator]: items } }, ['list'], 1e9, never);
    expect(JSON.parse(text)).toEqual({ head: 1, list: [{ i: 0, made: 1 }, { i: 1, made: 2 }, { i: 2, made: 3 }] });
  });

  it('stops with a RangeError carrying the message it is given once the text passes the length', () => {
    const value = { list: Array.from({ length: 100 }, (_, i) => ({ i })) };
    const whole = `${JSON.stringify(value, null, 2)}\n`.length;
    expect(stringifyWithList(value, ['list'], whole, never).length).toBe(whole);
    expect(() => stringifyWithList(value, ['list'], whole - 1, () => 'too long here')).toThrow(new RangeError('too long here'));
  });
});

describe('renderJson', () => {
  it('writes exactly what JSON.stringify(document, null, 2) writes, results or none, optional keys left out', () => {
    for (const document of [syntheticReport(400), syntheticReport(1), { ...syntheticReport(3), results: [] }, { ...syntheticReport(2), drift: undefined } as ReportDocument]) {
      expect(renderJson(document)).toBe(`${JSON.stringify(document, null, 2)}\n`);
    }
  });

  it('stops with a RangeError naming the results once the text passes what one string can hold', () => {
    const document = syntheticReport(400);
    const whole = renderJson(document).length;
    expect(renderJsonWithin(document, whole)).toBe(renderJson(document));
    expect(() => renderJsonWithin(document, whole - 1)).toThrow(RangeError);
    expect(() => renderJsonWithin(document, Math.floor(whole / 2))).toThrow(/the JSON report of 400 results is longer than one string can hold/);
  });
});

describe('SARIF and GitLab Code Quality', () => {
  it('stop with a RangeError naming the format and results once the text passes the length, instead of running out of memory', () => {
    const document = syntheticReport(400);
    const sarif = renderSarif(document);
    expect(renderSarif(document, sarif.length)).toBe(sarif);
    expect(() => renderSarif(document, sarif.length - 1)).toThrow(/the SARIF report of 400 results is longer than one string can hold/);
    const quality = renderCodeQuality(document);
    expect(JSON.parse(quality).length).toBeGreaterThan(0);
    expect(renderCodeQuality(document, quality.length)).toBe(quality);
    expect(() => renderCodeQuality(document, quality.length - 1)).toThrow(/the GitLab Code Quality report of 400 results is longer/);
  });

  it('are indented as JSON.stringify indents them', () => {
    const sarif = renderSarif(syntheticReport(20));
    expect(sarif).toBe(`${JSON.stringify(JSON.parse(sarif), null, 2)}\n`);
    const quality = renderCodeQuality(syntheticReport(20));
    expect(quality).toBe(`${JSON.stringify(JSON.parse(quality), null, 2)}\n`);
  });

  it('write a report of more results than one native JSON.stringify takes result by result, to the same text, and stop past the length', () => {
    const large = syntheticReport(NATIVE_MAX_ITEMS + 1);
    const small = { ...large, results: large.results.slice(0, NATIVE_MAX_ITEMS) };
    const json = renderJson(large);
    expect(json).toBe(`${JSON.stringify(large, null, 2)}\n`);
    expect(() => renderJsonWithin(large, json.length - 1)).toThrow(/the JSON report of 20,001 results/);
    // SARIF: the result-by-result log of 20,001 results is the native log of 20,000 and at most one result more.
    const sarif = JSON.parse(renderSarif(large)) as { runs: Array<{ results: unknown[] }> };
    const sarifSmall = JSON.parse(renderSarif(small)) as { runs: Array<{ results: unknown[] }> };
    const first = sarifSmall.runs[0]!.results;
    expect(sarif.runs[0]!.results.length - first.length).toBeLessThanOrEqual(1);
    expect(sarif.runs[0]!.results.slice(0, first.length)).toEqual(first);
    expect({ ...sarif.runs[0], results: [] }).toEqual({ ...sarifSmall.runs[0], results: [] });
    expect(renderSarif(large)).toBe(`${JSON.stringify(sarif, null, 2)}\n`);
    const sarifText = renderSarif(large);
    expect(() => renderSarif(large, sarifText.length - 1)).toThrow(/the SARIF report of 20,001 results/);
    const quality = renderCodeQuality(large);
    expect(quality).toBe(`${JSON.stringify(JSON.parse(quality), null, 2)}\n`);
    expect(() => renderCodeQuality(large, quality.length - 1)).toThrow(/the GitLab Code Quality report of 20,001 results/);
  });
});
