import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { runScan } from '../../pipeline/scan.js';
import type { ReportDocument } from '../../report/document.js';
import { compareWith, entryOf } from '../../workflow/compare.js';
import { checkoutMergeBase, findMergeBase, GitError, type MergeBaseCheckout } from '../../workflow/git.js';
import { UsageError, type Io } from '../io.js';
import type { ScanSettings } from './scan.js';

/**
 * `vigil scan --changed-since <ref>`: the merge base is found before scanning (a bad reference
 * stops the command at once), written out by git while this tree is scanned, then scanned with
 * the same settings; only results that did not fail there are new.
 */

/** Finds the merge base now (a bad reference stops the command before any scanning) and starts writing it out. */
export function startMergeBase(ref: string, cwd: string): Promise<MergeBaseCheckout> {
  let found;
  try {
    found = findMergeBase(ref, cwd);
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
  const pending = checkoutMergeBase(found, cwd).catch((error: unknown) => {
    throw error instanceof GitError ? new UsageError(error.message) : error;
  });
  pending.catch(() => undefined); // awaited later; this only keeps an early failure from being "unhandled"
  return pending;
}

/** Scans the merge base and keeps only what the branch introduced as failing. */
export async function compareWithMergeBase(head: ReportDocument, ref: string, checkout: MergeBaseCheckout, settings: ScanSettings, io: Io): Promise<ReportDocument> {
  const headMs = Date.parse(head.scan.finishedAt) - Date.parse(head.scan.startedAt);
  const started = Date.now();
  const terraform = settings.request.terraform;
  const base = await runScan({
    ...settings.request,
    terraform: terraform
      ? {
          ...terraform,
          // Paths that the branch added do not exist at the base: there is simply nothing to compare.
          paths: terraform.paths.filter((p) => existsSync(resolve(checkout.cwdInCheckout, p))),
          // The merge base is read as the repository it was written out of.
          trees: [checkout.folder],
          variables: { ...terraform.variables, varFiles: varFilesAtBase(terraform.variables.varFiles, checkout) },
        }
      : undefined,
    cwd: checkout.cwdInCheckout,
  });
  const baseMs = Date.now() - started;
  const reference = base.results.filter((r) => r.status === 'fail').map(entryOf);
  const compared = compareWith(head, reference, 'changed-since', `${ref} (merge base ${checkout.commit.slice(0, 12)})`);
  compared.comparison!.timings = { head: headMs, base: baseMs };
  io.stderr(`vigil: changed since ${ref}: this tree scanned in ${headMs} ms, the merge base ${checkout.commit.slice(0, 12)} in ${baseMs} ms\n`);
  return compared;
}

/**
 * `--var-file`s inside the repository are read as they were at the merge base (one the branch
 * added did not exist there); files outside it are the same on both sides.
 */
function varFilesAtBase(files: string[], checkout: MergeBaseCheckout): string[] {
  const out: string[] = [];
  for (const file of files) {
    const inRepo = relative(checkout.root, realpathSync(file));
    if (inRepo.startsWith('..') || isAbsolute(inRepo)) out.push(file);
    else if (existsSync(join(checkout.folder, inRepo))) out.push(join(checkout.folder, inRepo));
  }
  return out;
}
