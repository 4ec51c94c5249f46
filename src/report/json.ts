import type { ReportDocument } from './document.js';

/** V8's longest string, in UTF-16 code units: a longer report cannot be one text. */
const MAX_LENGTH = 2 ** 29 - 24;

/** `JSON.stringify(document, null, 2)` and a newline. */
export function renderJson(document: ReportDocument): string {
  return renderJsonWithin(document, MAX_LENGTH);
}

/**
 * The same text as `JSON.stringify(document, null, 2)`, with the results stringified one by one,
 * so that a report too long for one string stops with a RangeError as soon as its length passes
 * `maxLength`, instead of V8's string builder running the process out of memory first.
 */
export function renderJsonWithin(document: ReportDocument, maxLength: number): string {
  const parts: string[] = [];
  let length = 0;
  const add = (text: string): void => {
    length += text.length;
    if (length > maxLength) {
      throw new RangeError(`the JSON report of ${document.results.length.toLocaleString('en')} results is longer than one string can hold (${maxLength.toLocaleString('en')} characters); scan in parts (--shard K/N) and merge into formats that can hold it`);
    }
    parts.push(text);
  };
  // JSON.stringify leaves out keys whose value is undefined; so does this.
  const entries = Object.entries(document).filter(([, value]) => value !== undefined);
  entries.forEach(([key, value], i) => {
    const lead = `${i === 0 ? '{' : ','}\n  ${JSON.stringify(key)}: `;
    if (key === 'results' && Array.isArray(value) && value.length > 0) {
      add(`${lead}[`);
      value.forEach((result, j) => add(`${j === 0 ? '' : ','}\n    ${indent(JSON.stringify(result, null, 2), '    ')}`));
      add('\n  ]');
    } else {
      add(`${lead}${indent(JSON.stringify(value, null, 2), '  ')}`);
    }
  });
  add(entries.length === 0 ? '{}\n' : '\n}\n');
  return parts.join('');
}

/** JSON text has no raw newline but between its lines, so nesting it is indenting each line. */
const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);
