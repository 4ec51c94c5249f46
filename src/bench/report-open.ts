import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How long an HTML checklist (the benchmark's 50,000 results) takes to open in a real browser: Debian's Chromium
 * through playwright-core (a development dependency), from navigation until the page's script has
 * drawn its summary of what the filters show. The target is 3 s.
 */

export const REPORT_OPEN_TARGET_MS = 3000;
const CHROMIUM = '/usr/bin/chromium';

export type OpenTiming = { milliseconds: number; megabytes: number } | { skipped: string };

export async function benchReportOpen(html: string): Promise<OpenTiming> {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is not installed` };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { skipped: 'playwright-core (a development dependency) is not installed' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-open-'));
  const file = join(dir, 'vigil.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const start = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Evaluated in the page, so given as text: this module is compiled without the DOM's types.
    await page.waitForFunction("document.getElementById('shown')?.textContent?.startsWith('Showing') === true");
    return { milliseconds: Math.round(performance.now() - start), megabytes: Buffer.byteLength(html) / 1048576 };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
