import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The git side of `--changed-since`: the merge base with a reference, checked out in a temporary
 * worktree so the whole configuration can be evaluated there too (modules need their context).
 */

export class GitError extends Error {}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(stderr || (error as Error).message);
  }
}

export interface MergeBaseCheckout {
  /** The merge base commit. */
  commit: string;
  /** The repository root of the working copy. */
  root: string;
  /** The temporary worktree holding the merge base. */
  worktree: string;
  /** Where `cwd` lies inside the worktree. */
  cwdInWorktree: string;
  remove(): void;
}

export function checkoutMergeBase(ref: string, cwd: string): MergeBaseCheckout {
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], cwd);
  } catch {
    throw new GitError(`--changed-since needs a git repository, and ${cwd} is not in one`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  } catch {
    throw new GitError(`--changed-since: "${ref}" is not a commit, branch or tag in this repository`);
  }
  const commit = git(['merge-base', 'HEAD', ref], root);
  const worktree = mkdtempSync(join(tmpdir(), 'vigil-base-'));
  git(['worktree', 'add', '--detach', '--force', worktree, commit], root);
  return {
    commit,
    root,
    worktree,
    cwdInWorktree: join(worktree, relative(root, cwd)),
    remove() {
      try {
        git(['worktree', 'remove', '--force', worktree], root);
      } finally {
        rmSync(worktree, { recursive: true, force: true });
      }
    },
  };
}
