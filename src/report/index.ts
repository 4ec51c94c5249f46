import type { ReportDocument } from './document.js';
import { renderCodeQuality } from './codequality.js';
import { renderConsole } from './console.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit, type JunitGroup } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';

/** Options every formatter receives; formatters are pure `(document, options) => string`. */
export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  /** A folder whose templates replace or add to the built-in HTML ones (`--template`). */
  templateDir?: string;
  /** JUnit: a test suite per rule (default) or per framework requirement. */
  junitGroup?: JunitGroup;
}

export interface Formatter {
  render(document: ReportDocument, options: FormatOptions): string;
  /** File name used when writing into an output folder. */
  fileName: string;
}

export const FORMATTERS = {
  console: { render: renderConsole, fileName: 'vigil.txt' },
  json: { render: renderJson, fileName: 'vigil.json' },
  sarif: { render: renderSarif, fileName: 'vigil.sarif' },
  junit: { render: (document, options) => renderJunit(document, { group: options.junitGroup }), fileName: 'vigil.junit.xml' },
  markdown: { render: renderMarkdown, fileName: 'vigil.md' },
  html: { render: (document, options) => renderHtml(document, { templateDir: options.templateDir }), fileName: 'vigil.html' },
  gitlab: { render: renderCodeQuality, fileName: 'vigil.codequality.json' },
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];
