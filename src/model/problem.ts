/**
 * An input that could not be read, parsed or evaluated as asked. Errors make a scan incomplete
 * (exit code 2); warnings are shown but leave the scan complete.
 */
export interface ScanProblem {
  severity: 'error' | 'warning';
  /** Path relative to the scan root, or a flag name such as `--var`. */
  file?: string;
  line?: number;
  column?: number;
  message: string;
  /** Set when an ignore comment or a configured suppression suppresses nothing (or not all), and why. */
  suppression?: SuppressionProblem;
  /** Terraform: the root module folder whose evaluation gave the problem. */
  root?: string;
  /** Terraform: the module instance it arose in (`module.db["a"]`), when not the root itself. */
  module?: string;
}

/**
 * Why an ignore is not in effect. The last three come from the configuration's suppression policy
 * (`suppressions.requireOwner`, `requireExpiry`, `maxExpiryDays`).
 */
export type SuppressionProblem = 'missing-reason' | 'expired' | 'unused' | 'no-such-rule' | 'partial' | 'missing-owner' | 'missing-expiry' | 'expiry-too-far';

export function formatProblem(problem: ScanProblem): string {
  const where = problem.file
    ? `${problem.file}${problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : ''}: `
    : '';
  // A module shared by several roots gives each its own problem: say which root and instance.
  const through = problem.module ? ` (${problem.root !== undefined ? `root ${problem.root}, ` : ''}${problem.module})` : '';
  return `${where}${problem.message}${through}`;
}
