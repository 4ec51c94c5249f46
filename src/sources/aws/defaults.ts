/**
 * Defaults of the live scan, in a module of their own so the CLI can show them in --help without
 * loading the AWS SDK, which only a live scan needs.
 */
export const AWS_DEFAULTS = {
  maxRps: 100,
  concurrency: 8,
  accountConcurrency: 10,
  regionTimeoutMs: 15 * 60_000,
  maxAttempts: 5,
  requestTimeoutMs: 30_000,
} as const;
