import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import Handlebars from 'handlebars';
import { reportTemplatesDir } from '../../install-paths.js';
import { REQUIREMENT_STATUSES, requirementStatusLabel, type AutomatedStatus, type RequirementStatus } from '../../engine/rollup.js';

/**
 * The HTML report's templates: `reports/report.hbs` (the page), `reports/partials/*.hbs` and the
 * inlined `reports/assets/report.css` and `report.js`. A user's `--template <dir>` with the same
 * layout replaces any of them by name and may add partials of its own; the empty `head-extra`
 * and `body-end` partials exist to be filled without replacing anything.
 */

export const builtInTemplates = reportTemplatesDir;

export interface TemplateSet {
  page: HandlebarsTemplateDelegate;
  /** Renders one result row; used on its own for rows that the page loads lazily. */
  row: HandlebarsTemplateDelegate;
  css: string;
  js: string;
}

/** A template folder that cannot be used; one line for the user. */
export class TemplateError extends Error {}

interface TemplateFiles {
  page: string;
  partials: Map<string, string>;
  css: string;
  js: string;
}

function readFolder(dir: string, into: TemplateFiles): void {
  const page = join(dir, 'report.hbs');
  if (existsSync(page)) into.page = readFileSync(page, 'utf8');
  const partials = join(dir, 'partials');
  if (existsSync(partials) && statSync(partials).isDirectory()) {
    for (const name of readdirSync(partials).sort()) {
      if (extname(name) === '.hbs') into.partials.set(basename(name, '.hbs'), readFileSync(join(partials, name), 'utf8'));
    }
  }
  const css = join(dir, 'assets', 'report.css');
  if (existsSync(css)) into.css = readFileSync(css, 'utf8');
  const js = join(dir, 'assets', 'report.js');
  if (existsSync(js)) into.js = readFileSync(js, 'utf8');
}

/** Shared with the page's script, which labels the rows it draws with the same words. */
export const STATUS_LABELS: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  unknown: 'Unknown',
  suppressed: 'Suppressed',
  manual: 'Manual',
  'not-applicable': 'Not applicable',
  excepted: 'Excepted',
  'not-evaluated': 'Not evaluated',
  'attestation-stale': 'Attestation stale',
};

/**
 * A live resource's API calls, one line per answer time: `s3 ListBuckets, s3 GetBucketEncryption`.
 * The page's script groups the rows it draws the same way.
 */
export function answersByTime(calls: Array<{ service: string; operation: string; at: string }> | undefined): Array<{ at: string; calls: string }> {
  const byTime = new Map<string, string[]>();
  for (const call of calls ?? []) {
    const list = byTime.get(call.at) ?? [];
    list.push(`${call.service} ${call.operation}`);
    byTime.set(call.at, list);
  }
  return [...byTime].map(([at, list]) => ({ at, calls: list.join(', ') }));
}

/** Where a long value (an ARN, a path, a JSON document) may wrap: after these characters. */
export const WRAP_AFTER = /(?<=[:/,])/;

/**
 * A value escaped, with a line-break opportunity (<wbr>) after each `:`, `/` and `,`, so an ARN
 * wraps between its parts instead of one character per line. The page's script draws the same.
 */
function breakable(hb: typeof Handlebars, text: unknown): Handlebars.SafeString {
  return new hb.SafeString(String(text ?? '').split(WRAP_AFTER).map((part) => hb.escapeExpression(part)).join('<wbr>'));
}

/**
 * Text as the inside of a CSS string: every character but letters, digits, space and a few
 * harmless marks as a CSS escape, so nothing from the report can end the string or the <style>.
 */
export function cssString(text: string): string {
  return text.replace(/[^A-Za-z0-9 .,:()_-]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
}

const ATTESTATION_LABELS: Record<string, string> = { attested: 'attested', stale: 'stale', 'not-attested': 'open', 'not-applicable': 'not applicable' };

function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('statusLabel', (status: string) => STATUS_LABELS[status] ?? status);
  hb.registerHelper('requirementLabel', (status: string, automated: unknown) => {
    const label = requirementStatusLabel(status as RequirementStatus, typeof automated === 'string' ? (automated as AutomatedStatus) : undefined);
    return label.charAt(0).toUpperCase() + label.slice(1);
  });
  hb.registerHelper('answersByTime', answersByTime);
  hb.registerHelper('attestationLabel', (state: string) => ATTESTATION_LABELS[state] ?? 'open');
  hb.registerHelper('plural', (count: number, one: string, many: string) => (count === 1 ? one : many));
  hb.registerHelper('breakable', (text: unknown) => breakable(hb, text));
  hb.registerHelper('cssString', (text: unknown) => cssString(String(text ?? '')));
  hb.registerHelper('requirementStatuses', () => REQUIREMENT_STATUSES);
  hb.registerHelper('statusCounts', (bars: Array<{ status: string; count: number }>) => REQUIREMENT_STATUSES.map((status) => bars.find((b) => b.status === status)?.count ?? 0));
}

const cache = new Map<string, TemplateSet>();

/** Compiles the built-in templates, overlaid with the user's folder when one is given. */
export function loadTemplates(userDir?: string): TemplateSet {
  const key = userDir ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const files: TemplateFiles = { page: '', partials: new Map(), css: '', js: '' };
  readFolder(builtInTemplates, files);
  if (userDir) {
    if (!existsSync(userDir) || !statSync(userDir).isDirectory()) throw new TemplateError(`template folder not found: ${userDir}`);
    readFolder(userDir, files);
  }
  const hb = Handlebars.create();
  registerHelpers(hb);
  const where = userDir ?? 'reports';
  // Handlebars compiles lazily; precompiling here makes a syntax error name its file up front.
  const check = (text: string, file: string): void => {
    try {
      hb.precompile(text);
    } catch (error) {
      throw new TemplateError(`${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  for (const [name, text] of files.partials) {
    check(text, `${where}/partials/${name}.hbs`);
    hb.registerPartial(name, text);
  }
  const compile = (text: string, file: string): HandlebarsTemplateDelegate => {
    check(text, file);
    return hb.compile(text, { preventIndent: true });
  };
  const rowPartial = files.partials.get('result');
  if (!rowPartial) throw new TemplateError('the templates have no partials/result.hbs');
  const set: TemplateSet = { page: compile(files.page, `${where}/report.hbs`), row: compile(rowPartial, `${where}/partials/result.hbs`), css: files.css, js: files.js };
  cache.set(key, set);
  return set;
}
