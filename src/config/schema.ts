/**
 * The schema of `.vigil.yaml`. It holds the defaults, so code reading a config never guesses.
 */

const severity = { enum: ['critical', 'high', 'medium', 'low', 'info'] };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

export const SUPPRESSION_SCHEMA = {
  type: 'object',
  required: ['reason'],
  properties: {
    rule: { type: 'string', minLength: 1 },
    resource: { type: 'string', minLength: 1 },
    path: { type: 'string', minLength: 1 },
    account: { type: 'string', pattern: '^\\d{12}$' },
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' },
    reason: { type: 'string', minLength: 3 },
    owner: { type: 'string', minLength: 1 },
    approver: { type: 'string', minLength: 1 },
    expires: date,
  },
  anyOf: [{ required: ['rule'] }, { required: ['resource'] }, { required: ['path'] }, { required: ['account'] }, { required: ['region'] }],
  additionalProperties: false,
};

export const CONFIG_SCHEMA = {
  type: 'object',
  properties: {
    frameworks: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    'fail-on': { enum: ['critical', 'high', 'medium', 'low', 'none'], default: 'low' },
    rules: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          severity,
          parameters: { type: 'object' },
          // false turns the rule off; the report lists it among the deviations from the defaults.
          enabled: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    'skip-paths': { type: 'array', items: { type: 'string', minLength: 1 } },
    // Threads that evaluate Terraform roots; the range of the CLI's --jobs, which wins over it.
    jobs: { type: 'integer', minimum: 1, maximum: 256 },
    // A list of suppressions, or a mapping with the policy every exception must meet and the list.
    suppressions: {
      if: { type: 'array' },
      then: { items: SUPPRESSION_SCHEMA },
      else: {
        type: 'object',
        properties: {
          requireOwner: { type: 'boolean' },
          requireExpiry: { type: 'boolean' },
          maxExpiryDays: { type: 'integer', minimum: 1 },
          entries: { type: 'array', items: SUPPRESSION_SCHEMA },
        },
        additionalProperties: false,
      },
    },
    attestations: { type: 'string', minLength: 1 },
    'attestation-max-age-days': { type: 'integer', minimum: 1, default: 365 },
    aws: {
      type: 'object',
      properties: {
        regions: { type: 'array', items: { type: 'string' } },
        'role-arn': { type: 'string', pattern: '^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$' },
        'external-id': { type: 'string' },
        accounts: { type: 'array', items: { type: 'string', pattern: '^\\d{12}$' } },
        // The ranges of the CLI's --max-rps and --concurrency, which win over these.
        'max-rps': { type: 'integer', minimum: 1, maximum: 10_000 },
        concurrency: { type: 'integer', minimum: 1, maximum: 256 },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};
