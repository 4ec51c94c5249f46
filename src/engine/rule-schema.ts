/**
 * JSON Schemas for rule and framework files. Every rule file is validated against these when it
 * loads, so a typo in a third-party rule pack is an error naming the file and the field.
 */

const operand = {};

const condition = {
  $id: 'condition',
  oneOf: [
    { type: 'object', required: ['all'], properties: { all: { type: 'array', minItems: 1, items: { $ref: 'condition' } } }, additionalProperties: false },
    { type: 'object', required: ['any'], properties: { any: { type: 'array', minItems: 1, items: { $ref: 'condition' } } }, additionalProperties: false },
    { type: 'object', required: ['none'], properties: { none: { type: 'array', minItems: 1, items: { $ref: 'condition' } } }, additionalProperties: false },
    { type: 'object', required: ['not'], properties: { not: { $ref: 'condition' } }, additionalProperties: false },
    ...['every', 'some', 'no'].map((q) => ({
      type: 'object',
      required: [q, 'satisfy'],
      properties: { [q]: { type: 'string', minLength: 1 }, satisfy: { $ref: 'condition' }, label: { type: 'string' } },
      additionalProperties: false,
    })),
    {
      type: 'object',
      required: ['attribute'],
      properties: {
        attribute: { type: 'string', minLength: 1 },
        equals: operand,
        not_equals: operand,
        in: operand,
        not_in: operand,
        gt: operand,
        gte: operand,
        lt: operand,
        lte: operand,
        matches: operand,
        not_matches: operand,
        exists: { type: 'boolean' },
        is_empty: { type: 'boolean' },
        contains: operand,
        cidr_open_to_internet: { type: 'boolean' },
      },
      minProperties: 2,
      maxProperties: 2,
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['port_range'],
      properties: {
        port_range: {
          type: 'object',
          required: ['from', 'to', 'protocol'],
          properties: { from: { type: 'string' }, to: { type: 'string' }, protocol: { type: 'string' } },
          additionalProperties: false,
        },
        includes_any_port: operand,
        covers_all_ports: { type: 'boolean' },
        protocols: { type: 'array', items: { type: 'string' } },
      },
      oneOf: [{ required: ['includes_any_port'] }, { required: ['covers_all_ports'] }],
      additionalProperties: false,
    },
  ],
};

const terraformExample = {
  type: 'object',
  required: ['name', 'code'],
  properties: { name: { type: 'string' }, code: { type: 'string', minLength: 1 } },
  additionalProperties: false,
};

const awsExample = {
  type: 'object',
  required: ['name', 'attributes'],
  properties: { name: { type: 'string' }, attributes: { type: 'object' } },
  additionalProperties: false,
};

const exampleSet = (item: object): object => ({
  type: 'object',
  properties: {
    pass: { type: 'array', items: item },
    fail: { type: 'array', items: item },
    unknown: { type: 'array', items: item },
  },
  additionalProperties: false,
});

const references = {
  type: 'object',
  properties: {
    checkov: { type: 'array', items: { type: 'string', pattern: '^CKV2?_AWS_[0-9]+$' } },
    trivy: { type: 'array', items: { type: 'string', pattern: '^AVD-AWS-[0-9]{4}$' } },
    prowler: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9_]+$' } },
    aws_config: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]+$' } },
  },
  additionalProperties: false,
};

export const RULE_SCHEMA = {
  $id: 'rule',
  type: 'object',
  required: ['id', 'title', 'severity', 'kind', 'description', 'check', 'remediation', 'references', 'examples'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)+$' },
    aliases: { type: 'array', items: { type: 'string' } },
    deprecated: { type: 'boolean' },
    title: { type: 'string', minLength: 1 },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    kind: { type: 'string', pattern: '^aws\\.[a-z0-9_]+\\.[a-z0-9_]+$' },
    sources: { type: 'array', minItems: 1, items: { enum: ['terraform', 'aws'] }, uniqueItems: true },
    description: { type: 'string', minLength: 1 },
    assumptions: { type: 'string' },
    parameters: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['description', 'default'],
        properties: { description: { type: 'string' }, default: {} },
        additionalProperties: false,
      },
    },
    applies_if: { $ref: 'condition' },
    check: { $ref: 'condition' },
    remediation: {
      type: 'object',
      required: ['text', 'terraform'],
      properties: { text: { type: 'string', minLength: 1 }, terraform: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
    references,
    facets: {
      type: 'object',
      propertyNames: { pattern: '^[a-z0-9_]+$' },
      additionalProperties: {
        type: 'object',
        required: ['check', 'references'],
        properties: { description: { type: 'string' }, check: { $ref: 'condition' }, references: { ...references, minProperties: 1 } },
        additionalProperties: false,
      },
    },
    help_uri: { type: 'string' },
    examples: {
      type: 'object',
      properties: { terraform: exampleSet(terraformExample), aws: exampleSet(awsExample) },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

export const CONDITION_SCHEMA = condition;

export const FRAMEWORK_SCHEMA = {
  $id: 'framework',
  type: 'object',
  required: ['id', 'name', 'version', 'description', 'requirements'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9-]+$' },
    name: { type: 'string' },
    version: { type: 'string' },
    description: { type: 'string' },
    requirements: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['citation', 'title', 'section', 'description'],
        properties: {
          citation: { type: 'string' },
          title: { type: 'string' },
          section: { type: 'string' },
          standard: { type: 'string' },
          implementation: { enum: ['required', 'addressable'] },
          description: { type: 'string' },
          rules: { type: 'array', items: { type: 'string' } },
          manual: {
            type: 'object',
            required: ['evidence'],
            properties: {
              evidence: { type: 'string' },
              // A process check (AWS Config's name, e.g. annual-risk-assessment-performed) and how
              // often it must be performed: the attestation is due that many days after the last.
              process_check: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
              every_days: { type: 'integer', minimum: 1 },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};
