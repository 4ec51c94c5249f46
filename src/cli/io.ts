/** What the CLI may touch of the outside world; tests and bin/vigil supply it. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether standard output is a terminal (colour). */
  isTty: boolean;
  /** Whether standard error is a terminal: progress bars are drawn there, and only then. */
  stderrIsTty?: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The arguments after `vigil`, for the report's provenance (main sets them). */
  argv?: readonly string[];
}

/** 0: nothing failing at or above --fail-on; 1: something is; 2: the scan could not be done as asked. */
export const EXIT = { ok: 0, findings: 1, incomplete: 2 } as const;

/** A mistake in how Vigil was invoked: one clear line, exit 2. */
export class UsageError extends Error {}

/** A report that could not be written (full disk, no permission): one line, exit 2. */
export class OutputError extends Error {}
