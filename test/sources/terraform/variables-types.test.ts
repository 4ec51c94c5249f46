import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/sources/terraform/parser.js';
import { evaluate } from '../../../src/sources/terraform/evaluate.js';
import type { FunctionContext } from '../../../src/sources/terraform/functions/index.js';
import { convert, parseType, TypeError as TypeConstraintError } from '../../../src/sources/terraform/types.js';
import { SecretRegistry, SENSITIVE, isSecretAttributeName } from '../../../src/sources/terraform/secrets.js';
import { isUnknown, unknown, type Value } from '../../../src/model/value.js';
import { byAddress, errors, scanEstate } from './estate.js';

const typeOf = (source: string) => {
  const { file, diagnostics } = parseHcl(`t = ${source}\n`, 't.tf');
  expect(diagnostics).toEqual([]);
  return parseType(file.body.attributes[0]!.expr, (expr) => evaluate(expr, { resolveRoot: () => undefined, functions: {} as never }));
};

describe('type constraints', () => {
  it('converts primitives the way Terraform does', () => {
    expect(convert(5, typeOf('string'))).toBe('5');
    expect(convert(true, typeOf('string'))).toBe('true');
    expect(convert('42', typeOf('number'))).toBe(42);
    expect(convert('false', typeOf('bool'))).toBe(false);
    expect(convert(['b', 'a', 'b'], typeOf('set(string)'))).toEqual(['a', 'b']);
    expect(convert({ a: 1 }, typeOf('map(string)'))).toEqual({ a: '1' });
    expect(convert([1, 'x'], typeOf('tuple([string, string])'))).toEqual(['1', 'x']);
  });

  it('fills optional() attributes with their defaults, nested in lists of objects, and drops undeclared ones', () => {
    const type = typeOf('list(object({ id = string, enabled = optional(bool, true), days = optional(number), tags = optional(map(string), {}) }))');
    expect(convert([{ id: 'a', extra: 1 }, { id: 'b', enabled: false, days: '30' }], type)).toEqual([
      { id: 'a', enabled: true, days: null, tags: {} },
      { id: 'b', enabled: false, days: 30, tags: {} },
    ]);
  });

  it('says where a value does not fit', () => {
    const type = typeOf('object({ rules = list(object({ port = number })) })');
    expect(() => convert({ rules: [{ port: 'ssh' }] }, type)).toThrow(TypeConstraintError);
    expect(() => convert({ rules: [{ port: 'ssh' }] }, type)).toThrow('a number is required at .rules[0].port, got the string "ssh"');
    expect(() => convert({}, typeOf('object({ id = string })'))).toThrow('attribute "id" is required');
  });

  it('lets unknown values through: their type is checked at apply', () => {
    const pending = unknown('later');
    expect(convert(pending, typeOf('list(string)'))).toBe(pending);
    expect(isUnknown((convert([pending], typeOf('list(string)')) as Value[])[0])).toBe(true);
  });

  it('applies types to variables, ignores validation blocks, and reports a bad value at the variable', async () => {
    const scan = await scanEstate({
      'main.tf': `
variable "buckets" {
  type = map(object({
    versioned = optional(bool, false)
    suffix    = optional(string, "data")
  }))
  default = { a = {}, b = { suffix = 7 } }
  validation {
    condition     = length(var.buckets) > 0
    error_message = "At least one bucket."
  }
}
variable "count_of" {
  type    = number
  default = "three"
}
resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = "\${each.key}-\${each.value.suffix}-\${each.value.versioned}"
}
`,
    });
    expect(byAddress(scan.resources, 'aws_s3_bucket.b["a"]').name).toBe('a-data-false');
    expect(byAddress(scan.resources, 'aws_s3_bucket.b["b"]').name).toBe('b-7-false');
    expect(errors(scan)).toEqual(['main.tf:13:1: variable "count_of": a number is required, got the string "three"']);
  });
});

const FUNCTIONS_CTX: FunctionContext = {
  baseDir: '/module',
  readFile: () => {
    throw new Error('no files here');
  },
  fileExists: () => false,
  renderTemplate: () => '',
};

