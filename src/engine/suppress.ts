import picomatch from 'picomatch';
import type { PartialIgnore, Result } from './evaluate.js';
import type { Rule } from './catalogue.js';
import type { InlineIgnore } from '../model/resource.js';
import type { ScanProblem } from '../model/problem.js';

/**
 * Suppressions never delete a result: they mark a failing or unknown one `suppressed` and keep
 * who, why and until when, so an auditor sees every exception. An ignore without a reason, an
 * expired one, and one that matches nothing are reported, and the first two suppress nothing.
 */

export interface ConfigSuppression {
  rule?: string;
  resource?: string;
  path?: string;
  account?: string;
  region?: string;
  reason: string;
  owner?: string;
  approver?: string;
  expires?: string;
  /** The line of the configuration file the entry starts on, for the exceptions register. */
  line?: number;
}

/**
 * What the configuration asks of every exception (`suppressions.requireOwner`, `requireExpiry`,
 * `maxExpiryDays`): one that falls short suppresses nothing and is reported as not in effect.
 */
export interface SuppressionPolicy {
  requireOwner?: boolean;
  requireExpiry?: boolean;
  /** The latest expiry allowed, in days from the scan. */
  maxExpiryDays?: number;
}

export interface SuppressionInput {
  /** From the configuration file, with the file's path for messages. */
  config: ConfigSuppression[];
  configFile?: string;
  /** Today as YYYY-MM-DD: an ignore expires at the end of its date. */
  today: string;
  policy?: SuppressionPolicy;
  /** Rules evaluated in this scan: an unused ignore is only reported for these. */
  rulesInScope: Rule[];
  /** Every rule in the catalogue: an ignore naming none of them is reported as such. */
  allRules: Rule[];
}

/** Whether an ignore's ID names this rule: its ID or alias, or a Checkov/Trivy ID it references. */
export function ignoreNamesRule(ignore: Pick<InlineIgnore, 'style' | 'rule'>, rule: Rule): boolean {
  switch (ignore.style) {
    case 'vigil':
      return ignore.rule === rule.id || (rule.aliases ?? []).includes(ignore.rule);
    case 'checkov':
      return (rule.references.checkov ?? []).includes(ignore.rule);
    case 'trivy': {
      const id = ignore.rule.toUpperCase();
      return (rule.references.trivy ?? []).some((ref) => ref.toUpperCase() === id);
    }
  }
}

/**
 * The facets of a rule a Checkov or Trivy ignore names, through the facets' references; undefined
 * when the ignore stands for the whole rule (a Vigil ignore, or a peer ID no facet names).
 */
export function facetsNamedBy(ignore: Pick<InlineIgnore, 'style' | 'rule'>, rule: Rule): string[] | undefined {
  if (ignore.style === 'vigil' || !rule.facets) return undefined;
  const id = ignore.rule.toUpperCase();
  const named: string[] = [];
  for (const name in rule.facets) {
    if ((rule.facets[name]!.references[ignore.style] ?? []).some((ref) => ref.toUpperCase() === id)) named.push(name);
  }
  return named.length > 0 ? named : undefined;
}

