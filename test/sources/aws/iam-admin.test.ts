import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { scanAws } from '../../../src/sources/aws/index.js';
import { evaluateAll } from '../../../src/engine/evaluate.js';
import { loadCatalogue } from '../../../src/engine/catalogue.js';
import { join } from 'node:path';
import { mockAws, testDeps, testOptions } from './mocks.js';

let aws: ReturnType<typeof mockAws>;
beforeEach(() => {
  aws = mockAws();
});
afterEach(() => aws.restore());

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('the AWS source: AWS-managed AdministratorAccess', () => {
  it('emits the policy once per user, group and role it is attached to, and the no-admin rule fails each', async () => {
    aws.iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [
        { UserName: 'dana', Arn: 'arn:aws:iam::111122223333:user/dana', AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] },
        { UserName: 'eli', Arn: 'arn:aws:iam::111122223333:user/eli', AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] },
      ],
      GroupDetailList: [{ GroupName: 'ops', Arn: 'arn:aws:iam::111122223333:group/ops', AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] }],
      RoleDetailList: [{ RoleName: 'deploy', Arn: 'arn:aws:iam::111122223333:role/deploy', AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] }],
    });
    const result = await scanAws(testOptions(), testDeps());
    const admin = result.resources.filter((r) => r.kind === 'aws.iam.policy' && r.attributes.policy_type === 'aws-managed');
    expect(admin.map((r) => r.attributes.attached_to).sort()).toEqual(['group/ops', 'role/deploy', 'user/dana']);
    const catalogue = await loadCatalogue([join(__dirname, '../../../rules')]);
    const rule = catalogue.rules.filter((r) => r.id === 'aws-iam-policy-no-admin');
    expect(evaluateAll(rule, admin).map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
  });
});
