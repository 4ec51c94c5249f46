import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../src/bench/reports.js';
import type { ReportDocument } from '../../src/report/document.js';
import { renderJson, renderJsonWithin } from '../../src/report/json.js';

/** The JSON report is built result by result, so its length is known before it outgrows one string. */

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