describe('secrets never reach the model', () => {
  it('knows the attribute names that hold secrets', () => {
    for (const name of ['password', 'master_password', 'secret_key', 'private_key', 'auth_token', 'secret_string']) {
      expect(isSecretAttributeName(name), name).toBe(true);
    }
    for (const name of ['bucket', 'kms_key_id', 'password_reuse_prevention', 'secret_arn']) expect(isSecretAttributeName(name), name).toBe(false);
  });

  it('masks secret attributes and any string holding a sensitive value, keeping structure', () => {
    const secrets = new SecretRegistry();
    secrets.add({ nested: ['s3cr3t-value'] });
    const pending = unknown('later');
    expect(
      secrets.mask({
        password: 'hunter2',
        manage_master_user_password: true,
        connection: 'postgres://app:s3cr3t-value@db',
        settings: [{ auth_token: 'tok', name: 'ok' }],
        later: pending,
      }),
    ).toEqual({
      password: SENSITIVE,
      manage_master_user_password: true,
      connection: SENSITIVE,
      settings: [{ auth_token: SENSITIVE, name: 'ok' }],
      later: pending,
    });
  });

  it('masks the values of sensitive variables and outputs wherever they are used', async () => {
    const scan = await scanEstate({
      'main.tf': `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "Tr0ub4dor-and-3"
}
module "creds" {
  source = "./creds"
}
resource "aws_s3_bucket" "b" {
  bucket = "backups"
  tags = {
    Conn  = "postgres://app:\${var.db_password}@db"
    Token = module.creds.token
    Plain = "visible"
  }
}
`,
      'creds/main.tf': 'output "token" {\n  value     = "tok-0123456789"\n  sensitive = true\n}\n',
    });
    const tags = byAddress(scan.resources, 'aws_s3_bucket.b').attributes.tags;
    expect(tags).toEqual({ Conn: SENSITIVE, Token: SENSITIVE, Plain: 'visible' });
    expect(JSON.stringify(scan.resources)).not.toMatch(/Tr0ub4dor|tok-0123456789/);
  });

  it('hides numbers and booleans computed from a sensitive value: operators, comparisons, conditions, functions', () => {
    const secrets = new SecretRegistry();
    const pw = secrets.add('Zebra-Quartz-Orchid');
    const n = secrets.add(48213);
    const flag = secrets.add(true);
    // A sensitive variable's own number or boolean is hidden; its string is kept to evaluate with.
    expect(pw).toBe('Zebra-Quartz-Orchid');
    expect(isUnknown(n) && n.reason).toMatch(/computed from a sensitive value/);
    expect(isUnknown(flag)).toBe(true);
    const roots: Record<string, Value> = { pw, n, flag, plain: 'visible-text', ns: secrets.add([51234, 61234]) };
    const scope = { resolveRoot: (name: string) => roots[name], functions: FUNCTIONS_CTX, secrets };
    const run = (source: string): Value => evaluate(parseHcl(`x = ${source}\n`, 't.tf').file.body.attributes[0]!.expr, scope);
    const hidden = (source: string): void => {
      const value = run(source);
      expect(isUnknown(value) ? value.reason : JSON.stringify(value), source).toMatch(/computed from a sensitive value, which Vigil does not reveal/);
    };
    for (const source of [
      'n', 'n + 1', '-n', 'n * 2 > 3', 'length(pw)', 'length(pw) * 1111', 'pw == "x"', 'pw != "x"', '!flag', 'flag && true',
      'pw == "nope" ? 31337 : 42424', 'flag ? "a-branch-value" : "b-branch-value"', 'length(pw) > 3 ? 35 : 0',
      'tonumber(substr("9${pw}", 0, 1))', 'ns[0] + 1', '[for v in ns : v + 1][0]', 'max(ns...)',
      '[1, 2][length(pw)]', '[for c in ["a", "b"] : c if pw == c]',
    ]) hidden(source);
    // Their own reason, not a vaguer one wrapped around it.
    const picked = run('[1, 2][length(pw)]');
    expect(isUnknown(picked) && picked.reason).toBe('it is computed from a sensitive value, which Vigil does not reveal');
    // Structures keep their shape; only the scalars inside are hidden.
    const listed = run('[for v in ns : v + 1]');
    expect(Array.isArray(listed) && listed.length === 2 && listed.every((v) => isUnknown(v))).toBe(true);
    // Strings derived from a secret are recorded and masked where they leave the source.
    for (const source of ['"len-${length(pw)}"', 'jsonencode([for v in ns : v + 1])', 'tostring(n)', 'jsonencode(length(pw))']) {
      const value = run(source);
      const shown = secrets.mask({ shown: value }).shown;
      expect(JSON.stringify(shown), source).not.toMatch(/19|48213|51235|61235/);
    }
    expect(secrets.mask({ shown: run('length(plain) > 1 ? upper(pw) : "never"') }).shown).toBe(SENSITIVE);
    // What does not touch a secret is computed and shown as before.
    expect(run('length(plain) + 1')).toBe(13);
    expect(run('plain == "visible-text" ? 7 : 8')).toBe(7);
    expect(run('true ? 5 : 6')).toBe(5);
  });

  it('judges a resource setting taken from a secret as unknown, with the reason, and never shows it', async () => {
    const scan = await scanEstate({
      'main.tf': `
variable "pw" {
  type      = string
  sensitive = true
  default   = "Zebra-Quartz-Orchid"
}
variable "days" {
  type      = number
  sensitive = true
  default   = 48213
}
locals {
  len = length(var.pw) * 1111
}
module "m" {
  source = "./m"
}
resource "aws_cloudwatch_log_group" "g" {
  name              = "len-\${local.len}"
  retention_in_days = var.days + 1
}
resource "aws_db_instance" "db" {
  identifier              = "db"
  storage_encrypted       = var.pw != "guess"
  backup_retention_period = module.m.retention
}
`,
      'm/main.tf': 'output "retention" {\n  value     = 35\n  sensitive = true\n}\n',
    });
    const group = byAddress(scan.resources, 'aws_cloudwatch_log_group.g').attributes;
    const db = byAddress(scan.resources, 'aws_db_instance.db').attributes;
    for (const value of [group.retention_in_days, db.storage_encrypted, db.backup_retention_period]) {
      expect(isUnknown(value) && value.reason).toMatch(/computed from a sensitive value/);
    }
    expect(isUnknown(group.name)).toBe(true);
    expect(JSON.stringify(scan.resources)).not.toMatch(/48214|21109|Zebra/);
  });

  it('never quotes a sensitive variable\'s value in a type error', async () => {
    const scan = await scanEstate({
      'main.tf': 'variable "pin" {\n  type      = number\n  sensitive = true\n  default   = "not-a-number-secret"\n}\n',
    });
    expect(errors(scan)).toEqual(['main.tf:1:1: variable "pin": the value does not fit its type']);
  });
});

