import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTerraformJson } from '../../../src/sources/terraform/json.js';
import { scanTerraform } from '../../../src/sources/terraform/index.js';
import { SENSITIVE } from '../../../src/sources/terraform/secrets.js';
import { isUnknown, type ValueObject } from '../../../src/model/value.js';
import { byAddress, errors, provenance, scanEstate, writeEstate } from './estate.js';

describe('.tf.json files', () => {
  const json = {
    variable: { env: { type: 'string', default: 'prod' }, ports: { type: 'list(number)', default: [22, '443'] } },
    locals: { prefix: 'acme-${var.env}', buckets: { logs: 'Logs', data: 'Data' } },
    resource: {
      aws_kms_key: { phi: { description: 'PHI' } },
      aws_s3_bucket: { b: { for_each: '${local.buckets}', bucket: '${local.prefix}-${each.key}', tags: { Purpose: '${each.value}' } } },
      aws_s3_bucket_server_side_encryption_configuration: {
        b: {
          for_each: '${aws_s3_bucket.b}',
          bucket: '${each.value.id}',
          rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.phi.arn}' } },
        },
      },
      aws_security_group: {
        web: {
          name: 'web',
          dynamic: { ingress: { for_each: '${var.ports}', content: { from_port: '${ingress.value}', to_port: '${ingress.value}', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] } } },
        },
      },
    },
  };

  it('evaluates resources, variables with types, locals, for_each and dynamic blocks like native syntax', async () => {
    const scan = await scanEstate({ 'main.tf.json': JSON.stringify(json, null, 2) });
    expect(errors(scan)).toEqual([]);
    const logs = byAddress(scan.resources, 'aws_s3_bucket.b["logs"]');
    expect(logs.name).toBe('acme-prod-logs');
    expect(logs.attributes.tags).toEqual({ Purpose: 'Logs' });
    expect(logs.attributes.encryption).toMatchObject({ sse_algorithm: 'aws:kms', customer_managed_key: true });
    const ingress = byAddress(scan.resources, 'aws_security_group.web').attributes.ingress as ValueObject[];
    expect(ingress.map((rule) => [rule.from_port, rule.protocol])).toEqual([
      [22, 'tcp'],
      [443, 'tcp'],
    ]);
    // Positions point at the JSON: the bucket's key is on its own line in the pretty-printed file.
    expect(provenance(logs).location.file).toBe('main.tf.json');
    expect(provenance(logs).location.startLine).toBe(JSON.stringify(json, null, 2).split('\n').findIndex((l) => l.trim() === '"b": {') + 1);
  });

  it('reports invalid JSON with line and column and still scans the other files', async () => {
    const scan = await scanEstate({
      'broken.tf.json': '{\n  "resource": {\n    "aws_s3_bucket": { "x": { "bucket": "a", } }\n  }\n}\n',
      'main.tf': 'resource "aws_s3_bucket" "ok" {\n  bucket = "ok"\n}\n',
    });
    expect(errors(scan)).toEqual(['broken.tf.json:3:46: invalid JSON: expected a quoted object key']);
    expect(byAddress(scan.resources, 'aws_s3_bucket.ok').name).toBe('ok');
  });

  it('reports a bad expression inside a JSON string at the string', () => {
    const { diagnostics } = parseTerraformJson('{"locals": {"a": "${1 +}"}}', 'x.tf.json');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toContain('expected an expression');
    expect(diagnostics[0]!.range.start.line).toBe(1);
  });

  it('refuses JSON nested deeper than the HCL parser allows, without exhausting the stack', () => {
    const deep = `{"locals": {"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const { diagnostics } = parseTerraformJson(deep, 'deep.tf.json');
    expect(diagnostics[0]!.message).toMatch(/nesting deeper than \d+ levels/);
  });
});

/** A plan as `terraform show -json` writes it, cut down to what Vigil reads. */
function plan(): object {
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_kms_key.phi', mode: 'managed', type: 'aws_kms_key', name: 'phi', values: { enable_key_rotation: true }, sensitive_values: {} },
          { address: 'aws_db_instance.db', mode: 'managed', type: 'aws_db_instance', name: 'db', values: { identifier: 'claims', storage_encrypted: true, publicly_accessible: false, password: 'hunter2-hunter2', engine: 'postgres' }, sensitive_values: { password: true } },
        ],
        child_modules: [
          {
            address: 'module.logs',
            resources: [
              { address: 'module.logs.aws_s3_bucket.this["audit"]', mode: 'managed', type: 'aws_s3_bucket', name: 'this', index: 'audit', values: { bucket: null, tags: { Team: 'sec' } }, sensitive_values: {} },
              { address: 'module.logs.aws_s3_bucket_server_side_encryption_configuration.this["audit"]', mode: 'managed', type: 'aws_s3_bucket_server_side_encryption_configuration', name: 'this', index: 'audit', values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }] }, sensitive_values: {} },
            ],
          },
        ],
      },
    },
    resource_changes: [
      { address: 'aws_kms_key.phi', change: { actions: ['create'], after_unknown: { arn: true, id: true } } },
      { address: 'aws_db_instance.db', change: { actions: ['create'], after_unknown: { kms_key_id: true }, after_sensitive: { password: true } } },
      { address: 'module.logs.aws_s3_bucket.this["audit"]', change: { actions: ['create'], after_unknown: { id: true, bucket: true, arn: true } } },
      {
        address: 'module.logs.aws_s3_bucket_server_side_encryption_configuration.this["audit"]',
        change: { actions: ['create'], after_unknown: { bucket: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] } },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_kms_key.phi', mode: 'managed', type: 'aws_kms_key', name: 'phi', expressions: {} },
          { address: 'aws_db_instance.db', mode: 'managed', type: 'aws_db_instance', name: 'db', expressions: { kms_key_id: { references: ['aws_kms_key.phi.arn', 'aws_kms_key.phi'] } } },
        ],
        module_calls: {
          logs: {
            source: './modules/logs',
            module: {
              resources: [
                { address: 'aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', expressions: {}, for_each_expression: { references: ['var.names'] } },
                {
                  address: 'aws_s3_bucket_server_side_encryption_configuration.this',
                  mode: 'managed',
                  type: 'aws_s3_bucket_server_side_encryption_configuration',
                  name: 'this',
                  expressions: { bucket: { references: ['each.value.id', 'each.value'] } },
                  for_each_expression: { references: ['aws_s3_bucket.this'] },
                },
              ],
            },
          },
        },
      },
    },
  };
}

describe('plan JSON', () => {
  const sources = {
    'infra/main.tf': 'resource "aws_kms_key" "phi" {}\n\nresource "aws_db_instance" "db" {\n  identifier = "claims"\n}\nmodule "logs" {\n  source = "./modules/logs"\n}\n',
    'infra/modules/logs/main.tf': 'variable "names" {}\n\nresource "aws_s3_bucket" "this" {\n  for_each = var.names\n}\n\nresource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  for_each = aws_s3_bucket.this\n  bucket   = each.value.id\n}\n',
  };

  it('uses planned values as resolved, after_unknown as unknown, and masks sensitive values', async () => {
    const root = writeEstate({ 'plan.json': JSON.stringify(plan(), null, 2) });
    const scan = await scanTerraform({ paths: ['plan.json'], cwd: root, variables: { varFiles: [], vars: [], env: {} } });
    expect(errors(scan)).toEqual([]);
    const db = scan.resources.find((r) => r.id === 'aws_db_instance.db')!;
    expect(db.attributes).toMatchObject({ identifier: 'claims', storage_encrypted: true, publicly_accessible: false });
    expect(isUnknown(db.attributes.kms_key_id)).toBe(true);
    expect(JSON.stringify(scan.resources)).not.toContain('hunter2');
    expect(provenance(db)).toMatchObject({ plan: 'plan.json', location: { file: 'plan.json' } });
    expect(provenance(db).location.startLine).toBeGreaterThan(1);
  });

  it('folds companions into their resource through the configuration\'s references, across modules and for_each keys', async () => {
    const root = writeEstate({ 'plan.json': JSON.stringify(plan()) });
    const scan = await scanTerraform({ paths: ['plan.json'], cwd: root, variables: { varFiles: [], vars: [], env: {} } });
    const buckets = scan.resources.filter((r) => r.kind === 'aws.s3.bucket');
    expect(buckets.map((b) => b.id)).toEqual(['module.logs.aws_s3_bucket.this["audit"]']);
    expect(buckets[0]!.attributes.encryption).toMatchObject({ sse_algorithm: 'aws:kms', configured: true });
    expect(provenance(buckets[0]!).moduleCalls).toEqual(['module.logs']);
    expect(scan.problems.filter((p) => p.message.includes('does not refer'))).toEqual([]);
  });

  it('gives resources the region of their provider configuration: a constant, or a root variable\'s value', async () => {
    const regional = plan() as {
      configuration: { provider_config?: object; root_module: { resources: Array<Record<string, unknown>>; module_calls: { logs: { module: { resources: Array<Record<string, unknown>> } } } } };
      variables?: object;
    };
    regional.configuration.provider_config = {
      aws: { name: 'aws', expressions: { region: { references: ['var.region'] } } },
      'aws.us': { name: 'aws', alias: 'us', expressions: { region: { constant_value: 'us-east-1' } } },
    };
    regional.variables = { region: { value: 'eu-central-1' } };
    const [kms, db] = regional.configuration.root_module.resources;
    kms!.provider_config_key = 'aws';
    db!.provider_config_key = 'aws.us';
    for (const r of regional.configuration.root_module.module_calls.logs.module.resources) r.provider_config_key = 'aws';
    const root = writeEstate({ 'plan.json': JSON.stringify(regional) });
    const scan = await scanTerraform({ paths: ['plan.json'], cwd: root, variables: { varFiles: [], vars: [], env: {} } });
    const region = (id: string) => scan.resources.find((r) => r.id === id)!.attributes.region;
    expect(region('aws_db_instance.db')).toBe('us-east-1');
    expect(region('module.logs.aws_s3_bucket.this["audit"]')).toBe('eu-central-1');
    // Without provider_config the plan does not say, and the region stays unknown with why.
    const bare = await scanTerraform({ paths: ['plan.json'], cwd: writeEstate({ 'plan.json': JSON.stringify(plan()) }), variables: { varFiles: [], vars: [], env: {} } });
    const unknownRegion = bare.resources.find((r) => r.id === 'aws_db_instance.db')!.attributes.region;
    expect(isUnknown(unknownRegion) && unknownRegion.reason).toMatch(/names no provider configuration/);
  });

  it('points resources at their blocks with --source-root, through module calls', async () => {
    const root = writeEstate({ 'plan.json': JSON.stringify(plan()), ...sources });
    const scan = await scanTerraform({ paths: ['plan.json'], cwd: root, sourceRoot: join(root, 'infra'), variables: { varFiles: [], vars: [], env: {} } });
    expect(provenance(scan.resources.find((r) => r.id === 'aws_db_instance.db')!).location).toMatchObject({ file: 'infra/main.tf', startLine: 3 });
    const bucket = scan.resources.find((r) => r.kind === 'aws.s3.bucket')!;
    expect(provenance(bucket).location).toMatchObject({ file: 'infra/modules/logs/main.tf', startLine: 3, endLine: 5 });
    expect(provenance(bucket).parts[0]!.location).toMatchObject({ file: 'infra/modules/logs/main.tf', startLine: 7 });
  });

  it('refuses a JSON file that is not a plan, clearly', async () => {
    const root = writeEstate({ 'state.json': '{"version": 4, "resources": []}' });
    const scan = await scanTerraform({ paths: ['state.json'], cwd: root, variables: { varFiles: [], vars: [], env: {} } });
    expect(errors(scan)).toEqual(['state.json:1:1: not a Terraform plan: expected the output of "terraform show -json <planfile>" (format_version, planned_values)']);
  });
});
