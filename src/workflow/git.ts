import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The git side of `--changed-since`: the merge base with a reference, written out as a plain
 * folder so the whole configuration can be evaluated there too (modules need their context).
 *
 * The tree is read into a throw-away index and written into a temporary folder with one
 * `git read-tree`, rather than a `git worktree`: no administrative files in the repository to
 * clean up (or to leave behind if the scan is interrupted), one process instead of two, and it
 * can run while this tree is being scanned.
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

export interface MergeBase {
  /** The merge base commit. */
  commit: string;
  /** The repository root of the working copy. */
  root: string;
}

export interface MergeBaseCheckout extends MergeBase {
  /** The temporary folder holding the merge base's files. */
  folder: string;
  /** Where `cwd` lies inside that folder. */
  cwdInCheckout: string;
  remove(): void;
}

/**
 * Finds the merge base of HEAD and `ref`; a clear GitError when either cannot be found. A ref is
 * never read as an option: one starting with "-" is refused, and `--end-of-options` precedes every
 * ref given to git (`--octopus` would otherwise make the merge base HEAD and hide every failure).
 */
export function findMergeBase(ref: string, cwd: string): MergeBase {
  if (ref === '') throw new GitError('--changed-since needs a git reference (a branch, tag or commit)');
  if (ref.startsWith('-')) throw new GitError(`--changed-since: "${ref}" is not a git reference (a reference cannot start with "-")`);
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], cwd);
  } catch {
    throw new GitError(`--changed-since needs a git repository, and ${cwd} is not in one`);
  }
  try {
    return { commit: git(['merge-base', '--end-of-options', 'HEAD', ref], root), root };
  } catch {
    // Only on failure: ask git which part was wrong, to say so plainly.
    const exists = (rev: string): boolean => {
      try {
        git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], root);
        return true;
      } catch {
        return false;
      }
    };
    if (!exists(ref)) throw new GitError(`--changed-since: "${ref}" is not a commit, branch or tag in this repository`);
    if (!exists('HEAD')) throw new GitError('--changed-since: this repository has no commit yet to compare with');
    throw new GitError(`--changed-since: HEAD and "${ref}" have no common ancestor`);
  }
}

/** Writes the merge base's files into a temporary folder; resolves once they are all there. */
export function checkoutMergeBase(base: MergeBase, cwd: string): Promise<MergeBaseCheckout> {
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-base-'));
  const folder = join(scratch, 'tree');
  mkdirSync(folder);
  const remove = (): void => rmSync(scratch, { recursive: true, force: true });
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      [`--work-tree=${folder}`, 'read-tree', '--reset', '-u', '--end-of-options', base.commit],
      { cwd: base.root, env: { ...process.env, GIT_INDEX_FILE: join(scratch, 'index') }, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) {
          remove();
          reject(new GitError(`--changed-since: cannot check out the merge base ${base.commit.slice(0, 12)}: ${String(stderr).trim() || error.message}`));
          return;
        }
        resolvePromise({ ...base, folder, cwdInCheckout: join(folder, relative(base.root, realpathSync(cwd))), remove });
      },
    );
  });
}

/** Where a scanned tree came from: its commit, branch, whether it had changes, and its remote. */
export interface RepositoryState {
  commit?: string;
  branch?: string;
  dirty: boolean;
  remote?: string;
}

/**
 * The git state of the working copy `path` lies in; undefined outside one (or without git). Only
 * git reads the repository; no reference or path from the code is passed to it as an option.
 *
 * Asked of every scan, so it costs little: outside a repository (no `.git` in the folder or above
 * it, and no GIT_DIR, which git itself would follow) git is not started at all, and inside one a
 * single `git status --porcelain=v2 --branch` gives the commit, the branch and whether anything
 * changed; only the remote takes a second call.
 */
export function repositoryState(path: string): RepositoryState | undefined {
  if (process.env.GIT_DIR === undefined && !hasGitAbove(path)) return undefined;
  let status: string;
  try {
    status = git(['status', '--porcelain=v2', '--branch', '--untracked-files=normal'], path);
  } catch {
    return repositoryStateStepByStep(path);
  }
  const header = (name: string): string | undefined => status.match(new RegExp(`^# branch\\.${name} (.+)$`, 'm'))?.[1];
  const commit = header('oid');
  const branch = header('head');
  const remote = quietGit(['remote', 'get-url', '--end-of-options', 'origin'], path);
  return {
    ...(commit && commit !== '(initial)' ? { commit } : {}),
    ...(branch && branch !== '(detached)' ? { branch } : {}),
    dirty: status.split('\n').some((line) => line !== '' && !line.startsWith('#')),
    ...(remote ? { remote: withoutCredentials(remote) } : {}),
  };
}

/** A `.git` folder or file (a linked worktree, a submodule) in `path` or a folder above it. */
function hasGitAbove(path: string): boolean {
  let dir = resolve(path);
  // Bounded by the path's depth: each step drops one folder, and the root is its own parent.
  for (;;) {
    if (existsSync(join(dir, '.git'))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

function quietGit(args: string[], cwd: string): string | undefined {
  try {
    return git(args, cwd) || undefined;
  } catch {
    return undefined;
  }
}

/** The same, one question at a time: for a repository whose status git cannot give (a damaged index). */
function repositoryStateStepByStep(path: string): RepositoryState | undefined {
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], path);
  } catch {
    return undefined;
  }
  const commit = quietGit(['rev-parse', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}'], root);
  const branch = quietGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], root);
  const status = quietGit(['status', '--porcelain', '--untracked-files=normal'], root);
  const remote = quietGit(['remote', 'get-url', '--end-of-options', 'origin'], root);
  return {
    ...(commit ? { commit } : {}),
    ...(branch ? { branch } : {}),
    dirty: status !== undefined,
    ...(remote ? { remote: withoutCredentials(remote) } : {}),
  };
}

/** A remote URL without any user name or token in it (`https://user:token@host/...`). */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return url; // scp-like `git@host:org/repo.git` holds no secret
  }
}
