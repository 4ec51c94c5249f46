import { describe, expect, it } from 'vitest';
import { parseState, StateFormatError } from '../../../src/sources/state/parse.js';
import { stateResources } from '../../../src/sources/state/resources.js';
import type { StateProvenance } from '../../../src/model/resource.js';

/**
 * State files of the shapes Terraform 0.12 to 1.x (and OpenTofu) write, and `terraform show -json`
 * of a state, mapped to the model with the Terraform source's mappers.
 */

const bucket = (name: string, extra: Record<string, unknown> = {}) => ({
  id: name,
  arn: `arn:aws:s3:::${name}`,
  bucket: name,
  region: 'eu-west-1',
  server_side_encryption_configuration: [],
  versioning: [{ enabled: false, mfa_delete: false }],
  ...extra,
});

/** Terraform 0.12 wrote `each` on the resource and no sensitive_attributes. */
const v012 = {
  version: 4,
  terraform_version: '0.12.31',
  serial: 3,
  lineage: 'x',
  outputs: {},
  resources: [
    { mode: 'managed', type: 'aws_s3_bucket', name: 'logs', each: 'list', provider: 'provider.aws', instances: [{ index_key: 0, schema_version: 0, attributes: bucket('logs-0') }, { index_key: 1, schema_version: 0, attributes: bucket('logs-1') }] },
    { mode: 'data', type: 'aws_caller_identity', name: 'me', provider: 'provider.aws', instances: [{ schema_version: 0, attributes: { account_id: '123456789012' } }] },
  ],
};

/** Terraform 1.x and OpenTofu: modules, for_each keys, sensitive attributes, dependencies. */
const v1 = {
  version: 4,
  terraform_version: '1.9.5',
  serial: 12,
  lineage: 'y',
  outputs: {},
  check_results: null,
  resources: [
    {
      module: 'module.store["phi"]',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'this',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ index_key: 'a', schema_version: 0, attributes: bucket('phi-a'), sensitive_attributes: [], dependencies: [] }],
    },
    {
      module: 'module.store["phi"]',
      mode: 'managed',
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: 'this',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          index_key: 'a',
          schema_version: 0,
          attributes: { id: 'phi-a', bucket: 'phi-a', rule: [{ bucket_key_enabled: false, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/k1' }] }] },
          sensitive_attributes: [],
          dependencies: ['module.store.aws_s3_bucket.this'],
        },
      ],
    },
    {
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'main',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 2,
          attributes: { id: 'db-ABC', arn: 'arn:aws:rds:eu-west-1:123456789012:db:main', identifier: 'main', engine: 'postgres', storage_encrypted: true, publicly_accessible: false, password: 'hunter2-very-secret', master_user_secret: [], tags: { owner: 'team' } },
          sensitive_attributes: [[{ type: 'get_attr', value: 'password' }]],
        },
      ],
    },
  ],
};

describe('parseState', () => {
  it('reads a Terraform 0.12 state: count instances by index, data sources left out', () => {
    const parsed = parseState(JSON.stringify(v012));
    expect(parsed.terraformVersion).toBe('0.12.31');
    expect(parsed.instances.map((i) => i.address)).toEqual(['aws_s3_bucket.logs[0]', 'aws_s3_bucket.logs[1]']);
  });

  it('reads a Terraform 1.x state: module and for_each addresses, sensitive values masked', () => {
    const parsed = parseState(JSON.stringify(v1));
    expect(parsed.instances.map((i) => i.address)).toEqual([
      'module.store["phi"].aws_s3_bucket.this["a"]',
      'module.store["phi"].aws_s3_bucket_server_side_encryption_configuration.this["a"]',
      'aws_db_instance.main',
    ]);
    expect(parsed.instances[2]!.attributes.password).toBe('(sensitive)');
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
  });

  it('reads terraform show -json of a state (values.root_module with child modules)', () => {
    const shown = {
      format_version: '1.0',
      terraform_version: '1.11.4',
      values: {
        root_module: {
          resources: [{ address: 'aws_s3_bucket.a', mode: 'managed', type: 'aws_s3_bucket', name: 'a', values: bucket('a'), sensitive_values: {} }],
          child_modules: [{ address: 'module.m', resources: [{ address: 'module.m.aws_s3_bucket.b[0]', mode: 'managed', type: 'aws_s3_bucket', name: 'b', index: 0, values: bucket('b'), sensitive_values: {} }, { address: 'module.m.data.aws_region.r', mode: 'data', type: 'aws_region', name: 'r', values: {} }] }],
        },
      },
    };
    const parsed = parseState(JSON.stringify(shown));
    expect(parsed.instances.map((i) => [i.address, i.module])).toEqual([['aws_s3_bucket.a', ''], ['module.m.aws_s3_bucket.b[0]', 'module.m']]);
  });

  it.each([
    ['truncated JSON', '{"version": 4,\n "resources": [', /^not valid JSON/, 2],
    ['a plan', '{"format_version": "1.2", "planned_values": {}}', /a Terraform plan, not a state/, undefined],
    ['version 3', '{"version": 3}', /unsupported state version 3/, undefined],
    ['no resources', '{"version": 4}', /"resources" is missing/, undefined],
  ])('%s is a StateFormatError with a clear message', (_name, text, message, line) => {
    let error: unknown;
    try {
      parseState(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateFormatError);
    expect((error as Error).message).toMatch(message);
    if (line !== undefined) expect((error as StateFormatError).line).toBe(line);
  });
});

describe('stateResources', () => {
  it('folds companions into their resource by value and maps with the Terraform mappers', () => {
    const { resources, accounts } = stateResources(parseState(JSON.stringify(v1)).instances, 'prod.tfstate', 'envs/prod');
    expect(accounts).toEqual(['123456789012']);
    const store = resources.find((r) => r.kind === 'aws.s3.bucket')!;
    expect(store.id).toBe('module.store["phi"].aws_s3_bucket.this["a"]');
    expect(store.attributes.encryption).toMatchObject({ sse_algorithm: 'aws:kms', customer_managed_key: true, configured: true });
    const p = store.provenance as StateProvenance;
    expect(p).toMatchObject({ source: 'state', state: 'prod.tfstate', root: 'envs/prod', arn: 'arn:aws:s3:::phi-a', resourceId: 'phi-a', moduleCalls: ['module.store["phi"]'] });
    expect(p.parts).toEqual(['module.store["phi"].aws_s3_bucket_server_side_encryption_configuration.this["a"]']);
    const db = resources.find((r) => r.kind === 'aws.rds.db_instance')!;
    expect(db.attributes).toMatchObject({ storage_encrypted: true, publicly_accessible: false, region: 'eu-west-1' });
    expect(JSON.stringify(resources)).not.toContain('hunter2');
  });
});
