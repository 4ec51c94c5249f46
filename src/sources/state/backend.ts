import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Block, Expr } from '../terraform/ast.js';
import { parseHcl } from '../terraform/parser.js';
import { readLocalState, readSmallFile, type StateSource } from './read.js';

/**
 * `--state auto`: the state a root module folder's backend names, as `terraform init` would
 * find it. `backend "s3"` gives the bucket, key and region (a workspace other than `default` lives
 * under `<workspace_key_prefix, default env:>/<workspace>/<key>`); `backend "local"`, or no
 * backend, the folder's `terraform.tfstate` (`terraform.tfstate.d/<workspace>/` for a workspace).
 * The workspace is TF_WORKSPACE, else the one `terraform workspace select` recorded in
 * `.terraform/environment`, else `default`. Only literal settings are read: Terraform allows no
 * other in a backend block.
 */

export type BackendAnswer = { source: StateSource } | { none: string } | { problem: string };

export function backendState(dir: string, shown: string, env: Record<string, string | undefined>): BackendAnswer {
  const workspace = (env.TF_WORKSPACE ?? readSmallFile(join(dir, '.terraform', 'environment')) ?? 'default').trim() || 'default';
  const backend = findBackend(dir, shown);
  if (backend && 'problem' in backend) return backend;
  const type = backend?.block.labels[0];
  if (backend && type === 's3') {
    const settings = literals(backend.block);
    const bucket = settings.bucket;
    const key = settings.key;
    if (!bucket || !key) return { problem: `${backend.file}: backend "s3" sets no literal bucket and key (partial configuration given to terraform init is not read): name the state with --state s3://bucket/key` };
    const prefix = settings.workspace_key_prefix ?? 'env:';
    const objectKey = workspace === 'default' ? key : `${prefix}/${workspace}/${key}`;
    const url = `s3://${bucket}/${objectKey}`;
    return { source: { kind: 's3', bucket, key: objectKey, ...(settings.region ? { region: settings.region } : {}), shown: url } };
  }
  if (backend && type !== 'local') return { problem: `${backend.file}: backend "${type}" is not read by --state auto (only "s3" and "local"): give the state with --state <file>, e.g. from terraform state pull` };
  const path = backend ? literals(backend.block).path : undefined;
  const relative = workspace === 'default' ? (path ?? 'terraform.tfstate') : join('terraform.tfstate.d', workspace, 'terraform.tfstate');
  const file = join(dir, relative);
  if (!existsSync(file)) return { none: `${shown}: no state (${relative} is not there)` };
  return { source: { kind: 'file', path: file, shown: join(shown, relative).split(sep).join('/') } };
}

function findBackend(dir: string, shown: string): { block: Block; file: string } | { problem: string } | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.tf')).sort();
  } catch {
    return undefined;
  }
  for (const name of names.slice(0, 1000)) {
    const text = readSmallTf(join(dir, name));
    if (text === undefined || !text.includes('backend')) continue;
    const { file } = parseHcl(text, name);
    for (const terraform of file.body.blocks.filter((b) => b.type === 'terraform')) {
      const backend = terraform.body.blocks.find((b) => b.type === 'backend');
      if (backend) return { block: backend, file: join(shown, name) };
    }
  }
  return undefined;
}

function readSmallTf(path: string): string | undefined {
  try {
    const text = readLocalState(path, path);
    return text.length > 4 * 1024 * 1024 ? undefined : text;
  } catch {
    return undefined;
  }
}

function literals(block: Block): Record<string, string> {
  const out: Record<string, string> = {};
  for (const attribute of block.body.attributes) {
    const value = literalString(attribute.expr);
    if (value !== undefined) out[attribute.name] = value;
  }
  return out;
}

function literalString(expr: Expr): string | undefined {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr.kind === 'template' && expr.parts.every((p) => p.kind === 'text')) return expr.parts.map((p) => (p as { value: string }).value).join('');
  return undefined;
}
