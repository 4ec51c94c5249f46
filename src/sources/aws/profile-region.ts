import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The region a shared-config profile names, as the AWS CLI and SDKs read it: `region` in the
 * profile's section of the config file (AWS_CONFIG_FILE, or ~/.aws/config). Used when neither
 * --regions nor AWS_REGION says where to scan.
 */

/** Where the shared config file is, from the scan's environment (never process.env directly). */
export function sharedConfigPath(env: Record<string, string | undefined>): string {
  return env.AWS_CONFIG_FILE ?? join(env.HOME ?? env.USERPROFILE ?? homedir(), '.aws', 'config');
}

/** The profile the SDK would use: --profile, else AWS_PROFILE, else `default`. */
export function profileName(profile: string | undefined, env: Record<string, string | undefined>): string {
  return profile ?? env.AWS_PROFILE ?? 'default';
}

/**
 * `region` of one profile in config-file text. Sections are `[default]` and `[profile name]`
 * (`[sso-session …]` and `[services …]` are not profiles); comments start with `#` or `;`;
 * indented lines belong to the key above them (`s3 =` sub-settings) and are skipped.
 */
export function regionOfProfile(text: string, profile: string): string | undefined {
  let current: string | undefined;
  let region: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw) || /^\s/.test(raw)) continue;
    const section = /^\[\s*([^\]]+?)\s*\]/.exec(raw);
    if (section) {
      const name = section[1]!;
      current = name === 'default' ? 'default' : /^profile\s+/.test(name) ? name.replace(/^profile\s+/, '').trim() : undefined;
      continue;
    }
    const entry = /^([\w-]+)\s*=\s*(.*?)\s*$/.exec(raw);
    // A profile may be written twice; as in the SDK, a later value wins.
    if (entry && current === profile && entry[1] === 'region' && entry[2]) region = entry[2];
  }
  return region;
}

/** The profile's region, or undefined when the file, the profile or its region is missing. */
export function profileRegion(profile: string | undefined, env: Record<string, string | undefined>): string | undefined {
  let text: string;
  try {
    text = readFileSync(sharedConfigPath(env), 'utf8');
  } catch {
    return undefined;
  }
  return regionOfProfile(text, profileName(profile, env));
}
