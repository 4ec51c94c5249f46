import { renderCodeQuality } from './codequality.js';
import { renderConsole } from './console.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { FILE_NAMES, type Formatter, type FormatName } from './formats.js';

export { FORMAT_NAMES, loadFormatter, type FormatName, type FormatOptions, type Formatter } from './formats.js';

/**
 * Every formatter, loaded at once, for callers that render many formats in a loop (the
 * benchmarks, tests). The CLI loads only the ones asked for, through `loadFormatter`.
 */
export const FORMATTERS = {
  console: { render: renderConsole, fileName: FILE_NAMES.console },
  json: { render: renderJson, fileName: FILE_NAMES.json },
  sarif: { render: renderSarif, fileName: FILE_NAMES.sarif },
  junit: { render: (document, options) => renderJunit(document, { group: options.junitGroup }), fileName: FILE_NAMES.junit },
  markdown: { render: renderMarkdown, fileName: FILE_NAMES.markdown },
  html: { render: (document, options) => renderHtml(document, { templateDir: options.templateDir }), fileName: FILE_NAMES.html },
  gitlab: { render: renderCodeQuality, fileName: FILE_NAMES.gitlab },
} as const satisfies Record<FormatName, Formatter>;
