import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeptFiles, ModuleCache, ModuleLoader } from '../../../src/sources/terraform/loader.js';
import { ScanTree } from '../../../src/sources/terraform/files.js';
import { parseHcl } from '../../../src/sources/terraform/parser.js';
import type { ScanProblem } from '../../../src/model/problem.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository whose root module is also called by a module folder, as terraform-aws-security-group's are. */
function repository(): { root: string; shared: string; caller: string } {
  const root = mkdtempSync(join(tmpdir(), 'vigil-loader-'));
  made.push(root);
  const caller = join(root, 'modules', 'http');
  mkdirSync(caller, { recursive: true });
  writeFileSync(join(root, 'main.tf'), 'resource "aws_security_group" "this" {\n  name = var.name\n}\n');
  writeFileSync(join(root, 'variables.tf'), 'variable "name" {\n  type = string\n}\n');
  writeFileSync(join(caller, 'main.tf'), 'module "sg" {\n  source = "../../"\n  name   = "http"\n}\n');
  return { root, shared: root, caller };
}

const loaderOf = (cache: ModuleCache, root: string, problems: ScanProblem[] = []): ModuleLoader =>
  new ModuleLoader({ display: (p) => p, problems, tree: new ScanTree([root]) }, cache);

describe('module loader: every file read and parsed once per scan', () => {
  it('gives one syntax tree per file to root detection and to every loader, whatever file list or release', () => {
    const { root, shared, caller } = repository();
    const cache = new ModuleCache();
    const planning = loaderOf(cache, root);
    expect(planning.localModuleTargets(caller, [join(caller, 'main.tf')])).toEqual([join(root)]);

    // The shared folder evaluated as a root (its discovered files given), then released...
    const asRoot = loaderOf(cache, root);
    const first = asRoot.load(shared, [join(shared, 'main.tf'), join(shared, 'variables.tf')]);
    asRoot.release(shared);
    // ...and then loaded by a module call, which lists the folder: another key for the folder, same files.
    const asModule = loaderOf(cache, root).load(shared);
    expect(asModule.files).toHaveLength(2);
    for (let i = 0; i < 2; i++) expect(asModule.files[i]).toBe(first.files[i]);

    // The caller's file, parsed by root detection, is the tree its loader evaluates.
    const callerTree = loaderOf(cache, root).load(caller).files[0];
    expect(loaderOf(cache, root).load(caller, [join(caller, 'main.tf')]).files[0]).toBe(callerTree);
  });

  it('reports what a folder holds on every load, though its files are parsed once', () => {
    const { root } = repository();
    writeFileSync(join(root, 'broken.tf'), 'resource "aws_s3_bucket" "b" {\n');
    const cache = new ModuleCache();
    const problemsOne: ScanProblem[] = [];
    const problemsTwo: ScanProblem[] = [];
    const one = loaderOf(cache, root, problemsOne);
    one.load(root);
    const two = loaderOf(cache, root, problemsTwo);
    two.load(root, [join(root, 'broken.tf'), join(root, 'main.tf')]);
    expect(one.files).toContain(join(root, 'broken.tf'));
    expect(two.files).toEqual([join(root, 'broken.tf'), join(root, 'main.tf')]);
    for (const problems of [problemsOne, problemsTwo]) {
      expect(problems.filter((p) => p.file === join(root, 'broken.tf') && p.severity === 'error')).toHaveLength(1);
    }
  });
});

describe('kept files', () => {
  const parsed = (text: string) => parseHcl(text, 'x.tf');

  it('keeps at most its bound of source text, dropping the least recently used first', () => {
    const kept = new KeptFiles(10);
    kept.keep('a', 'aaaa');
    kept.keep('b', 'bbbb');
    expect(kept.get('a')?.text).toBe('aaaa'); // now the most recently used
    kept.keep('c', 'cccc'); // 12 bytes: b goes
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')?.text).toBe('aaaa');
    expect(kept.get('c')?.text).toBe('cccc');
  });

  it('never keeps a file larger than the bound, and replaces a file kept as text by its tree', () => {
    const kept = new KeptFiles(10);
    kept.keep('big', 'x'.repeat(11));
    expect(kept.get('big')).toBeUndefined();
    kept.keep('a', 'a = 1');
    const tree = parsed('a = 1');
    kept.keep('a', 'a = 1', tree);
    expect(kept.get('a')?.parsed).toBe(tree);
    kept.keep('b', 'b = 2'); // 10 bytes in all: both fit, so the replaced entry was not counted twice
    expect(kept.get('a')?.parsed).toBe(tree);
  });
});
