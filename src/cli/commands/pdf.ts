import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutputError } from '../io.js';

/**
 * `--format pdf`: the HTML report printed by the machine's Chromium or Chrome in headless mode
 * (`--print-to-pdf`), so the PDF is exactly what printing the HTML gives: cover, contents,
 * executive summary, findings register, checklist, page numbers. No dependency is loaded: the
 * browser is a program on the machine, found on PATH or named by CHROME_PATH.
 */

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** The browser to print with: CHROME_PATH, else the first of the usual names on PATH. */
export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const executable = (file: string): boolean => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.CHROME_PATH) return executable(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of BROWSERS) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export const NO_CHROMIUM =
  '--format pdf prints the HTML report with Chromium or Google Chrome, and neither was found: install one (Debian and Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or set CHROME_PATH to its executable; or write --format html and print it to PDF from a browser';

/** Prints HTML to PDF with the browser; an OutputError (exit 2) when it cannot. */
export function htmlToPdf(html: string, env: NodeJS.ProcessEnv): Buffer {
  const browser = findChromium(env);
  if (!browser) throw new OutputError(NO_CHROMIUM);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pdf-'));
  try {
    const page = join(dir, 'vigil.html');
    const pdf = join(dir, 'vigil.pdf');
    writeFileSync(page, html);
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-extensions',
      '--no-pdf-header-footer',
      // Lets the page's own script run (it applies the filters) before printing.
      '--virtual-time-budget=10000',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      // Chromium refuses to run as root with its sandbox, as in most CI containers.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      pathToFileURL(page).href,
    ];
    const run = spawnSync(browser, args, { encoding: 'utf8', timeout: 180_000, env: { ...env, HOME: env.HOME ?? dir } });
    let out: Buffer;
    try {
      out = readFileSync(pdf);
    } catch {
      const why = run.error ? run.error.message : `exit code ${run.status ?? 'none'}${run.signal ? `, signal ${run.signal}` : ''}`;
      throw new OutputError(`--format pdf: ${browser} did not write the PDF (${why}); no report was written`);
    }
    if (!out.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new OutputError(`--format pdf: ${browser} wrote something that is not a PDF; no report was written`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
