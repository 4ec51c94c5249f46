import { describe, expect, it } from 'vitest';
import { joinLive, linkCodeToState } from '../../src/pipeline/join.js';
import { differences, driftReport } from '../../src/pipeline/drift.js';
import type { Resource } from '../../src/model/resource.js';
import type { NotInventoried } from '../../src/model/inventory.js';
import { unknown } from '../../src/model/value.js';

/** The join on hand-made resources: which resource meets which, and what lands in which list. */

const MANAGEABLE = new Set(['aws.s3.bucket', 'aws.ec2.security_group', 'aws.ec2.instance', 'aws.ec2.volume']);
const location = { file: 'main.tf', startLine: 3, endLine: 9 };

const code = (address: string, kind = 'aws.s3.bucket', root = 'prod', attributes = {}): Resource => ({
  kind,
  id: address,
  name: address,
  attributes,
  provenance: { source: 'terraform', address, location, parts: [], root },
});
const state = (address: string, extra: { kind?: string; arn?: string; id?: string; account?: string; root?: string; region?: string; covers?: string[]; attributes?: object } = {}): Resource => ({
  kind: extra.kind ?? 'aws.s3.bucket',
  id: address,
  name: extra.id ?? address,
  attributes: { ...(extra.region ? { region: extra.region } : {}), ...(extra.attributes ?? {}) },
  provenance: {
    source: 'state',
    address,
    state: 'prod.tfstate',
    parts: [],
    ...(extra.root !== undefined ? { root: extra.root } : { root: 'prod' }),
    ...(extra.arn ? { arn: extra.arn } : {}),
    ...(extra.id ? { resourceId: extra.id } : {}),
    ...(extra.account ? { account: extra.account } : {}),
    ...(extra.covers ? { covers: extra.covers } : {}),
  },
});
const live = (arn: string, kind = 'aws.s3.bucket', name = arn.split(/[:/]/).pop()!, attributes = {}, account = '111122223333'): Resource => ({
  kind,
  id: arn,
  name,
  attributes,
  provenance: { source: 'aws', account, region: 'eu-west-1', arn, calls: [] },
});
const scope = (gaps: NotInventoried[] = []) => ({ accounts: ['111122223333'], regions: ['eu-west-1'], gaps });

describe('linkCodeToState', () => {
  it('joins by root and address, never across roots or kinds', () => {
    const prod = code('aws_s3_bucket.a');
    const dev = code('aws_s3_bucket.a', 'aws.s3.bucket', 'dev');
    const sg = code('aws_security_group.x', 'aws.ec2.security_group');
    const s1 = state('aws_s3_bucket.a');
    const s2 = state('aws_security_group.x'); // a bucket in the state at a security group's address
    const s3 = state('aws_s3_bucket.a', { root: 'staging' });
    const joined = linkCodeToState([prod, dev, sg], [s1, s2, s3]);
    expect(joined.get(s1)).toBe(prod);
    expect(joined.has(s2)).toBe(false);
    expect(joined.has(s3)).toBe(false);
    expect(s1.provenance).toMatchObject({ code: { address: 'aws_s3_bucket.a', root: 'prod', location } });
  });
});

