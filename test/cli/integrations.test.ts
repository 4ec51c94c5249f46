import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

/** The GitHub Action and the pre-commit hook are data other tools run: check what they rely on. */

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}

describe('action.yml', () => {
  const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
    name: string;
    description: string;
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string; value: string }>;
    runs: { using: string; steps: Step[] };
  };

  it('is a composite action whose run steps all name a shell', () => {
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(step.run !== undefined || step.uses !== undefined, step.name).toBe(true);
      if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
    }
  });

  it('documents every input and refers only to inputs and steps that exist', () => {
    const text = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
    for (const match of text.matchAll(/inputs\.([a-z-]+)/g)) expect(Object.keys(action.inputs)).toContain(match[1]);
    const ids = action.runs.steps.map((s) => s.id).filter(Boolean);
    for (const match of text.matchAll(/steps\.([a-z-]+)\.outputs\.([a-z-]+)/g)) expect(ids).toContain(match[1]);
  });

  it('exposes the exit code and the counts, and never splices inputs into a script', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'failed', 'new-failures', 'passed', 'sarif-file', 'suppressed', 'unknown']);
    for (const step of action.runs.steps) {
      if (step.run) expect(step.run, step.name).not.toMatch(/\$\{\{\s*inputs\./);
    }
    const scan = action.runs.steps.find((s) => s.id === 'scan')!;
    expect(scan.run).toContain('--format json,html,sarif,markdown,console');
    expect(scan.run).toContain('GITHUB_STEP_SUMMARY');
    expect(scan.run).toContain('action/outputs.mjs');
    expect(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    // The HTML and JSON go up as an artifact; the comment step runs the script the tests run.
    const artifact = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(artifact.with!.path).toContain('vigil.html');
    expect(artifact.with!.path).toContain('vigil.json');
    const comment = action.runs.steps.find((s) => s.run?.includes('action/comment.mjs'))!;
    expect(comment.if).toContain("inputs.comment == 'true'");
    expect(comment.env!.GITHUB_TOKEN).toBe('${{ inputs.github-token }}');
  });

  it('runs the bundled CLI as it is, with no install or build step', () => {
    for (const step of action.runs.steps) expect(step.run ?? '', step.name).not.toMatch(/\bnpm (ci|install|run)\b|\btsc\b/);
    const scan = action.runs.steps.find((s) => s.id === 'scan')!;
    expect(scan.run).toContain('node "$GITHUB_ACTION_PATH/bin/vigil"');
  });
});

describe('the README documents the action and the hook', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const yamlBlockAfter = (heading: string): unknown => {
    const section = readme.slice(readme.indexOf(heading));
    return parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]!);
  };

  it('with an example workflow that passes only inputs the action has', () => {
    const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const workflow = yamlBlockAfter('### GitHub Actions') as { jobs: Record<string, { steps: Step[] }> };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const vigilStep = steps.find((step) => step.uses?.includes('vigil@'));
    expect(vigilStep).toBeDefined();
    for (const name of Object.keys(vigilStep!.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
    for (const name of Object.keys(action.outputs)) expect(readme).toContain(`\`${name}\``);
  });

  it('with a pre-commit configuration naming the hook that exists', () => {
    const config = yamlBlockAfter('### pre-commit') as { repos: Array<{ hooks: Array<{ id: string }> }> };
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string }>;
    expect(config.repos.flatMap((r) => r.hooks.map((h) => h.id))).toEqual(hooks.map((h) => h.id));
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook that gates on what the change introduced', () => {
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(hook).toMatchObject({ id: 'vigil', language: 'node', pass_filenames: false });
    expect(String(hook.entry)).toMatch(/^vigil scan --changed-since HEAD/);
    const files = new RegExp(String(hook.files));
    expect(files.test('infra/main.tf')).toBe(true);
    expect(files.test('prod.tfvars')).toBe(true);
    expect(files.test('README.md')).toBe(false);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.vigil).toBe('bin/vigil');
  });
});

describe('--format gitlab', () => {
  it('writes GitLab Code Quality issues for failing results with a location', async () => {
    const { vigil } = await import('../helpers/cli.js');
    const run = vigil(['scan', 'fixtures/terraform/pmo-platform', '--format', 'gitlab', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const issues = JSON.parse(run.stdout) as Array<{ check_name: string; fingerprint: string; location: { path: string; lines: { begin: number } } }>;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.check_name === 'aws-ec2-sg-no-public-ssh' && i.location.path.endsWith('ec2.tf'))).toBe(true);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });
});
