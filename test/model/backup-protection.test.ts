import { describe, expect, it } from 'vitest';
import { markBackupProtection } from '../../src/model/backup-protection.js';
import type { Resource } from '../../src/model/resource.js';
import { isUnknown, unknown, type Value, type ValueObject } from '../../src/model/value.js';

/** Live resources of one account and region, the way the collectors make them. */
const live = (kind: string, arn: string, attributes: ValueObject): Resource => ({
  kind,
  id: arn,
  name: arn.split(/[/:]/).pop()!,
  attributes,
  provenance: { source: 'aws', account: '111122223333', region: 'eu-west-1', arn, calls: [] },
});
const plan = (selection: ValueObject): Resource => live('aws.backup.plan', 'arn:aws:backup:eu-west-1:111122223333:backup-plan:daily', { selections: [selection] });
const launchConfiguration = (): Resource =>
  live('aws.ec2.instance', 'arn:aws:autoscaling:eu-west-1:111122223333:launchConfiguration:1:launchConfigurationName/web', { launched_by: 'launch_configuration', region: 'eu-west-1', tags: {} });
const instance = (tags: ValueObject): Resource => live('aws.ec2.instance', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc', { region: 'eu-west-1', tags });

describe('in_backup_plan of a launch configuration: it stands for the instances it launches', () => {
  it('is covered by a selection of every instance ARN, which covers what it launches', () => {
    const config = launchConfiguration();
    markBackupProtection([plan({ name: 'all', resources: ['arn:aws:ec2:*:*:instance/*'] }), config]);
    expect(config.attributes.in_backup_plan).toBe(true);
  });

  it('is unknown under a tag selection: its instances carry their Auto Scaling group\'s tags, not its own', () => {
    const config = launchConfiguration();
    const tagged = instance({ backup: 'daily' });
    markBackupProtection([plan({ name: 'tagged', tags: [{ key: 'backup', value: 'daily' }] }), config, tagged]);
    const verdict = config.attributes.in_backup_plan;
    expect(isUnknown(verdict) && verdict.reason).toMatch(/take their tags from their Auto Scaling group/);
    // An instance is still judged by its own tags.
    expect(tagged.attributes.in_backup_plan).toBe(true);
  });

  it('fails when no selection can cover an instance at all', () => {
    const config = launchConfiguration();
    markBackupProtection([plan({ name: 'databases', resources: ['arn:aws:rds:*:*:db:*'] }), config]);
    expect(config.attributes.in_backup_plan).toBe(false);
  });
});

describe('in_backup_plan of a Terraform launch template: a selection names instances, never the template', () => {
  const template = (): Resource => ({
    kind: 'aws.ec2.instance',
    id: 'module.app.aws_launch_template.web',
    name: 'web',
    attributes: { launched_by: 'launch_template', region: 'eu-west-1', tags: {} },
    provenance: { source: 'terraform', address: 'module.app.aws_launch_template.web', location: { file: 'app/main.tf', startLine: 1, endLine: 9 }, parts: [], root: '.' },
  });
  const terraformPlan = (resources: Value[]): Resource => ({
    kind: 'aws.backup.plan',
    id: 'aws_backup_plan.daily',
    name: 'daily',
    attributes: { selections: [{ name: 'web', resources }] },
    provenance: { source: 'terraform', address: 'aws_backup_plan.daily', location: { file: 'backup.tf', startLine: 1, endLine: 9 }, parts: [], root: '.' },
  });

  it('is not covered by a selection that names the template\'s own ARN, even inside a module', () => {
    const web = template();
    markBackupProtection([terraformPlan([unknown('known after apply', 'module.app.aws_launch_template.web')]), web]);
    expect(web.attributes.in_backup_plan).not.toBe(true);
  });

  it('is covered by a selection of every instance ARN', () => {
    const web = template();
    markBackupProtection([terraformPlan(['arn:aws:ec2:*:*:instance/*']), web]);
    expect(web.attributes.in_backup_plan).toBe(true);
  });
});
