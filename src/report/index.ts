import type { ReportDocument } from './document.js';
import { renderConsole } from './console.js';
import { renderJson } from './json.js';

/** Options every formatter receives; formatters are pure `(document, options) => string`. */
export interface FormatOptions {
  color: boolean;
  quiet: boolean;
}

export interface Formatter {
  render(document: ReportDocument, options: FormatOptions): string;
  /** File name used when writing into an output folder. */
  fileName: string;
}

export const FORMATTERS = {
  console: { render: renderConsole, fileName: 'vigil.txt' },
  json: { render: renderJson, fileName: 'vigil.json' },
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];
