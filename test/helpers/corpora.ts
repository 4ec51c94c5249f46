import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The public Terraform corpora of this machine (../shared/corpora beside the checkouts); tests that
 * scan them skip, with a message, where they are absent (a fresh clone on CI).
 */
export const corporaRoot = process.env.VIGIL_CORPORA ?? '/work/shared/corpora';

export const CORPORA = [
  'terraform-aws-vpc',
  'terraform-aws-rds',
  'terraform-aws-s3-bucket',
  'terraform-aws-security-group',
  'terraform-aws-eks',
  'terragoat/terraform/aws',
].map((name) => ({ name, path: join(corporaRoot, name) }));

export const corporaPresent = CORPORA.every((c) => existsSync(c.path));

/** A JSON report without the two timestamps of when it ran, for comparing runs. */
export function withoutTimes(json: string): unknown {
  const report = JSON.parse(json) as { scan: Record<string, unknown> & { provenance?: Record<string, unknown> } };
  delete report.scan.startedAt;
  delete report.scan.finishedAt;
  // The command line names the cache flags the runs differ in; the rest of the provenance must agree.
  if (report.scan.provenance) delete report.scan.provenance.commandLine;
  return report;
}
