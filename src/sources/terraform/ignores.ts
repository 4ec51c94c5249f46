import type { ConfigFile } from './ast.js';
import type { InlineIgnore, Resource, TerraformProvenance } from '../../model/resource.js';

/**
 * Finds ignore comments in Terraform files and attaches them to the resources they cover. An
 * ignore covers the block or attribute on the line below it (comments may stack), and on a module
 * call, everything that module creates.
 *
 *   # vigil:ignore <rule-id>[<key>] exp:YYYY-MM-DD owner:team-x approver:dana -- <reason>   (also //)
 *   #checkov:skip=CKV_AWS_19:<reason>
 *   #trivy:ignore:AVD-AWS-0088:exp:YYYY-MM-DD owner:team-x -- <reason>
 *
 * `exp:`, `owner:` and `approver:` may come in any order before the `--`.
 */

const VIGIL = /^(?:#|\/\/)\s*vigil:ignore\s+(\S+?)(?:\[([^\]]*)\])?(?:\s+(.*))?$/;
const CHECKOV = /^(?:#|\/\/)\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?$/;
const TRIVY = /^(?:#|\/\/)\s*trivy:ignore:([A-Za-z0-9-]+)(?:\[([^\]]*)\])?((?::exp:\d{4}-\d{2}-\d{2})?)(?:\s+(.*))?$/;
const EXPIRY = /\bexp:(\d{4}-\d{2}-\d{2})\b/;
const OWNER = /(?:^|\s)owner:(\S+)/;
const APPROVER = /(?:^|\s)approver:(\S+)/;

type Parsed = Omit<InlineIgnore, 'file' | 'line' | 'targetLine' | 'scope' | 'module'>;

/** Splits `exp:DATE owner:X approver:Y -- reason` (the tags in any order) into its parts. */
function tail(text: string | undefined): { reason?: string; expires?: string; owner?: string; approver?: string } {
  if (!text) return {};
  const expires = EXPIRY.exec(text)?.[1];
  const withoutExpiry = text.replace(EXPIRY, '').trim();
  const dash = withoutExpiry.indexOf('--');
  const reason = (dash >= 0 ? withoutExpiry.slice(dash + 2) : '').trim();
  // Owner and approver are tags before the reason: "owner:" inside the reason is just words.
  const tags = dash >= 0 ? withoutExpiry.slice(0, dash) : withoutExpiry;
  const owner = OWNER.exec(tags)?.[1];
  const approver = APPROVER.exec(tags)?.[1];
  return { ...(reason ? { reason } : {}), ...(expires ? { expires } : {}), ...(owner ? { owner } : {}), ...(approver ? { approver } : {}) };
}

/** Parses one comment; undefined when it is not an ignore. */
export function parseIgnoreComment(text: string): Parsed | undefined {
  const trimmed = text.trim();
  let match = VIGIL.exec(trimmed);
  if (match) return { style: 'vigil', rule: match[1]!, ...(match[2] !== undefined ? { key: unquote(match[2]) } : {}), ...tail(match[3]) };
  match = CHECKOV.exec(trimmed);
  if (match) {
    const reason = match[2]?.trim();
    return { style: 'checkov', rule: match[1]!, ...(reason ? { reason } : {}) };
  }
  match = TRIVY.exec(trimmed);
  if (match) {
    const expires = match[3] ? match[3].slice(':exp:'.length) : undefined;
    const rest = tail(match[4]);
    return {
      style: 'trivy',
      rule: match[1]!,
      ...(match[2] !== undefined ? { key: unquote(match[2]) } : {}),
      ...rest,
      ...(expires ? { expires } : {}),
    };
  }
  return undefined;
}

const unquote = (key: string): string => key.trim().replace(/^"(.*)"$/, '$1');

/** Every ignore in a file, bound to the block, attribute or module call below it. */
export function findIgnores(file: ConfigFile): InlineIgnore[] {
  const byLine = new Map<number, Parsed>();
  for (const comment of file.comments) {
    const parsed = parseIgnoreComment(comment.text);
    if (parsed) byLine.set(comment.range.start.line, parsed);
  }
  if (byLine.size === 0) return [];
  const commentLines = new Set(file.comments.map((c) => c.range.start.line));
  const targets: Array<{ line: number; scope: InlineIgnore['scope']; module?: string }> = [];
  for (const block of file.body.blocks) {
    const isModule = block.type === 'module';
    targets.push({ line: block.range.start.line, scope: isModule ? 'module' : 'block', ...(isModule ? { module: block.labels[0] } : {}) });
    for (const attr of block.body.attributes) targets.push({ line: attr.range.start.line, scope: 'attribute' });
    for (const nested of block.body.blocks) targets.push({ line: nested.range.start.line, scope: 'attribute' });
  }
  const out: InlineIgnore[] = [];
  for (const target of targets) {
    // Walk up through the stack of comment lines directly above the target.
    for (let line = target.line - 1; commentLines.has(line); line--) {
      const parsed = byLine.get(line);
      if (parsed) out.push({ ...parsed, file: file.path, line, targetLine: target.line, scope: target.scope, ...(target.module ? { module: target.module } : {}) });
    }
  }
  // An ignore above nothing still exists, so it can be reported as matching nothing.
  const bound = new Set(out.map((i) => i.line));
  for (const [line, parsed] of byLine) {
    if (!bound.has(line)) out.push({ ...parsed, file: file.path, line, targetLine: line + 1, scope: 'block' });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * Attaches each ignore to the resources it covers: those whose primary or companion block it sits
 * above or inside, and, for a module call, those created through that very `module` block. The
 * ignores come indexed by file, so a resource looks only at the files it was written in.
 */
export function attachIgnores(resources: Resource[], ignoresByFile: ReadonlyMap<string, InlineIgnore[]>): void {
  if (ignoresByFile.size === 0) return;
  for (const resource of resources) {
    const p = resource.provenance;
    if (p.source !== 'terraform') continue;
    const covering: InlineIgnore[] = [];
    // Outermost module call first, as the calls were read, then the resource's own blocks.
    for (const site of p.moduleCallSites ?? []) {
      for (const ignore of ignoresByFile.get(site.location.file) ?? []) {
        if (ignore.scope === 'module' && ignore.targetLine === site.location.startLine) covering.push(ignore);
      }
    }
    for (const location of [p.location, ...p.parts.map((part) => part.location)]) {
      for (const ignore of ignoresByFile.get(location.file) ?? []) {
        if (ignore.scope !== 'module' && covers(ignore, location) && !covering.includes(ignore)) covering.push(ignore);
      }
    }
    if (covering.length > 0) (p as TerraformProvenance).ignores = covering;
  }
}

/** A block-scope ignore sits above the block itself; an attribute-scope one above a line inside it. */
function covers(ignore: InlineIgnore, location: { startLine: number; endLine: number }): boolean {
  if (ignore.scope === 'block') return ignore.targetLine === location.startLine;
  return ignore.targetLine > location.startLine && ignore.targetLine < location.endLine;
}
