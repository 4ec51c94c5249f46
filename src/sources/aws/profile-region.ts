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

/** Where the shared credentials file is (AWS_SHARED_CREDENTIALS_FILE, or ~/.aws/credentials). */
export function sharedCredentialsPath(env: Record<string, string | undefined>): string {
  return env.AWS_SHARED_CREDENTIALS_FILE ?? join(env.HOME ?? env.USERPROFILE ?? homedir(), '.aws', 'credentials');
}

/**
 * The profiles a file defines: in the config file `[default]` and `[profile name]`, in the
 * credentials file `[name]`.
 */
export function profilesIn(text: string, file: 'config' | 'credentials'): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const section = /^\[\s*([^\]]+?)\s*\]/.exec(raw);
    if (!section) continue;
    const name = section[1]!;
    if (file === 'credentials') names.add(name);
    else if (name === 'default') names.add(name);
    else if (/^profile\s+/.test(name)) names.add(name.replace(/^profile\s+/, '').trim());
  }
  return names;
}

/**
 * Why a profile named with --profile cannot be used, or undefined when one of the shared files
 * defines it: the SDK's own error ("Could not load credentials from any providers") does not say.
 */
export function missingProfile(profile: string, env: Record<string, string | undefined>): string | undefined {
  const files = [
    { path: sharedConfigPath(env), kind: 'config' as const },
    { path: sharedCredentialsPath(env), kind: 'credentials' as const },
  ];
  const known = new Set<string>();
  for (const { path, kind } of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    for (const name of profilesIn(text, kind)) known.add(name);
  }
  if (known.has(profile)) return undefined;
  const list = [...known].sort();
  const shown = list.length === 0 ? 'they define no profile' : `they define ${list.slice(0, 10).join(', ')}${list.length > 10 ? ` and ${list.length - 10} more` : ''}`;
  return `--profile ${profile}: there is no such profile in ${files[0]!.path} or ${files[1]!.path} (${shown})`;
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
