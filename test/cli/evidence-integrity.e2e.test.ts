import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import { expectValidReport, sarifSchemaErrors } from '../report/validate.js';
import type { ReportDocument } from '../../src/report/document.js';

/**
 * Issue 13, points 1, 2, 4 and 7, through the real CLI: provenance in every format, the sealed
 * report round trip, reports and snapshots that disagree with themselves, rule-set deviations
 * with their file and line, and `vigil diff` quarter over quarter.
 */

const SNAPSHOT = join(repoRoot, 'fixtures/aws/clinic-prod-111122223333.snapshot.json');
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=auditor@example.org', '-c', 'user.name=Auditor', ...args], { cwd, encoding: 'utf8' }).trim();

let dir: string;
const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
const json = (file: string): ReportDocument => JSON.parse(read(file)) as ReportDocument;

/** A small estate in a git repository: one open security group, one encrypted and one plain bucket. */
function writeEstate(root: string): void {
  mkdirSync(join(root, 'infra'), { recursive: true });
  writeFileSync(
    join(root, 'infra', 'main.tf'),
    [
      'variable "db_password" {',
      '  type      = string',
      '  sensitive = true',
      '}',
      'variable "environment" { type = string }',
      'resource "aws_security_group" "jump" {',
      '  name = "jump-${var.environment}"',
      '  ingress {',
      '    from_port   = 22',
      '    to_port     = 22',
      '    protocol    = "tcp"',
      '    cidr_blocks = ["0.0.0.0/0"]',
      '  }',
      '}',
      'resource "aws_db_instance" "main" {',
      '  engine              = "postgres"',
      '  password            = var.db_password',
      '  storage_encrypted   = false',
      '  publicly_accessible = false',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(join(root, 'infra', 'terraform.tfvars'), 'environment = "prod"\n');
  writeFileSync(join(root, 'prod.tfvars'), 'environment = "prod"\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-evidence-'));
  writeEstate(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', 'https://ci-bot:s3cr3t-token@git.example.org/clinic/infra.git');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'estate');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('provenance (issue 13, point 1)', () => {
  it('a Terraform scan records git, variables, configuration, command, title and rule set, in JSON, HTML, Markdown and SARIF', () => {
    const run = vigil(
      ['scan', 'infra', '--var-file', 'prod.tfvars', '--var', 'db_password=hunter2-secret', '--title', 'Q4 2026 HIPAA evidence, production', '-f', 'json,html,markdown,sarif', '-o', 'prov/', '-q'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(1);
    const report = json('prov/vigil.json');
    expectValidReport(report);
    const p = report.scan.provenance!;
    expect(p.title).toBe('Q4 2026 HIPAA evidence, production');
    expect(p.git).toEqual({ commit: git(dir, 'rev-parse', 'HEAD'), branch: 'main', dirty: false, remote: 'https://git.example.org/clinic/infra.git' });
    expect(p.variables).toEqual({
      files: [
        { file: 'infra/terraform.tfvars', sha256: sha256(readFileSync(join(dir, 'infra/terraform.tfvars'))) },
        { file: 'prod.tfvars', sha256: sha256(readFileSync(join(dir, 'prod.tfvars'))) },
      ],
      vars: ['db_password'],
    });
    expect(p.commandLine).toEqual(expect.arrayContaining(['--var', 'db_password=(masked)', '--title']));
    expect(p.effectiveRuleSetHash).toBe(report.scan.ruleSetHash);
    // The secret value reaches no output, and neither does the remote's token.
    for (const file of readdirSync(join(dir, 'prov'))) {
      expect(read(`prov/${file}`)).not.toContain('hunter2-secret');
      expect(read(`prov/${file}`)).not.toContain('s3cr3t-token');
    }
    const html = read('prov/vigil.html');
    expect(html).toContain('Q4 2026 HIPAA evidence, production');
    expect(html).toContain(p.git!.commit!);
    expect(html).toContain('db_password');
    const md = read('prov/vigil.md');
    expect(md).toContain('## Vigil compliance scan: Q4 2026 HIPAA evidence, production');
    expect(md).toContain(`commit ${p.git!.commit}, branch main, clean`);
    const sarif = JSON.parse(read('prov/vigil.sarif')) as { runs: Array<{ invocations: Array<{ commandLine: string; properties: Record<string, unknown> }>; versionControlProvenance: unknown[] }> };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.versionControlProvenance).toEqual([{ repositoryUri: 'https://git.example.org/clinic/infra.git', revisionId: p.git!.commit, branch: 'main', properties: { dirty: false } }]);
    expect(sarif.runs[0]!.invocations[0]!.commandLine).toContain('db_password=(masked)');
    expect(sarif.runs[0]!.invocations[0]!.properties).toMatchObject({ title: 'Q4 2026 HIPAA evidence, production', variables: p.variables });
  });

  it('an uncommitted change shows as dirty', () => {
    writeFileSync(join(dir, 'infra', 'scratch.tf'), '# not committed\n');
    try {
      const run = vigil(['scan', 'infra', '-f', 'json', '-o', 'dirty.json', '-q'], { cwd: dir });
      expect(run.code, run.stderr).toBe(1);
      expect(json('dirty.json').scan.provenance!.git!.dirty).toBe(true);
    } finally {
      rmSync(join(dir, 'infra', 'scratch.tf'));
    }
  });

  it('--from-snapshot says when and from which file the evidence was collected, beside when it was evaluated', () => {
    const run = vigil(['scan', '--from-snapshot', SNAPSHOT, '-f', 'json,html,markdown', '-o', 'snap/', '-q'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    const report = json('snap/vigil.json');
    expectValidReport(report);
    const p = report.scan.provenance!;
    expect(p.snapshot).toEqual({ file: expect.stringMatching(/clinic-prod-111122223333\.snapshot\.json$/), sha256: sha256(readFileSync(SNAPSHOT)), collectedAt: '2026-11-20T09:30:00.000Z', toolVersion: '0.1.0' });
    expect(p.collection).toEqual([
      { account: '111122223333', region: 'eu-west-1', startedAt: '2026-11-20T09:30:00.000Z', finishedAt: '2026-11-20T09:30:00.000Z' },
      { account: '111122223333', region: 'global', startedAt: '2026-11-20T09:30:00.000Z', finishedAt: '2026-11-20T09:30:00.000Z' },
    ]);
    expect(report.scan.finishedAt > '2026-11-20').toBe(true);
    expect(p.git).toBeUndefined();
    for (const file of ['snap/vigil.html', 'snap/vigil.md']) {
      expect(read(file)).toContain('Evidence collected');
      expect(read(file)).toContain('2026-11-20 09:30:00 UTC');
      expect(read(file)).toContain(p.snapshot!.sha256);
    }
  });
});

/** The fixture snapshot with one resource changed and its sha256 made to match again, as an editor would. */
function tamperedSnapshot(): string {
  const { sha256: _old, ...body } = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { sha256: string; resources: Array<{ kind: string; name: string; attributes: Record<string, unknown> }> };
  const group = body.resources.find((r) => r.kind === 'aws.ec2.security_group' && r.name === 'legacy-jump')!;
  group.attributes.ingress = [];
  const text = JSON.stringify(body);
  return `${text.slice(0, -1)},"sha256":"${sha256(text)}"}\n`;
}

describe('integrity (issue 13, point 2)', () => {
  it('scan --seal, then verify: passes; one flipped byte in any output or the snapshot fails naming the file; a wrong key fails', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey;
    writeFileSync(join(dir, 'seal.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'seal.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'other.pub'), other.export({ type: 'spki', format: 'pem' }));
    cpSync(SNAPSHOT, join(dir, 'evidence.json'));
    const scan = vigil(['scan', '--from-snapshot', 'evidence.json', '-f', 'json,html,sarif,junit,markdown', '-o', 'sealed/', '--seal', '--seal-key', 'seal.key', '-q'], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(1);
    const manifest = JSON.parse(read('sealed/vigil.seal.json')) as { files: Array<{ path: string; role: string; sha256: string }>; ruleSet: { sha256: string }; signature: { algorithm: string } };
    expect(manifest.files.map((f) => `${f.role} ${f.path}`).sort()).toEqual(['report vigil.html', 'report vigil.json', 'report vigil.junit.xml', 'report vigil.md', 'report vigil.sarif', 'snapshot ../evidence.json']);
    expect(manifest.ruleSet.sha256).toBe(json('sealed/vigil.json').scan.ruleSetHash);
    expect(manifest.signature.algorithm).toBe('ed25519');

    const ok = vigil(['verify', 'sealed/vigil.seal.json', '--key', 'seal.pub'], { cwd: dir });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('signature valid: signed with the given key');

    for (const file of [...manifest.files.map((f) => f.path)]) {
      const path = join(dir, 'sealed', file);
      const original = readFileSync(path);
      const flipped = Buffer.from(original);
      flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
      writeFileSync(path, flipped);
      const bad = vigil(['verify', 'sealed/vigil.seal.json', '--key', 'seal.pub'], { cwd: dir });
      writeFileSync(path, original);
      expect(bad.code, file).toBe(1);
      expect(bad.stdout).toContain(`FAILED   ${file}: changed`);
    }
    const wrongKey = vigil(['verify', 'sealed/vigil.seal.json', '--key', 'other.pub'], { cwd: dir });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toContain('FAILED   signature: it was signed with another key');

    // An edited manifest (a hash changed to match an edited file) breaks the signature.
    const edited = read('sealed/vigil.seal.json').replace(manifest.files[0]!.sha256, '0'.repeat(64));
    writeFileSync(join(dir, 'sealed/edited.seal.json'), edited);
    const forged = vigil(['verify', 'sealed/edited.seal.json', '--key', 'seal.pub'], { cwd: dir });
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('the signature does not match the manifest');
  });

  it('without a key the manifest holds hashes only, and verify says so; a missing file is named', () => {
    const scan = vigil(['scan', 'infra', '-f', 'json', '-o', 'plain.json', '--seal', '-q'], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(1);
    const ok = vigil(['verify', 'plain.json.seal.json'], { cwd: dir });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('the manifest is not signed');
    const needsKey = vigil(['verify', 'plain.json.seal.json', '--key', 'seal.pub'], { cwd: dir });
    expect(needsKey.code).toBe(1);
    rmSync(join(dir, 'plain.json'));
    const missing = vigil(['verify', 'plain.json.seal.json'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('FAILED   plain.json: missing');
  });

  it('report --seal signs with an RSA key and its X.509 certificate; verify checks against the certificate', () => {
    let openssl = true;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-out', 'rsa.crt', '-days', '30', '-subj', '/CN=Clinic Compliance'], { cwd: dir, stdio: 'ignore' });
    } catch {
      openssl = false;
    }
    if (!openssl) {
      console.warn('openssl is not on PATH: the X.509 case is not run');
      return;
    }
    vigil(['scan', 'infra', '-f', 'json', '-o', 'base.json', '-q'], { cwd: dir });
    const run = vigil(['report', 'base.json', '-f', 'html,markdown', '-o', 'rendered/', '--seal', '--seal-key', 'rsa.key', '--seal-cert', 'rsa.crt', '-q'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(read('rendered/vigil.seal.json')) as { files: Array<{ path: string; role: string }>; signature: { algorithm: string; certificate: string } };
    expect(manifest.signature.algorithm).toBe('rsa-sha256');
    expect(manifest.files.map((f) => `${f.role} ${f.path}`).sort()).toEqual(['input ../base.json', 'report vigil.html', 'report vigil.md']);
    const ok = vigil(['verify', 'rendered/vigil.seal.json', '--key', 'rsa.crt'], { cwd: dir });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('CN=Clinic Compliance');
    const wrong = vigil(['report', 'base.json', '-f', 'html', '-o', 'x.html', '--seal', '--seal-key', 'seal.key', '--seal-cert', 'rsa.crt'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the certificate is not the private key');
  });

  it('report and diff refuse a report whose results disagree with its summary and roll-up, and say which', () => {
    vigil(['scan', 'infra', '-f', 'json', '-o', 'whole.json', '-q'], { cwd: dir });
    const report = json('whole.json');
    expect(report.summary.byStatus.fail).toBeGreaterThan(0);
    report.results = report.results.filter((r) => r.status !== 'fail');
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(report));
    for (const args of [['report', 'edited.json', '-f', 'markdown'], ['diff', 'whole.json', 'edited.json']]) {
      const run = vigil(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('edited.json disagrees with itself');
      expect(run.stderr).toMatch(/summary\.byStatus\.fail says [1-9]\d*, but 0 results are fail/);
      expect(run.stderr).toMatch(/hipaa 164\.\S+: the roll-up says fail .* but its rules' results give/);
    }
    expect(vigil(['report', 'whole.json', '-f', 'markdown'], { cwd: dir }).code).toBe(0);
  });

  it('--from-snapshot refuses a snapshot whose resources disagree with its own raw answers, naming the resource', () => {
    writeFileSync(join(dir, 'tampered.json'), tamperedSnapshot());
    const run = vigil(['scan', '--from-snapshot', 'tampered.json', '-f', 'json', '-o', 'never.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('its resources disagree with its own raw API answers');
    expect(run.stderr).toContain('security-group/sg-0c1a2b3c4d5e6f703: the resource says attributes.ingress otherwise than the answers');
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow();
  });

  it('vigil drift --from-snapshot refuses the same snapshot: drift is not computed from edited evidence', () => {
    writeFileSync(join(dir, 'tampered.json'), tamperedSnapshot());
    writeFileSync(join(dir, 'empty.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.11.0', serial: 1, lineage: 'l', outputs: {}, resources: [] }));
    const run = vigil(['drift', '--from-snapshot', 'tampered.json', '--state', 'empty.tfstate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('its resources disagree with its own raw API answers');
  });
});

describe('a snapshot older than the collectors', () => {
  it('leaves what its Vigil never read unknown for the snapshot\'s scope, never absent or passed', () => {
    // As a Vigil without the ECS collectors would have written it: no ECS answers, no ECS resources.
    const { sha256: _old, ...body } = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { sha256: string; resources: Array<{ kind: string }>; raw: Array<{ service: string }> };
    body.resources = body.resources.filter((r) => !r.kind.startsWith('aws.ecs.'));
    body.raw = body.raw.filter((a) => a.service !== 'ecs');
    const text = JSON.stringify(body);
    writeFileSync(join(dir, 'older.json'), `${text.slice(0, -1)},"sha256":"${sha256(text)}"}\n`);
    const run = vigil(['scan', '--from-snapshot', 'older.json', '-f', 'json'], { cwd: dir });
    expect(run.stderr).not.toContain('disagree');
    const report = JSON.parse(run.stdout) as ReportDocument;
    expect(report.errors).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'older.json', message: expect.stringMatching(/^written by Vigil [\d.]+, which did not read everything this version reads: 2 scope\(s\) are unknown, not absent \(ECS clusters in 111122223333 eu-west-1; ECS task definition families/) }));
    const ecs = report.results.filter((r) => r.resource.kind.startsWith('aws.ecs.'));
    expect(ecs.length).toBeGreaterThan(0);
    for (const result of ecs) {
      expect(result.status, result.rule.id).toBe('unknown');
      expect(result.resource.notInventoried).toBe(true);
      expect(result.message).toMatch(/written by a Vigil that did not read them/);
    }
    // The ECS rules judged nothing, so no requirement they give evidence for passes on them.
    const ecsRules = new Set(ecs.map((r) => r.rule.id));
    expect(report.results.filter((r) => ecsRules.has(r.rule.id) && r.status === 'pass')).toEqual([]);
  });
});

describe('overrides leave a trace (issue 13, point 4)', () => {
  it('parameters, severities, disabled rules and rule folders change the effective hash and are listed with file and line', () => {
    const base = vigil(['scan', 'infra', '-f', 'json', '-o', 'defaults.json', '-q'], { cwd: dir });
    expect(base.code).toBe(1);
    const defaults = json('defaults.json');
    const hashes = new Set([defaults.scan.provenance!.effectiveRuleSetHash]);
    const configs = [
      'rules:\n  aws-rds-instance-backup-retention:\n    parameters:\n      min_days: 1\n',
      'rules:\n  aws-ec2-sg-no-public-ssh:\n    severity: low\n',
      'rules:\n  aws-rds-instance-encrypted:\n    enabled: false\n',
    ];
    for (const [i, config] of configs.entries()) {
      writeFileSync(join(dir, `c${i}.yaml`), config);
      vigil(['scan', 'infra', '-c', `c${i}.yaml`, '-f', 'json', '-o', `c${i}.json`, '-q'], { cwd: dir });
      hashes.add(json(`c${i}.json`).scan.provenance!.effectiveRuleSetHash);
    }
    expect(hashes.size).toBe(4);
    mkdirSync(join(dir, 'own-rules'), { recursive: true });
    writeFileSync(
      join(dir, 'own-rules', 'acme-db-tagged.yaml'),
      [
        'id: acme-db-tagged',
        'title: Databases carry a data classification tag',
        'severity: low',
        'kind: aws.rds.db_instance',
        'description: Every database says what data it holds.',
        'check: { attribute: tags.DataClass, exists: true }',
        'remediation: { text: Tag it., terraform: \'resource "aws_db_instance" "x" { tags = { DataClass = "PHI" } }\' }',
        'references: {}',
        'examples: {}',
        '',
      ].join('\n'),
    );
    const own = vigil(['scan', 'infra', '--rules', 'own-rules', '-f', 'json', '-o', 'own.json', '-q'], { cwd: dir });
    expect(own.code, own.stderr).toBe(1);
    // A rule folder is in the rule set's own hash, and so in the effective one.
    expect(json('own.json').scan.ruleSetHash).not.toBe(defaults.scan.ruleSetHash);
    expect(hashes.has(json('own.json').scan.provenance!.effectiveRuleSetHash)).toBe(false);

    writeFileSync(
      join(dir, '.vigil.yaml'),
      ['fail-on: none', 'rules:', '  aws-ec2-sg-no-public-ssh:', '    severity: low', '  aws-rds-instance-backup-retention:', '    parameters:', '      min_days: 1', '  aws-rds-instance-encrypted:', '    enabled: false', ''].join('\n'),
    );
    try {
      const run = vigil(['scan', 'infra', '--rules', 'own-rules', '-f', 'json,html,markdown', '-o', 'dev/', '-q'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const report = json('dev/vigil.json');
      expectValidReport(report);
      const p = report.scan.provenance!;
      expect(p.deviations).toEqual([
        { kind: 'rules-folder', value: 'own-rules', file: '--rules' },
        { kind: 'severity', rule: 'aws-ec2-sg-no-public-ssh', default: 'high', value: 'low', file: '.vigil.yaml', line: 4 },
        { kind: 'parameter', rule: 'aws-rds-instance-backup-retention', parameter: 'min_days', default: '7', value: '1', file: '.vigil.yaml', line: 7 },
        { kind: 'disabled', rule: 'aws-rds-instance-encrypted', file: '.vigil.yaml', line: 9 },
      ]);
      expect(p.config).toEqual({ file: '.vigil.yaml', sha256: sha256(readFileSync(join(dir, '.vigil.yaml'))) });
      expect(p.effectiveRuleSetHash).not.toBe(report.scan.ruleSetHash);
      const ssh = report.rules.find((r) => r.id === 'aws-ec2-sg-no-public-ssh')!;
      expect([ssh.severity, ssh.defaultSeverity]).toEqual(['low', 'high']);
      expect(report.rules.find((r) => r.id === 'aws-rds-instance-backup-retention')!.parameters).toEqual({ min_days: { default: 7, value: 1 } });
      expect(report.rules.some((r) => r.id === 'aws-rds-instance-encrypted')).toBe(false);
      expect(report.results.some((r) => r.rule.id === 'aws-rds-instance-encrypted')).toBe(false);
      const html = read('dev/vigil.html');
      expect(html).toContain('Deviations from the default rule set (4)');
      expect(html).toContain('.vigil.yaml:7');
      const md = read('dev/vigil.md');
      expect(md).toContain('aws-ec2-sg-no-public-ssh: severity high → low (.vigil.yaml:4)');
      expect(md).toContain('aws-rds-instance-encrypted: turned off (.vigil.yaml:9)');
    } finally {
      rmSync(join(dir, '.vigil.yaml'));
    }
  });
});

/** A public, unencrypted database: fails aws-rds-instance-not-public among others. */
const publicDb = (name: string, ignore = ''): string =>
  `${ignore}resource "aws_db_instance" "${name}" {\n  engine              = "postgres"\n  publicly_accessible = true\n}\n`;

const attestation = (by: string, date: string): string =>
  `attestations:\n  - framework: hipaa\n    requirement: 164.308(b)(1)\n    by: ${by}\n    date: ${date}\n    statement: BAA signed.\n`;

describe('quarter over quarter (issue 13, point 7)', () => {
  it('vigil diff separates fixed, newly suppressed and no longer in scope, shows attestation changes and warns on another rule set or scope', () => {
    const q = join(dir, 'quarters');
    mkdirSync(join(q, 'infra'), { recursive: true });
    writeFileSync(join(q, 'infra', 'main.tf'), publicDb('kept') + publicDb('fixed') + publicDb('accepted') + publicDb('removed'));
    writeFileSync(join(q, 'att.yaml'), attestation('Dana Whitfield', '2026-09-30'));
    expect(vigil(['scan', 'infra', '--attestations', 'att.yaml', '-f', 'json', '-o', 'q1.json', '-q'], { cwd: q }).code).toBe(1);

    writeFileSync(
      join(q, 'infra', 'main.tf'),
      publicDb('kept') +
        publicDb('fixed').replace('publicly_accessible = true', 'publicly_accessible = false') +
        publicDb('accepted', '# vigil:ignore aws-rds-instance-not-public -- reporting replica behind an allow-list\n') +
        publicDb('added'),
    );
    writeFileSync(join(q, 'att.yaml'), attestation('Sam Ortiz', '2026-12-01'));
    writeFileSync(join(q, 'lower.yaml'), 'rules:\n  aws-rds-instance-multi-az:\n    severity: low\n');
    expect(vigil(['scan', 'infra', '-c', 'lower.yaml', '--attestations', 'att.yaml', '-f', 'json', '-o', 'q2.json', '-q'], { cwd: q }).code).toBe(1);

    const run = vigil(['diff', 'q1.json', 'q2.json', '-f', 'json'], { cwd: q });
    expect(run.code, run.stderr).toBe(0);
    type Entry = { rule: string; resource: string; requirements: string[] };
    const diff = JSON.parse(run.stdout) as Record<'newFailures' | 'fixed' | 'newlySuppressed' | 'noLongerInScope' | 'nowUnknown' | 'resolved', Entry[]> & {
      warnings: string[];
      attestations: Array<{ citation: string; before: string; after: string; by?: string; date?: string }>;
    };
    const notPublic = (entries: Entry[]): string[] => entries.filter((e) => e.rule === 'aws-rds-instance-not-public').map((e) => e.resource);
    expect(notPublic(diff.fixed)).toEqual(['aws_db_instance.fixed']);
    expect(notPublic(diff.newlySuppressed)).toEqual(['aws_db_instance.accepted']);
    expect(notPublic(diff.noLongerInScope)).toEqual(['aws_db_instance.removed']);
    expect(notPublic(diff.newFailures)).toEqual(['aws_db_instance.added']);
    expect(diff.resolved.length).toBe(diff.fixed.length + diff.newlySuppressed.length + diff.noLongerInScope.length + diff.nowUnknown.length);
    expect(diff.fixed.find((e) => e.rule === 'aws-rds-instance-not-public')!.requirements).toContain('hipaa 164.312(a)(1)');
    expect(diff.attestations).toEqual([{ framework: 'hipaa', citation: '164.308(b)(1)', title: expect.any(String), before: 'attested', after: 'attested', by: 'Sam Ortiz', date: '2026-12-01' }]);
    expect(diff.warnings).toEqual([expect.stringMatching(/^the effective rule sets differ \(\w{12} before, \w{12} now; 0 and 1 deviation\(s\) from the defaults\)/)]);

    const console = vigil(['diff', 'q1.json', 'q2.json'], { cwd: q }).stdout;
    expect(console).toContain('warning: the effective rule sets differ');
    expect(console).toMatch(/Newly suppressed \(accepted, not fixed\): \d+\n.*aws-rds-instance-not-public  aws_db_instance\.accepted/);
    expect(console).toContain('164.308(b)(1)');
    const md = vigil(['diff', 'q1.json', 'q2.json', '-f', 'markdown'], { cwd: q }).stdout;
    expect(md).toContain('> ⚠️ the effective rule sets differ');
    expect(md).toContain('### No longer in scope');
    expect(md).toContain('### Attestations that changed');
    expect(vigil(['diff', 'q1.json', 'q2.json', '-f', 'html', '-o', 'diff.html'], { cwd: q }).code).toBe(0);
    const html = readFileSync(join(q, 'diff.html'), 'utf8');
    expect(html).toContain('<th>Requirements</th>');
    expect(html).toMatch(/<td><code>aws-rds-instance-not-public<\/code><\/td><td><code>aws_db_instance\.accepted<\/code><\/td><td>[^<]*<\/td><td>(<code>[^<]+<\/code>(<br>)?)*<code>hipaa 164\.312\(a\)\(1\)<\/code>/);
    expect(html).toContain('Sam Ortiz, 2026-12-01');
  });

  it('warns when a Terraform report is compared with a live one, and when the tool versions differ', () => {
    vigil(['scan', 'infra', '-f', 'json', '-o', 'tf.json', '-q'], { cwd: dir });
    vigil(['scan', '--from-snapshot', SNAPSHOT, '-f', 'json', '-o', 'live.json', '-q'], { cwd: dir });
    const live = json('live.json');
    live.tool.version = '0.0.9';
    writeFileSync(join(dir, 'live-old.json'), JSON.stringify(live));
    const diff = JSON.parse(vigil(['diff', 'live-old.json', 'tf.json', '-f', 'json'], { cwd: dir }).stdout) as { warnings: string[] };
    expect(diff.warnings).toEqual(
      expect.arrayContaining([
        'the reports differ in what was scanned (Terraform or live AWS): aws before, terraform now',
        'the reports differ in AWS accounts: 111122223333 before, none now',
        'the reports were made by different Vigil versions: 0.0.9 before, 0.1.0 now',
      ]),
    );
  });

  it('after --changed-since, Markdown, SARIF, JUnit and HTML mark each failure new or existing', () => {
    const repo = join(dir, 'branch');
    mkdirSync(join(repo, 'infra'), { recursive: true });
    writeFileSync(join(repo, 'infra', 'main.tf'), publicDb('old'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'infra', 'main.tf'), publicDb('old') + publicDb('fresh'));
    const run = vigil(['scan', 'infra', '--changed-since', 'main', '-f', 'json,markdown,sarif,junit,html', '-o', 'out/', '-q'], { cwd: repo });
    expect(run.code, run.stderr).toBe(1);
    const out = (file: string): string => readFileSync(join(repo, 'out', file), 'utf8');
    const report = JSON.parse(out('vigil.json')) as ReportDocument;
    const failing = report.results.filter((r) => r.status === 'fail');
    const fresh = failing.filter((r) => r.resource.address === 'aws_db_instance.fresh');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((r) => r.baseline === 'new')).toBe(true);
    expect(failing.filter((r) => r.baseline === 'existing').length).toBe(failing.length - fresh.length);

    const md = out('vigil.md');
    expect(md).toContain(`Compared with the merge base of`);
    expect(md).toContain(`**${fresh.length} new**`);
    expect(md.split('\n').filter((l) => l.includes('🆕 **new**') && l.includes('aws_db_instance.fresh')).length).toBe(fresh.length);
    expect(md.split('\n').filter((l) => l.startsWith('| existing ') && l.includes('aws_db_instance.old')).length).toBe(failing.length - fresh.length);

    const sarif = JSON.parse(out('vigil.sarif')) as { runs: Array<{ results: Array<{ baselineState?: string; kind: string; locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }> }> }> };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const states = sarif.runs[0]!.results.filter((r) => r.kind === 'fail').map((r) => `${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName} ${r.baselineState}`);
    expect(states.filter((s) => s.endsWith(' new')).every((s) => s.startsWith('aws_db_instance.fresh'))).toBe(true);
    expect(states.filter((s) => s.endsWith(' new')).length).toBe(fresh.length);
    expect(states.filter((s) => s.endsWith(' unchanged')).length).toBe(failing.length - fresh.length);

    const junit = out('vigil.junit.xml');
    expect(junit.match(/<property name="baseline" value="new"\/>/g)!.length).toBe(fresh.length);
    expect(junit).toMatch(/<testcase[^>]*name="aws_db_instance\.fresh"[^>]*>\s*<properties><property name="baseline" value="new"\/><\/properties>\s*<failure message="\[new\] /);

    const html = out('vigil.html');
    expect(html).toContain('Compared with the merge base of');
    expect(html).toMatch(/<span class="baseline baseline-new">new<\/span>/);
    expect(html).toMatch(/<span class="baseline baseline-existing">existing<\/span>/);
  });
});
