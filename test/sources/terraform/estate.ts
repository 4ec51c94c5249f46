import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanTerraform, type TerraformScanResult } from '../../../src/sources/terraform/index.js';
import type { Resource, TerraformProvenance } from '../../../src/model/resource.js';

/** Writes a small estate (path → content) into a fresh temporary folder and returns the folder. */
export function writeEstate(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-estate-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Scans an estate written with writeEstate, paths reported relative to it. */
export async function scanEstate(files: Record<string, string | Buffer>, paths = ['.'], extra: { vars?: string[] } = {}): Promise<TerraformScanResult & { root: string }> {
  const root = writeEstate(files);
  const result = await scanTerraform({ paths, cwd: root, variables: { varFiles: [], vars: extra.vars ?? [], env: {} } });
  return { ...result, root };
}

export const provenance = (resource: Resource): TerraformProvenance => {
  if (resource.provenance.source !== 'terraform') throw new Error('not a Terraform resource');
  return resource.provenance;
};

/** Resources reached through a root module (not module folders evaluated on their own). */
export const throughRoots = (resources: Resource[]): Resource[] => resources.filter((r) => !provenance(r).moduleDefaults);

export const byAddress = (resources: Resource[], address: string): Resource => {
  const found = throughRoots(resources).find((r) => r.id === address);
  if (!found) throw new Error(`no resource ${address}; have ${throughRoots(resources).map((r) => r.id).join(', ')}`);
  return found;
};

export const errors = (result: TerraformScanResult): string[] =>
  result.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
