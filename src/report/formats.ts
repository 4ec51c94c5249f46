import type { ReportDocument } from './document.js';
import type { JunitGroup } from './junit.js';

/**
 * The `--format` choices and how to load each formatter. Loading is lazy so that a console scan
 * does not pay for Handlebars and the other formatters' modules at every start.
 */

/** Options every formatter receives; formatters are pure `(document, options) => string`. */
export interface FormatOptions {
  color: boolean;
  quiet: boolean;
  /** Console: also list results of module folders evaluated alone on their defaults (`--show-informational`). */
  showInformational?: boolean;
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

type Render = Formatter['render'];

/** The file each format is written to inside an output folder. */
export const FILE_NAMES = {
  console: 'vigil.txt',
  json: 'vigil.json',
  sarif: 'vigil.sarif',
  junit: 'vigil.junit.xml',
  markdown: 'vigil.md',
  html: 'vigil.html',
  gitlab: 'vigil.codequality.json',
  'exceptions-csv': 'vigil.exceptions.csv',
  csv: 'vigil.csv',
  // The HTML report, which the CLI prints to PDF with the machine's Chromium.
  pdf: 'vigil.pdf',
} as const;

export type FormatName = keyof typeof FILE_NAMES;
export const FORMAT_NAMES = Object.keys(FILE_NAMES) as FormatName[];

const LOADERS: Record<FormatName, () => Promise<Render>> = {
  console: async () => (await import('./console.js')).renderConsole,
  json: async () => (await import('./json.js')).renderJson,
  sarif: async () => {
    const { renderSarif } = await import('./sarif.js');
    return (document) => renderSarif(document);
  },
  junit: async () => {
    const { renderJunit } = await import('./junit.js');
    return (document, options) => renderJunit(document, { group: options.junitGroup });
  },
  markdown: async () => (await import('./markdown.js')).renderMarkdown,
  html: async () => {
    const { renderHtml } = await import('./html/index.js');
    return (document, options) => renderHtml(document, { templateDir: options.templateDir });
  },
  gitlab: async () => {
    const { renderCodeQuality } = await import('./codequality.js');
    return (document) => renderCodeQuality(document);
  },
  'exceptions-csv': async () => (await import('./exceptions.js')).renderExceptionsCsv,
  csv: async () => (await import('./csv.js')).renderCsv,
  pdf: async () => {
    const { renderHtml } = await import('./html/index.js');
    return (document, options) => renderHtml(document, { templateDir: options.templateDir });
  },
};

/** The formatter for one format, its module loaded on first use. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  return { render: await LOADERS[name](), fileName: FILE_NAMES[name] };
}
