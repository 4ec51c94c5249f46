import type { ReportDocument } from './document.js';

/** V8's longest string, in UTF-16 code units: a longer report cannot be one text. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** `JSON.stringify(document, null, 2)` and a newline. */
export function renderJson(document: ReportDocument): string {
  return renderJsonWithin(document, MAX_STRING_LENGTH);
}

/**
 * Up to this many results, a report is written by one JSON.stringify: V8's native writer is many
 * times faster than writing result by result (3 ms against 58 ms for terraform-aws-security-group
 * in a fresh process), and even at 20 KB a result the text stays far below one string's limit.
 */
export const NATIVE_MAX_ITEMS = 20_000;

/** The JSON report, stopping with a RangeError once its text would pass `maxLength` (see stringifyWithList). */
export function renderJsonWithin(document: ReportDocument, maxLength: number): string {
  const message = (): string => tooLong('JSON', document.results.length, maxLength);
  if (document.results.length <= NATIVE_MAX_ITEMS) return within(`${JSON.stringify(document, null, 2)}\n`, maxLength, message);
  return stringifyWithList(document, ['results'], maxLength, message);
}

/** `text`, unless it is longer than `maxLength`. */
export function within(text: string, maxLength: number, tooLongMessage: () => string): string {
  if (text.length > maxLength) throw new RangeError(tooLongMessage());
  return text;
}

/** What to say of a report too long for one string. */
export function tooLong(format: string, results: number, maxLength: number): string {
  return `the ${format} report of ${results.toLocaleString('en')} results is longer than one string can hold (${maxLength.toLocaleString('en')} characters); scan in parts (--shard K/N) and merge into formats that can hold it`;
}

/**
 * The same text as `JSON.stringify(value, null, 2)` and a newline, with the one long list of a
 * report (at `path`, keys and indexes from the top) written item by item. So a text too long for
 * one string stops with a RangeError (`tooLongMessage`) as soon as its length passes `maxLength`,
 * instead of V8's string builder running the process out of memory first; and the list may be any
 * iterable, so its items (SARIF results, say) need not all exist at once.
 */
export function stringifyWithList(value: unknown, path: ReadonlyArray<string | number>, maxLength: number, tooLongMessage: () => string): string {
  const parts: string[] = [];
  let length = 0;
  const add = (text: string): void => {
    length += text.length;
    if (length > maxLength) throw new RangeError(tooLongMessage());
    parts.push(text);
  };
  // JSON text has no raw newline but between its lines, so nesting it is indenting each line.
  const nested = (item: unknown, depth: number): string => (JSON.stringify(item, null, 2) ?? 'null').replace(/\n/g, `\n${'  '.repeat(depth)}`);

  const write = (node: unknown, rest: ReadonlyArray<string | number>, depth: number): void => {
    const pad = '  '.repeat(depth);
    if (rest.length === 0 || Array.isArray(node)) {
      // The list itself, or an array on the way to it.
      let i = 0;
      for (const item of node as Iterable<unknown>) {
        add(`${i === 0 ? '[' : ','}\n${pad}  `);
        if (rest.length > 0 && i === rest[0]) write(item, rest.slice(1), depth + 1);
        else add(nested(item, depth + 1));
        i++;
      }
      add(i === 0 ? '[]' : `\n${pad}]`);
      return;
    }
    // An object: JSON.stringify leaves out keys whose value it cannot write (undefined, functions); so does this.
    let first = true;
    for (const [key, child] of Object.entries(node as object)) {
      const onPath = key === rest[0] && child !== undefined && child !== null;
      const text = onPath ? undefined : JSON.stringify(child, null, 2);
      if (!onPath && text === undefined) continue;
      add(`${first ? '{' : ','}\n${pad}  ${JSON.stringify(key)}: `);
      first = false;
      if (onPath) write(child, rest.slice(1), depth + 1);
      else add(text!.replace(/\n/g, `\n${pad}  `));
    }
    add(first ? '{}' : `\n${pad}}`);
  };
  write(value, path, 0);
  add('\n');
  return parts.join('');
}