describe('variable defaults of a module called many times', () => {
  // A default's converted value is kept per declaration and shared by the module's calls
  // (src/sources/terraform/module.ts, convertedDefaults): it must give each call what
  // evaluating it afresh gives, and lose no diagnostic.
  const module = `variable "ports" {
  type    = map(list(number))
  default = { ssh = ["22", 22], web = [80, "443"] }
}
variable "name" {
  type    = string
  default = "base"
}
variable "bad" {
  type    = number
  default = "not-a-number"
}
variable "token" {
  type      = string
  sensitive = true
  default   = "Zebra-4821"
}
resource "aws_security_group" "sg" {
  name        = var.name
  description = "\${join(",", [for k, v in var.ports : "\${k}=\${join("/", v)}"])} \${var.bad}"
  tags        = { token = var.token }
}
`;

  it('gives every call the default converted to its type, unless the call sets the variable', async () => {
    const scan = await scanEstate({
      'main.tf': 'module "a" {\n  source = "./m"\n}\nmodule "b" {\n  source = "./m"\n  name   = "given"\n}\nmodule "c" {\n  source = "./m"\n}\n',
      'm/main.tf': module,
    });
    const sg = (address: string) => byAddress(scan.resources, address).attributes;
    for (const call of ['a', 'c']) {
      expect(sg(`module.${call}.aws_security_group.sg`).name).toBe('base');
      expect(sg(`module.${call}.aws_security_group.sg`).description).toSatisfy((d: unknown) => isUnknown(d));
    }
    expect(sg('module.b.aws_security_group.sg').name).toBe('given');
    // The default that does not fit its type is reported for every call and for the folder on
    // its own (judged with its defaults), as when evaluated afresh.
    expect(errors(scan)).toEqual(Array(4).fill('m/main.tf:9:1: variable "bad": a number is required, got the string "not-a-number"'));
    expect(JSON.stringify(scan.resources)).not.toMatch(/Zebra/);
  });

  it('converts the shared default the same way in each call', async () => {
    const scan = await scanEstate({
      'main.tf': 'module "a" {\n  source = "./m"\n  bad    = 1\n}\nmodule "b" {\n  source = "./m"\n  bad    = 2\n}\n',
      'm/main.tf': module,
    });
    expect(byAddress(scan.resources, 'module.a.aws_security_group.sg').attributes.description).toBe('ssh=22/22,web=80/443 1');
    expect(byAddress(scan.resources, 'module.b.aws_security_group.sg').attributes.description).toBe('ssh=22/22,web=80/443 2');
    // Only the folder on its own falls back to the default that does not fit.
    expect(errors(scan)).toEqual(['m/main.tf:9:1: variable "bad": a number is required, got the string "not-a-number"']);
  });
});
