import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (relative path → text) under `root`, making folders as needed; returns `root`. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

/** A new temporary folder, named with `prefix`, holding `files`. */
export function tempTree(prefix: string, files: Record<string, string>): string {
  return writeTree(mkdtempSync(join(tmpdir(), `${prefix}-`)), files);
}

/**
 * A daily AWS Backup plan whose one selection takes `resources` (HCL expressions), so test
 * projects' databases are backed up and the in-backup-plan rule leaves a test's subject alone.
 */
export function backupPlanTf(selection: string, resources: string): string {
  return `resource "aws_backup_plan" "daily" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = "clinic"
    schedule          = "cron(0 3 * * ? *)"
    lifecycle {
      delete_after = 35
    }
  }
}
resource "aws_backup_selection" "${selection}" {
  name         = "${selection.replace(/_/g, '-')}"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id      = aws_backup_plan.daily.id
  resources    = [${resources}]
}
`;
}