/** The peer IDs that check these facets of a rule, as `AVD-AWS-0087`. */
export function facetReferenceIds(rule: Rule, facets: readonly string[]): string[] {
  const ids: string[] = [];
  for (const name of facets) {
    const refs = rule.facets?.[name]?.references;
    if (!refs) continue;
    for (const source of ['checkov', 'trivy', 'prowler', 'aws_config'] as const) for (const id of refs[source] ?? []) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The for_each key or count index at the end of an address: `x["a"]` → a, `x[0]` → 0. */
export function instanceKey(address: string): string | undefined {
  const match = /\[(?:"((?:[^"\\]|\\.)*)"|(\d+))\]$/.exec(address);
  if (!match) return undefined;
  return match[1] !== undefined ? JSON.parse(`"${match[1]}"`) as string : match[2];
}

/** YYYY-MM-DD plus a number of days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Why an exception falls short of the configuration's policy, with the message's tail; undefined when it does not. */
export function policyProblem(entry: { owner?: string; expires?: string }, policy: SuppressionPolicy | undefined, today: string): { kind: 'missing-owner' | 'missing-expiry' | 'expiry-too-far'; why: string } | undefined {
  if (!policy) return undefined;
  if (policy.requireOwner && !entry.owner) return { kind: 'missing-owner', why: 'names no owner, which the configuration requires (suppressions.requireOwner)' };
  if (policy.requireExpiry && !entry.expires) return { kind: 'missing-expiry', why: 'has no expiry, which the configuration requires (suppressions.requireExpiry)' };
  if (policy.maxExpiryDays !== undefined && entry.expires !== undefined && entry.expires > addDays(today, policy.maxExpiryDays)) {
    return { kind: 'expiry-too-far', why: `expires on ${entry.expires}, later than the ${policy.maxExpiryDays} days the configuration allows (suppressions.maxExpiryDays: ${addDays(today, policy.maxExpiryDays)} at the latest)` };
  }
  return undefined;
}

/**
 * The instance an ignore's `[key]` is compared with. On a module call with for_each or count it
 * names an instance of the module (`module.apps["dev"]…`); otherwise the resource's own instance.
 */
function keyFor(ignore: InlineIgnore, address: string): string | undefined {
  if (ignore.scope === 'module' && ignore.module !== undefined) {
    const call = new RegExp(`(?:^|\\.)module\\.${ignore.module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\[[^\\]]*\\])\\.`).exec(address);
    if (call) return instanceKey(call[1]!);
  }
  return instanceKey(address);
}

function configMatches(entry: ConfigSuppression, result: Result): boolean {
  const { rule, resource } = result;
  const p = resource.provenance;
  if (entry.rule !== undefined && !picomatch.isMatch(rule.id, entry.rule) && !(rule.aliases ?? []).includes(entry.rule)) return false;
  if (entry.resource !== undefined) {
    const identity = p.source === 'aws' ? p.arn : p.address;
    if (identity !== entry.resource && !picomatch.isMatch(identity, entry.resource, { dot: true })) return false;
  }
  if (entry.path !== undefined && (p.source !== 'terraform' || !picomatch.isMatch(p.location.file, entry.path, { dot: true }))) return false;
  if (entry.account !== undefined && (p.source !== 'aws' || p.account !== entry.account)) return false;
  if (entry.region !== undefined && (p.source !== 'aws' || p.region !== entry.region)) return false;
  return true;
}

/**
 * Which ignores a suppressor used, as plain data: a worker thread's suppressor hands it to the
 * scan's own. Inline ignores are named by a key the caller chooses (their file and place in it).
 */
export interface SuppressionUsage {
  inline: string[];
  /** Indexes into the configuration's suppressions. */
  config: number[];
  /** Peer ignores that covered only part of a result: the ignore's key, the rule, the address, what stayed failing. */
  partial: Array<[ignore: string, rule: string, address: string, uncovered: string[]]>;
}

export interface Suppressor {
  /** The result, or a suppressed copy of it. */
  apply(result: Result): Result;
  /** What was used so far. */
  usage(keyOf: (ignore: InlineIgnore) => string): SuppressionUsage;
  /** Counts another suppressor's usage as this one's, in the order given. */
  absorb(usage: SuppressionUsage, ignoreOf: (key: string) => InlineIgnore | undefined, ruleOf: (id: string) => Rule | undefined): void;
  /**
   * Problems with the ignores themselves: missing reasons, expired, unused. Call once, last, with
   * every inline ignore the sources found (a streaming scan knows them only at the end).
   */
  finish(inline: InlineIgnore[]): ScanProblem[];
}

/**
 * Suppressions applied one result at a time, so a large scan can stream its results. Inline
 * ignores reach the suppressor attached to the resources they name.
 */
export function createSuppressor(input: SuppressionInput): Suppressor {
  const problems: ScanProblem[] = [];
  // An ignore without a reason, past its date, or short of the configuration's policy suppresses nothing.
  const usable = (ignore: InlineIgnore): boolean =>
    !!ignore.reason && !(ignore.expires !== undefined && ignore.expires < input.today) && policyProblem(ignore, input.policy, input.today) === undefined;
  const configFile = input.configFile ?? '.vigil.yaml';
  const usableConfig = input.config.filter((entry) => !(entry.expires !== undefined && entry.expires < input.today) && policyProblem(entry, input.policy, input.today) === undefined);

  const usedInline = new Set<InlineIgnore>();
  const usedConfig = new Set<ConfigSuppression>();
  // Peer ignores that covered only part of a result, with what they left failing, for one warning each.
  const partial = new Map<InlineIgnore, Array<{ rule: Rule; address: string; uncovered: string[] }>>();
  const apply = (result: Result): Result => {
    // Only failing and unknown results can be suppressed; an ignore on a passing one is stale.
    if (result.status !== 'fail' && result.status !== 'unknown') return result;
    const p = result.resource.provenance;
    const candidates = p.source === 'terraform' ? (p.ignores ?? []) : [];
    const naming = candidates.filter(
      (ignore) =>
        usable(ignore) &&
        ignoreNamesRule(ignore, result.rule) &&
        (ignore.key === undefined || (p.source === 'terraform' && ignore.key === keyFor(ignore, p.address))),
    );
    naming.forEach((ignore) => usedInline.add(ignore));
    // A peer ignore tied to facets suppresses only when the ignores together name every failing facet.
    let inline = naming.find((ignore) => facetsNamedBy(ignore, result.rule) === undefined);
    let uncovered: string[] = [];
    if (!inline && naming.length > 0) {
      const covered = new Set<string>();
      for (const ignore of naming) for (const facet of facetsNamedBy(ignore, result.rule)!) covered.add(facet);
      const failing = result.facets ?? [];
      uncovered = failing.filter((facet) => !covered.has(facet));
      if (failing.length > 0 && uncovered.length === 0) inline = naming[0];
    }
    if (inline) {
      return {
        ...result,
        status: 'suppressed',
        suppression: {
          status: result.status,
          reason: inline.reason!,
          ...(inline.owner ? { owner: inline.owner } : {}),
          ...(inline.approver ? { approver: inline.approver } : {}),
          ...(inline.expires ? { expires: inline.expires } : {}),
          source: inline.style,
          file: inline.file,
          line: inline.line,
        },
      };
    }
    const entry = usableConfig.find((candidate) => configMatches(candidate, result));
    if (!entry && naming.length > 0) {
      const address = p.source === 'aws' ? p.arn : p.address;
      const partialIgnores: PartialIgnore[] = naming.map((ignore) => {
        let list = partial.get(ignore);
        if (!list) partial.set(ignore, (list = []));
        list.push({ rule: result.rule, address, uncovered });
        return { source: ignore.style as 'checkov' | 'trivy', id: ignore.rule, file: ignore.file, line: ignore.line, uncovered };
      });
      return { ...result, partialIgnores };
    }
    if (entry) {
      usedConfig.add(entry);
      return {
        ...result,
        status: 'suppressed',
        suppression: {
          status: result.status,
          reason: entry.reason,
          ...(entry.owner ? { owner: entry.owner } : {}),
          ...(entry.approver ? { approver: entry.approver } : {}),
          ...(entry.expires ? { expires: entry.expires } : {}),
          source: 'config',
          file: configFile,
          ...(entry.line ? { line: entry.line } : {}),
        },
      };
    }
    return result;
  };
  const finish = (inline: InlineIgnore[]): ScanProblem[] => {
    for (const ignore of inline) {
      if (!ignore.reason) {
        problems.push({ severity: 'warning', file: ignore.file, line: ignore.line, message: `ignore of ${ignore.rule} has no reason, so it suppresses nothing: add "-- <why>"`, suppression: 'missing-reason' });
      } else if (ignore.expires !== undefined && ignore.expires < input.today) {
        problems.push({ severity: 'warning', file: ignore.file, line: ignore.line, message: `ignore of ${ignore.rule} expired on ${ignore.expires} and no longer suppresses`, suppression: 'expired' });
      } else {
        const short = policyProblem(ignore, input.policy, input.today);
        if (short) problems.push({ severity: 'warning', file: ignore.file, line: ignore.line, message: `ignore of ${ignore.rule} ${short.why}, so it suppresses nothing`, suppression: short.kind });
      }
    }
    input.config.forEach((entry, index) => {
      const at = entry.line ? { line: entry.line } : {};
      if (entry.expires !== undefined && entry.expires < input.today) {
        problems.push({ severity: 'warning', file: configFile, ...at, message: `suppressions[${index}] (${entry.rule ?? entry.resource ?? entry.path}) expired on ${entry.expires} and no longer suppresses`, suppression: 'expired' });
        return;
      }
      const short = policyProblem(entry, input.policy, input.today);
      if (short) problems.push({ severity: 'warning', file: configFile, ...at, message: `suppressions[${index}] (${entry.rule ?? entry.resource ?? entry.path ?? entry.account ?? entry.region}) ${short.why}, so it suppresses nothing`, suppression: short.kind });
    });
    for (const [ignore, results] of partial) {
      const shown = results.slice(0, 3).map((r) => `${r.address} still fails on ${r.uncovered.join(', ') || 'what no facet covers'}${r.uncovered.length > 0 ? ` (${facetReferenceIds(r.rule, r.uncovered).join(', ')})` : ''}`);
      const more = results.length > 3 ? ` and ${results.length - 3} more` : '';
      problems.push({
        severity: 'warning',
        file: ignore.file,
        line: ignore.line,
        message: `${ignore.style} ignore of ${ignore.rule} covers only part of ${results[0]!.rule.id}, so it suppresses nothing there: ${shown.join('; ')}${more}`,
        suppression: 'partial',
      });
    }
    for (const ignore of inline) {
      if (!usable(ignore) || usedInline.has(ignore)) continue;
      const label = `${ignore.rule}${ignore.key !== undefined ? `[${ignore.key}]` : ''}`;
      if (!input.allRules.some((rule) => ignoreNamesRule(ignore, rule))) {
        // Checkov and Trivy IDs Vigil has no rule for are someone else's business.
        if (ignore.style === 'vigil') problems.push({ severity: 'warning', file: ignore.file, line: ignore.line, message: `ignore of ${label} names no Vigil rule`, suppression: 'no-such-rule' });
      } else if (input.rulesInScope.some((rule) => ignoreNamesRule(ignore, rule))) {
        problems.push({ severity: 'warning', file: ignore.file, line: ignore.line, message: `ignore of ${label} matches no failing result: remove it`, suppression: 'unused' });
      }
    }
    usableConfig.forEach((entry) => {
      if (!usedConfig.has(entry)) {
        problems.push({ severity: 'warning', file: configFile, ...(entry.line ? { line: entry.line } : {}), message: `suppressions[${input.config.indexOf(entry)}] (${entry.rule ?? entry.resource ?? entry.path ?? entry.account ?? entry.region}) matches no failing result`, suppression: 'unused' });
      }
    });
    return problems;
  };
  const usage = (keyOf: (ignore: InlineIgnore) => string): SuppressionUsage => ({
    inline: [...usedInline].map(keyOf),
    config: [...usedConfig].map((entry) => input.config.indexOf(entry)),
    partial: [...partial].flatMap(([ignore, results]) => results.map((r): SuppressionUsage['partial'][number] => [keyOf(ignore), r.rule.id, r.address, r.uncovered])),
  });
  const absorb = (used: SuppressionUsage, ignoreOf: (key: string) => InlineIgnore | undefined, ruleOf: (id: string) => Rule | undefined): void => {
    for (const key of used.inline) {
      const ignore = ignoreOf(key);
      if (ignore) usedInline.add(ignore);
    }
    for (const index of used.config) {
      const entry = input.config[index];
      if (entry) usedConfig.add(entry);
    }
    for (const [key, ruleId, address, uncovered] of used.partial) {
      const ignore = ignoreOf(key);
      const rule = ruleOf(ruleId);
      if (!ignore || !rule) continue;
      let list = partial.get(ignore);
      if (!list) partial.set(ignore, (list = []));
      list.push({ rule, address, uncovered });
    }
  };
  return { apply, finish, usage, absorb };
}
