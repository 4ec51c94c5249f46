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
  /** Set when an ignore comment or a configured suppression suppresses nothing, and why. */
  suppression?: SuppressionProblem;
}

export type SuppressionProblem = 'missing-reason' | 'expired' | 'unused' | 'no-such-rule';

export function formatProblem(problem: ScanProblem): string {
  const where = problem.file
    ? `${problem.file}${problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : ''}: `
    : '';
  return `${where}${problem.message}`;
}
