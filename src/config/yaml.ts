import type { Document } from 'yaml';
import { yamlLib } from '../yaml-lib.js';

/**
 * YAML from users (`.vigil.yaml`, attestations, rule packs) turned into plain values without the
 * two ways an alias fails: one whose anchor is missing, and an alias bomb (a few lines that expand
 * to millions of nodes; the yaml library stops it). Either is one line naming where, never a
 * stack trace.
 */

export class YamlAliasError extends Error {
  constructor(
    message: string,
    /** 1-based line of the alias, when it can be found. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/** `doc.toJS()`, or a YamlAliasError saying which alias could not be expanded and where. */
export function yamlToJs(doc: Document, text: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const counter = new (yamlLib().LineCounter)();
    counter.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
    const lineOf = (offset: number | undefined): number | undefined => (offset === undefined ? undefined : counter.linePos(offset).line);
    let unresolved: { name: string; line?: number } | undefined;
    let firstAlias: number | undefined;
    yamlLib().visit(doc, {
      Alias(_key, node) {
        firstAlias ??= lineOf(node.range?.[0]);
        if (!unresolved && node.resolve(doc) === undefined) unresolved = { name: node.source, line: lineOf(node.range?.[0]) };
      },
    });
    if (unresolved) return fail(`alias *${unresolved.name} has no anchor &${unresolved.name} before it`, unresolved.line);
    return fail('the aliases expand to too many nodes (an alias bomb); write the values out instead', firstAlias);
  }
}

function fail(message: string, line?: number): never {
  throw new YamlAliasError(message, line);
}