describe('joinLive', () => {
  it('matches by ARN, else by ID within the kind; the rest are gone or unmanaged', () => {
    const byArn = state('aws_s3_bucket.a', { arn: 'arn:aws:s3:::a', id: 'a' });
    const byId = state('aws_instance.web', { kind: 'aws.ec2.instance', arn: 'arn:aws:ec2:eu-west-1::instance/i-1', id: 'i-1' });
    const gone = state('aws_s3_bucket.b', { arn: 'arn:aws:s3:::b', id: 'b' });
    linkCodeToState([code('aws_instance.web', 'aws.ec2.instance')], [byId]);
    const liveA = live('arn:aws:s3:::a');
    const liveI = live('arn:aws:ec2:eu-west-1:111122223333:instance/i-1', 'aws.ec2.instance');
    const byHand = live('arn:aws:s3:::made-by-hand');
    const join = joinLive([byArn, byId, gone], [liveA, liveI, byHand], scope(), MANAGEABLE);
    expect(join.live.get(byArn)).toBe(liveA);
    expect(join.live.get(byId)).toBe(liveI);
    expect(join.gone).toEqual([gone]);
    expect(join.unmanaged).toEqual([byHand]);
    // The live instance takes its state's code block.
    expect(liveI.provenance).toMatchObject({ code: { address: 'aws_instance.web', location } });
  });

  it('never counts AWS defaults, account settings, kinds no state holds or an instance\'s own volumes as unmanaged', () => {
    const instance = state('aws_instance.web', { kind: 'aws.ec2.instance', arn: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1', covers: ['vol-1'] });
    const join = joinLive(
      [instance],
      [
        live('arn:aws:ec2:eu-west-1:111122223333:instance/i-1', 'aws.ec2.instance'),
        live('arn:aws:ec2:eu-west-1:111122223333:security-group/sg-d', 'aws.ec2.security_group', 'default', { is_default: true }),
        live('arn:aws:ec2:eu-west-1:111122223333:volume/vol-1', 'aws.ec2.volume'),
        live('arn:aws:ec2:eu-west-1:111122223333:volume/vol-2', 'aws.ec2.volume'),
        live('arn:aws:iam::111122223333:account-password-policy', 'aws.iam.password_policy'),
        live('arn:aws:acm:eu-west-1:111122223333:certificate/c', 'aws.acm.certificate'),
      ],
      scope(),
      MANAGEABLE,
    );
    expect(join.unmanaged.map((r) => r.name)).toEqual(['vol-2']);
  });

  it('a resource in a region not scanned, or of a kind not inventoried there, is not looked for rather than gone', () => {
    const elsewhere = state('aws_instance.us', { kind: 'aws.ec2.instance', id: 'i-9', region: 'us-east-1' });
    const unlisted = state('aws_s3_bucket.x', { arn: 'arn:aws:s3:::x', account: '111122223333' });
    const otherAccount = state('aws_s3_bucket.y', { arn: 'arn:aws:s3:::y', account: '999999999999' });
    const gap: NotInventoried = { source: 'aws', account: '111122223333', region: 'global', kinds: ['aws.s3.bucket'], what: 'S3 buckets', reason: 'access denied to s3:ListBuckets (AccessDenied)', calls: [] };
    const join = joinLive([elsewhere, unlisted, otherAccount], [], scope([gap]), MANAGEABLE);
    expect(join.gone).toEqual([]);
    expect(join.notCompared.map((n) => n.reason)).toEqual([
      'region us-east-1 was not scanned',
      'S3 buckets in 111122223333 were not inventoried: access denied to s3:ListBuckets (AccessDenied)',
      'account 999999999999 was not scanned',
    ]);
  });

  it('a failed launch configuration listing leaves an aws_instance missing live gone, and only the launch configurations not compared', () => {
    const instance = state('aws_instance.app', { kind: 'aws.ec2.instance', id: 'i-0abc', region: 'eu-west-1', attributes: { launched_by: 'instance' } });
    const config = state('aws_launch_configuration.web', { kind: 'aws.ec2.instance', id: 'web-lc', region: 'eu-west-1', attributes: { launched_by: 'launch_configuration' } });
    const gap: NotInventoried = {
      source: 'aws', account: '111122223333', region: 'eu-west-1', kinds: ['aws.ec2.instance'], what: 'launch configurations',
      reason: 'access denied to autoscaling:DescribeLaunchConfigurations (AccessDenied)', calls: [],
      partial: { 'aws.ec2.instance': { attribute: 'launched_by', value: 'launch_configuration' } },
    };
    const join = joinLive([instance, config], [], scope([gap]), MANAGEABLE);
    expect(join.gone.map((r) => r.id)).toEqual(['aws_instance.app']);
    expect(join.notCompared.map((n) => n.reason)).toEqual(['launch configurations in 111122223333 eu-west-1 were not inventoried: access denied to autoscaling:DescribeLaunchConfigurations (AccessDenied)']);
  });

  it('does not match a live resource of another account than the state\'s ARN names', () => {
    const s = state('aws_s3_bucket.a', { arn: 'arn:aws:s3:::a', account: '111122223333' });
    const join = joinLive([s], [live('arn:aws:s3:::a', 'aws.s3.bucket', 'a', {}, '444455556666')], { ...scope(), accounts: ['111122223333', '444455556666'] }, MANAGEABLE);
    expect(join.live.size).toBe(0);
    expect(join.gone).toEqual([s]);
  });
});

describe('differences and the drift report', () => {
  it('compares known values only, lists in any order, "" and [] as absent', () => {
    const left = { a: 1, list: ['x', 'y'], empty: '', none: [], nested: { k: 'v', u: unknown('only after apply') }, gone: 'here', only: true };
    const right = { a: 2, list: ['y', 'x'], empty: null, none: null, nested: { k: 'w', u: 'anything' }, gone: unknown('denied') };
    expect(differences(left, right, 'state', 'live')).toEqual([
      { attribute: 'a', state: '1', live: '2' },
      { attribute: 'nested.k', state: '"v"', live: '"w"' },
    ]);
  });

  it('puts the three verdicts side by side and counts what drifted', () => {
    const c = code('aws_s3_bucket.a', 'aws.s3.bucket', 'prod', { versioning: { status: 'Enabled' } });
    const s = state('aws_s3_bucket.a', { arn: 'arn:aws:s3:::a', attributes: { versioning: { status: 'Enabled' } } });
    const l = live('arn:aws:s3:::a', 'aws.s3.bucket', 'a', { versioning: { status: 'Suspended' } });
    const codeJoin = linkCodeToState([c], [s]);
    const liveJoin = joinLive([s], [l], scope(), MANAGEABLE);
    const verdicts = new Map([
      [c, new Map([['versioning', 'pass' as const]])],
      [s, new Map([['versioning', 'pass' as const]])],
      [l, new Map([['versioning', 'fail' as const]])],
    ]);
    const rule = { id: 'versioning', severity: 'medium' } as Parameters<typeof driftReport>[0]['rules'][number];
    const report = driftReport({ states: [{ state: 'prod.tfstate', root: 'prod', resources: [s] }], code: codeJoin, live: liveJoin, verdicts, rules: [rule] });
    expect(report.summary).toEqual({ joined: 1, drifted: 1, notApplied: 0, unmanaged: 0, gone: 0, notCompared: 0 });
    expect(report.resources[0]).toMatchObject({
      address: 'aws_s3_bucket.a',
      views: { code: { address: 'aws_s3_bucket.a', root: 'prod' }, state: { address: 'aws_s3_bucket.a', arn: 'arn:aws:s3:::a' }, live: { arn: 'arn:aws:s3:::a' } },
      verdicts: [{ rule: 'versioning', severity: 'medium', code: 'pass', state: 'pass', live: 'fail' }],
      drift: [{ attribute: 'versioning.status', state: '"Enabled"', live: '"Suspended"' }],
      notApplied: [],
    });
  });
});
