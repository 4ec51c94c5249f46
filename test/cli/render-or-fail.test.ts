import { describe, expect, it } from 'vitest';
import { renderOrFail } from '../../src/cli/commands/scan.js';
import { OutputError } from '../../src/cli/io.js';

/** A report too long for one string: one clear line naming the format and the results, never a crash. */

describe('renderOrFail', () => {
  it('puts V8\'s "Invalid string length" as the report writers put it: the format, the results, what to do', () => {
    const tooLong = (): string => {
      throw new RangeError('Invalid string length');
    };
    expect(() => renderOrFail('html', 753_274, tooLong)).toThrow(OutputError);
    expect(() => renderOrFail('html', 753_274, tooLong)).toThrow(
      'cannot render the html report: the html report of 753,274 results is longer than one string can hold (536,870,888 characters); scan in parts (--shard K/N) and merge into formats that can hold it; no report was written',
    );
  });

  it('keeps a writer\'s own words, and lets any other error through as it is', () => {
    expect(() =>
      renderOrFail('sarif', 3, () => {
        throw new RangeError('the SARIF report of 3 results is longer than one string can hold');
      }),
    ).toThrow('cannot render the sarif report: the SARIF report of 3 results is longer than one string can hold; no report was written');
    const bug = new TypeError('a bug');
    expect(() =>
      renderOrFail('json', 1, () => {
        throw bug;
      }),
    ).toThrow(bug);
    expect(renderOrFail('json', 1, () => 'text')).toBe('text');
  });
});
