import { isUnknown, isValueObject, type Unknown, type Value, type ValueObject } from '../../model/value.js';
import { jsonencode } from './functions/encoding.js';

/**
 * The `aws_iam_policy_document` data source computes its `json` without calling AWS, so Vigil
 * computes it too: the statements written as blocks become the JSON policy IAM reads. When some
 * inputs are known only after apply (a `resources` entry that is a bucket's ARN), `json` is an
 * unknown string that carries the document with just those parts unknown, so policy facts can
 * still be decided on the rest.
 */

const asList = (value: Value | undefined): Value[] | Unknown => {
  if (isUnknown(value)) return value;
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
};

const blocks = (value: Value | undefined): ValueObject[] | Unknown => {
  const list = asList(value);
  return isUnknown(list) ? list : list.filter(isValueObject);
};

/** IAM writes a single value as a string and several as a list. */
function oneOrMany(value: Value | undefined): Value | undefined {
  const list = asList(value);
  if (isUnknown(list)) return list;
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0]! : list;
}

/** `principals { type = "AWS" identifiers = [...] }` blocks → `{"AWS": ...}`; `type = "*"` with `["*"]` → `"*"`. */
function principalOf(value: Value | undefined): Value | undefined {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  if (list.length === 0) return undefined;
  const out: ValueObject = {};
  for (const block of list) {
    const type = block.type;
    const ids = asList(block.identifiers);
    if (type === '*' && !isUnknown(ids) && ids.length === 1 && ids[0] === '*') return '*';
    if (isUnknown(type)) return type;
    if (typeof type !== 'string') continue;
    const previous = out[type];
    const merged = isUnknown(ids) ? ids : [...(Array.isArray(previous) ? previous : previous === undefined ? [] : [previous]), ...ids];
    out[type] = isUnknown(merged) ? merged : oneOrMany(merged)!;
  }
  return out;
}

/** `condition { test variable values }` blocks → `{ test: { variable: values } }`. */
function conditionOf(value: Value | undefined): Value | undefined {
  const list = blocks(value);
  if (isUnknown(list)) return list;
  if (list.length === 0) return undefined;
  const out: ValueObject = {};
  for (const block of list) {
    const { test, variable } = block;
    if (isUnknown(test)) return test;
    if (typeof test !== 'string') continue;
    const operator = (out[test] ??= {}) as ValueObject | Unknown;
    if (isUnknown(operator)) continue;
    if (isUnknown(variable)) {
      out[test] = variable;
      continue;
    }
    if (typeof variable === 'string') operator[variable] = oneOrMany(block.values) ?? [];
  }
  return out;
}

function statementOf(block: ValueObject): ValueObject {
  const statement: ValueObject = {};
  const put = (key: string, value: Value | undefined): void => {
    if (value !== undefined && value !== null) statement[key] = value;
  };
  put('Sid', block.sid === '' ? undefined : block.sid);
  put('Effect', block.effect ?? 'Allow');
  put('Action', oneOrMany(block.actions));
  put('NotAction', oneOrMany(block.not_actions));
  put('Resource', oneOrMany(block.resources));
  put('NotResource', oneOrMany(block.not_resources));
  put('Principal', principalOf(block.principals));
  put('NotPrincipal', principalOf(block.not_principals));
  put('Condition', conditionOf(block.condition));
  return statement;
}

/** Statements of `source_policy_documents` / `override_policy_documents` entries (JSON strings). */
function statementsOfDocuments(value: Value | undefined): Value[] {
  const list = asList(value);
  if (isUnknown(list)) return [list];
  const out: Value[] = [];
  for (const item of list) {
    if (isUnknown(item)) {
      const partial = item.partial;
      if (isValueObject(partial ?? null)) {
        const inner = asList((partial as ValueObject).Statement);
        // An encoding whose statement list itself is unknown stands for unknown statements.
        if (isUnknown(inner)) out.push(inner);
        else out.push(...(inner as Value[]));
      }
      else out.push(item);
      continue;
    }
    if (typeof item !== 'string') continue;
    try {
      const parsed = JSON.parse(item) as { Statement?: unknown };
      const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
      out.push(...(statements as Value[]));
    } catch {
      // Terraform refuses it at plan; the rest of the document still counts.
    }
  }
  return out;
}

/** Merges statements by Sid as the data source does: a later statement with the same Sid replaces the earlier one. */
function mergeBySid(base: Value[], later: Value[]): Value[] {
  const out = [...base];
  for (const statement of later) {
    const sid = isValueObject(statement) ? statement.Sid : undefined;
    const at = typeof sid === 'string' && sid !== '' ? out.findIndex((s) => isValueObject(s) && s.Sid === sid) : -1;
    if (at >= 0) out[at] = statement;
    else out.push(statement);
  }
  return out;
}

/** The data source's computed attributes: `json` (indented, as the provider writes it) and `minified_json`. */
export function policyDocumentAttributes(attributes: ValueObject): ValueObject {
  const written = blocks(attributes.statement);
  const own: Value[] = isUnknown(written) ? [written] : written.map(statementOf);
  const statements = mergeBySid(mergeBySid(statementsOfDocuments(attributes.source_policy_documents), own), statementsOfDocuments(attributes.override_policy_documents));
  const document: ValueObject = { Version: attributes.version ?? '2012-10-17' };
  if (attributes.policy_id !== undefined && attributes.policy_id !== null) document.Id = attributes.policy_id;
  document.Statement = statements;
  const minified = jsonencode(document);
  if (isUnknown(minified)) return { json: minified, minified_json: minified };
  return { json: JSON.stringify(JSON.parse(minified as string), null, 2), minified_json: minified };
}
