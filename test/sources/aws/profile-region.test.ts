import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { homeRegion } from '../../../src/sources/aws/index.js';
import { profileName, profileRegion, regionOfProfile, sharedConfigPath } from '../../../src/sources/aws/profile-region.js';

/** The region a --profile names in the shared config file, read as the AWS CLI reads it. */

const CONFIG = [
  '# the auditors\' profiles',
  '[default]',
  'region = eu-west-1',
  '',
  '[profile audit]',
  'role_arn = arn:aws:iam::111122223333:role/VigilAudit',
  's3 =',
  '  region = ap-south-1',
  'region=us-east-2',
  '',
  '[sso-session corp]',
  'sso_region = eu-central-1',
  '',
  '[profile no-region]',
  '; nothing here',
  'output = json',
  '',
  '[profile audit]',
  'region = eu-north-1',
].join('\n');

const scratch = mkdtempSync(join(tmpdir(), 'vigil-profile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a profile\'s region in the shared config file', () => {
  it('reads [default] and [profile x] sections; a later section wins; sub-settings and sso-sessions are not profiles', () => {
    expect(regionOfProfile(CONFIG, 'default')).toBe('eu-west-1');
    expect(regionOfProfile(CONFIG, 'audit')).toBe('eu-north-1');
    expect(regionOfProfile(CONFIG, 'no-region')).toBeUndefined();
    expect(regionOfProfile(CONFIG, 'corp')).toBeUndefined();
    expect(regionOfProfile(CONFIG.split('[profile no-region]')[0]!, 'audit')).toBe('us-east-2');
  });

  it('finds the file through AWS_CONFIG_FILE or HOME and the profile through --profile, AWS_PROFILE or default', () => {
    expect(sharedConfigPath({ AWS_CONFIG_FILE: '/etc/aws/config', HOME: '/home/a' })).toBe('/etc/aws/config');
    expect(sharedConfigPath({ HOME: '/home/a' })).toBe(join('/home/a', '.aws', 'config'));
    expect(profileName('audit', { AWS_PROFILE: 'other' })).toBe('audit');
    expect(profileName(undefined, { AWS_PROFILE: 'other' })).toBe('other');
    expect(profileName(undefined, {})).toBe('default');

    const file = join(scratch, 'config');
    writeFileSync(file, CONFIG);
    expect(profileRegion('audit', { AWS_CONFIG_FILE: file })).toBe('eu-north-1');
    expect(profileRegion(undefined, { AWS_CONFIG_FILE: file })).toBe('eu-west-1');
    expect(profileRegion('audit', { AWS_CONFIG_FILE: join(scratch, 'missing') })).toBeUndefined();
  });

  it('is the home region when AWS_REGION is not set; AWS_REGION wins over it, as in the SDK', () => {
    expect(homeRegion({ env: {} }, 'eu-north-1')).toBe('eu-north-1');
    expect(homeRegion({ env: { AWS_REGION: 'eu-west-1' } }, 'eu-north-1')).toBe('eu-west-1');
    expect(homeRegion({ env: {}, regions: ['ap-south-1'] })).toBe('ap-south-1');
    expect(homeRegion({ env: {} })).toBe('us-east-1');
  });
});
