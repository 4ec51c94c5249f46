import type { ReportDocument } from './document.js';

/**
 * The line every human-facing format puts at its top when the scan could not read all its input:
 * the checklist below it covers less than was asked, and an auditor must see that first.
 */
export function incompleteNotice(document: Pick<ReportDocument, 'summary'>): string | undefined {
  const errors = document.summary.errors;
  if (errors === 0) return undefined;
  return `incomplete: ${errors} input error${errors === 1 ? '' : 's'}; requirements that depend on them are unknown`;
}
