import { describe, expect, it } from 'vitest';
import { isUnknown, unknown, type Unknown, type Value, type ValueObject } from '../../../src/model/value.js';
import { FUNCTIONS, FunctionError, type FunctionContext } from '../../../src/sources/terraform/functions/index.js';

// Expected values come from Terraform's documentation examples and `terraform console` behaviour.

const files: Record<string, string> = {
  '/module/hello.txt': 'Hello',
  '/module/templates/greeting.tftpl': 'Hi ${name}',
};

const ctx: FunctionContext = {
  baseDir: '/module',
  readFile: (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  },
  fileExists: (path) => path in files,
  // A stand-in for the evaluator's template engine: ${name} only.
  renderTemplate: (template, vars) => template.replace(/\$\{(\w+)\}/g, (_, name: string) => String(vars[name])),
};

function call(name: string, ...args: Value[]): Value {
  const fn = FUNCTIONS[name];
  if (!fn) throw new Error(`no function ${name}`);
  return fn(args, ctx);
}

const apply = unknown('aws_s3_bucket.logs.id is known only after apply', 'aws_s3_bucket.logs');

type Case = [name: string, args: Value[], expected: Value];

const cases: Record<string, Case[]> = {
  strings: [
    ['chomp', ['hello\n\n'], 'hello'],
    ['chomp', ['hello\r\n'], 'hello'],
    ['endswith', ['hello world', 'world'], true],
    ['endswith', ['hello world', 'hello'], false],
    ['indent', [2, '[\n  foo,\n]'], '[\n    foo,\n  ]'],
    ['join', [', ', ['foo', 'bar', 'baz']], 'foo, bar, baz'],
    ['join', [',', ['a'], ['b', 1]], 'a,b,1'],
    ['lower', ['HELLO'], 'hello'],
    ['split', [',', 'foo,bar,baz'], ['foo', 'bar', 'baz']],
    ['split', [',', ''], ['']],
    ['startswith', ['hello world', 'hello'], true],
    ['strcontains', ['hello world', 'wor'], true],
    ['strcontains', ['hello world', 'cat'], false],
    ['strrev', ['hello'], 'olleh'],
    ['strrev', ['ok 👨‍👩‍👧'], '👨‍👩‍👧 ko'],
    ['substr', ['hello world', 1, 4], 'ello'],
    ['substr', ['🤔🤷', 0, 1], '🤔'],
    ['substr', ['hello world', -5, -1], 'world'],
    ['substr', ['hello', 10, 2], ''],
    ['title', ['hello world'], 'Hello World'],
    ['title', ["o'neil-smith_x"], "O'Neil-Smith_x"],
    ['trim', ['?!hello?!', '!?'], 'hello'],
    ['trimprefix', ['helloworld', 'hello'], 'world'],
    ['trimprefix', ['helloworld', 'cat'], 'helloworld'],
    ['trimspace', ['  hello\n\n'], 'hello'],
    ['trimsuffix', ['helloworld', 'world'], 'hello'],
    ['upper', ['hello'], 'HELLO'],
    ['upper', ['straße'], 'STRAßE'],
    ['upper', [42], '42'],
  ],
  format: [
    ['format', ['Hello, %s!', 'Ander'], 'Hello, Ander!'],
    ['format', ['There are %d lights', 4], 'There are 4 lights'],
    ['format', ['%.2f', 3.14159], '3.14'],
    ['format', ['%5.1f|', 3.14159], '  3.1|'],
    ['format', ['%f', 1.5], '1.500000'],
    ['format', ['%-5d|', 42], '42   |'],
    ['format', ['%05d', -42], '-0042'],
    ['format', ['%+d', 5], '+5'],
    ['format', ['%x %X %o %b', 255, 255, 8, 5], 'ff FF 10 101'],
    ['format', ['%#x', 255], '0xff'],
    ['format', ['%e', 1234.5678], '1.234568e+03'],
    ['format', ['%g', 0.00001234], '1.234e-05'],
    ['format', ['%.3g', 1234], '1.23e+03'],
    ['format', ['%v', 1234567], '1.234567e+06'],
    ['format', ['%v', 123456], '123456'],
    ['format', ['%v', 1.5], '1.5'],
    ['format', ['%v %v', [1, 'a'], { b: 1 }], '[1,"a"] {"b":1}'],
    ['format', ['%v', null], 'null'],
    ['format', ['%#v', 'hello'], '"hello"'],
    ['format', ['%q', 'hi <b>'], '"hi \\u003cb\\u003e"'],
    ['format', ['%t', true], 'true'],
    ['format', ['%t', 'false'], 'false'],
    ['format', ['100%%'], '100%'],
    ['format', ['%[2]s %[1]s', 'a', 'b'], 'b a'],
    ['format', ['%.3s', 'abcdef'], 'abc'],
    ['format', ['%6s|%-6s|', 'ab', 'cd'], '    ab|cd    |'],
    ['format', ['%s', 5], '5'],
    ['format', ['%d', '7'], '7'],
    // Go rounds exact halves to even; JS's toFixed would give "3" and "1".
    ['format', ['%.0f', 2.5], '2'],
    ['format', ['%.1f', 0.25], '0.2'],
    ['format', ['%.1e', 1.25], '1.2e+00'],
    ['format', ['%.0f', 3.5], '4'],
    ['format', ['%08.3d|%.0d|', 5, 0], '     005||'],
    ['format', ['%x', -255], '-ff'],
    ['formatlist', ['Hello, %s!', ['Valentina', 'Ander']], ['Hello, Valentina!', 'Hello, Ander!']],
    ['formatlist', ['%s, %s!', 'Salutations', ['Valentina', 'Ander']], ['Salutations, Valentina!', 'Salutations, Ander!']],
    ['formatlist', ['%s=%s', ['a', 'b'], [1, 2]], ['a=1', 'b=2']],
    ['formatlist', ['%s', []], []],
  ],
  regex: [
    ['regex', ['[a-z]+', '53453453.345345aaabbbccc23454'], 'aaabbbccc'],
    ['regex', ['(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)', '2019-02-01'], ['2019', '02', '01']],
    [
      'regex',
      ['^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?', 'https://terraform.io/docs/'],
      { scheme: 'https', authority: 'terraform.io' },
    ],
    ['regex', ['(a)|(b)', 'b'], [null, 'b']],
    ['regex', ['\\Q1+1\\E', '1+1=2'], '1+1'],
    ['regex', ['[[:digit:]]+', 'ab123'], '123'],
    ['regex', ['(?i)abc', 'xABC'], 'ABC'],
    ['regex', ['a{,2}', 'xa{,2}'], 'a{,2}'],
    ['regex', ['\\pL+', '12Äbc3'], 'Äbc'],
    ['regex', ['a.c', 'a\rc'], 'a\rc'],
    ['regex', ['\\A\\w+\\z', 'abc'], 'abc'],
    ['regexall', ['[a-z]+', '1234abcd5678efgh9'], ['abcd', 'efgh']],
    ['regexall', ['(\\w+)=(\\w+)', 'a=1 b=2'], [['a', '1'], ['b', '2']]],
    ['regexall', ['[a-z]+', '1234'], []],
    // Go skips an empty match right after a previous match; JS's matchAll would not.
    ['regexall', ['a*', 'baaac'], ['', 'aaa', '']],
    ['replace', ['1 + 2 + 3', '+', '-'], '1 - 2 - 3'],
    ['replace', ['a$b', '$', '$$'], 'a$$b'],
    ['replace', ['hello world', '/w.*d/', 'everybody'], 'hello everybody'],
    ['replace', ['2019-02-01', '/(\\d+)-(\\d+)-(\\d+)/', '$3/$2/$1'], '01/02/2019'],
    ['replace', ['abc', '/(?P<x>b)/', '[${x}]'], 'a[b]c'],
    ['replace', ['abc', '/(b)/', '$1x|${1}x|$$'], 'a|bx|$c'],
    ['replace', ['/', '/', '-'], '-'],
    ['replace', ['abc', '', '-'], '-a-b-c-'],
    ['replace', ['baaac', '/a*/', '-'], '-b-c-'],
    ['regex', ['[\\d\\-]+', 'a1-2b'], '1-2'],
    ['regex', ['\\#\\@', 'a#@b'], '#@'],
    ['regex', ['[]a]+', 'x]a]'], ']a]'],
    ['regex', ['\\p{Greek}+', 'abc αβγ'], 'αβγ'],
  ],
  collections: [
    ['alltrue', [['true', true]], true],
    ['alltrue', [[true, false]], false],
    ['alltrue', [[]], true],
    ['anytrue', [[false, 'true']], true],
    ['anytrue', [[]], false],
    ['chunklist', [['a', 'b', 'c', 'd', 'e'], 2], [['a', 'b'], ['c', 'd'], ['e']]],
    ['chunklist', [['a'], 0], [['a']]],
    ['coalesce', ['', 'b'], 'b'],
    ['coalesce', [null, 1], 1],
    ['coalesce', [1, 'a'], '1'],
    ['coalescelist', [[], ['c']], ['c']],
    ['compact', [['a', '', 'b', null, 'c']], ['a', 'b', 'c']],
    ['concat', [['a', ''], ['b', 'c']], ['a', '', 'b', 'c']],
    ['contains', [['a', 'b'], 'a'], true],
    ['contains', [['a', 'b'], 'c'], false],
    ['contains', [[{ a: [1] }], { a: [1] }], true],
    ['distinct', [['a', 'b', 'a', 'c', 'd', 'b']], ['a', 'b', 'c', 'd']],
    ['element', [['a', 'b', 'c'], 1], 'b'],
    ['element', [['a', 'b', 'c'], 3], 'a'],
    ['flatten', [[['a', 'b'], [], ['c']]], ['a', 'b', 'c']],
    ['flatten', [[[['a', 'b'], []], ['c'], { d: ['e'] }]], ['a', 'b', 'c', { d: ['e'] }]],
    ['index', [['a', 'b', 'c'], 'b'], 1],
    ['length', [[]], 0],
    ['length', [['a', 'b']], 2],
    ['length', [{ a: 'b' }], 1],
    ['length', ['🤔🤷'], 2],
    ['one', [[]], null],
    ['one', [['hello']], 'hello'],
    ['range', [3], [0, 1, 2]],
    ['range', [1, 4], [1, 2, 3]],
    ['range', [1, 8, 2], [1, 3, 5, 7]],
    ['range', [4, 1], [4, 3, 2]],
    ['range', [-3], [0, -1, -2]],
    ['range', [10, 5, -2], [10, 8, 6]],
    ['range', [0, 0], []],
    ['reverse', [[1, 2, 3]], [3, 2, 1]],
    ['slice', [['a', 'b', 'c', 'd'], 1, 3], ['b', 'c']],
    ['sort', [['e', 'd', 'a', 'x']], ['a', 'd', 'e', 'x']],
    ['sort', [[10, 9]], ['10', '9']],
    ['sum', [[10, 13, 6, 4.5]], 33.5],
  ],
  maps: [
    ['keys', [{ d: 3, a: 1, c: 2 }], ['a', 'c', 'd']],
    ['lookup', [{ a: 'ay', b: 'bee' }, 'a', 'what?'], 'ay'],
    ['lookup', [{ a: 'ay', b: 'bee' }, 'c', 'what?'], 'what?'],
    ['matchkeys', [['i-123', 'i-abc', 'i-def'], ['us-west', 'us-east', 'us-east'], ['us-east']], ['i-abc', 'i-def']],
    ['merge', [{ a: 'b', c: 'd' }, { e: 'f', c: 'z' }], { a: 'b', c: 'z', e: 'f' }],
    ['merge', [], {}],
    ['merge', [null, { a: 1 }], { a: 1 }],
    ['transpose', [{ a: ['1', '2'], b: ['2', '3'] }], { '1': ['a'], '2': ['a', 'b'], '3': ['b'] }],
    ['values', [{ c: 2, a: 3, d: 1 }], [3, 2, 1]],
    ['zipmap', [['a', 'b'], [1, 2]], { a: 1, b: 2 }],
  ],
  sets: [
    ['setintersection', [['a', 'b'], ['b', 'c'], ['b', 'd']], ['b']],
    [
      'setproduct',
      [['development', 'staging'], ['app1', 'app2']],
      [['development', 'app1'], ['development', 'app2'], ['staging', 'app1'], ['staging', 'app2']],
    ],
    ['setproduct', [['a'], []], []],
    ['setsubtract', [['a', 'b', 'c'], ['a', 'c']], ['b']],
    ['setunion', [['a', 'b'], ['b', 'c'], ['d']], ['a', 'b', 'c', 'd']],
    ['setunion', [['b'], ['a']], ['a', 'b']],
    ['setunion', [[3, 1], [2]], [1, 2, 3]],
  ],
  numeric: [
    ['abs', [-12.4], 12.4],
    ['ceil', [5.1], 6],
    ['ceil', [-0.5], 0],
    ['floor', [4.9], 4],
    ['floor', ['4.9'], 4],
    ['log', [16, 2], 4],
    ['max', [12, 54, 3], 54],
    ['min', [12, 54, 3], 3],
    ['parseint', ['100', 10], 100],
    ['parseint', ['FF', 16], 255],
    ['parseint', ['-10', 2], -2],
    ['parseint', ['zZ', 62], 35 * 62 + 61],
    ['pow', [3, 2], 9],
    ['signum', [-13], -1],
    ['signum', [0], 0],
    ['signum', [344], 1],
  ],
  encoding: [
    ['base64encode', ['Hello World'], 'SGVsbG8gV29ybGQ='],
    ['base64decode', ['SGVsbG8gV29ybGQ='], 'Hello World'],
    ['jsonencode', [{ hello: 'world' }], '{"hello":"world"}'],
    ['jsonencode', [{ b: [1, true, null], a: '<x>' }], '{"a":"\\u003cx\\u003e","b":[1,true,null]}'],
    ['jsonencode', [1e21], '1000000000000000000000'],
    ['jsondecode', ['{"hello": "world", "n": [1, 2.5, null]}'], { hello: 'world', n: [1, 2.5, null] }],
    ['jsondecode', ['true'], true],
    ['yamlencode', [{ c: 'd', a: 'b' }], '"a": "b"\n"c": "d"\n'],
    ['yamlencode', [{ foo: [1, 2, 3], bar: 'baz' }], '"bar": "baz"\n"foo":\n- 1\n- 2\n- 3\n'],
    ['yamlencode', [{ foo: [1, { a: 'b', c: 'd' }, 3], bar: 'baz' }], '"bar": "baz"\n"foo":\n- 1\n- "a": "b"\n  "c": "d"\n- 3\n'],
    ['yamlencode', [{ script: 'a\nb' }], '"script": |-\n  a\n  b\n'],
    ['yamldecode', ['hello: world'], { hello: 'world' }],
    ['yamldecode', ['- 1\n- true\n- yes\n- ~'], [1, true, 'yes', null]],
    ['yamldecode', [''], null],
    ['yamldecode', ['a: &x 1\nb: *x\nc:\n  <<: {d: 2}\n'], { a: 1, b: 1, c: { d: 2 } }],
    ['urlencode', ['Hello World!'], 'Hello+World%21'],
    ['urlencode', ['foo:bar@localhost?foo=bar&bar=baz'], 'foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz'],
  ],
  crypto: [
    ['md5', ['hello world'], '5eb63bbbe01eeed093cb22bb8f5acdc3'],
    ['sha1', ['hello world'], '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed'],
    ['sha256', ['hello world'], 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
    [
      'sha512',
      ['hello world'],
      '309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f',
    ],
    ['base64sha256', ['hello world'], 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek='],
    [
      'base64sha512',
      ['hello world'],
      'MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==',
    ],
    ['uuidv5', ['dns', 'www.terraform.io'], 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
    ['uuidv5', ['url', 'https://www.terraform.io/'], '9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5'],
  ],
  network: [
    ['cidrhost', ['10.12.112.0/20', 16], '10.12.112.16'],
    ['cidrhost', ['10.12.112.0/20', 268], '10.12.113.12'],
    ['cidrhost', ['fd00:fd12:3456:7890:00a2::/72', 34], 'fd00:fd12:3456:7890::22'],
    ['cidrhost', ['10.0.0.0/24', -1], '10.0.0.255'],
    ['cidrhost', ['10.0.0.0/24', -256], '10.0.0.0'],
    ['cidrnetmask', ['172.16.0.0/12'], '255.240.0.0'],
    ['cidrnetmask', ['10.0.0.0/32'], '255.255.255.255'],
    ['cidrsubnet', ['172.16.0.0/12', 4, 2], '172.18.0.0/16'],
    ['cidrsubnet', ['10.1.2.0/24', 4, 15], '10.1.2.240/28'],
    ['cidrsubnet', ['10.1.2.3/16', 8, 1], '10.1.1.0/24'],
    ['cidrsubnet', ['fd00:fd12:3456:7890::/56', 16, 162], 'fd00:fd12:3456:7800:a200::/72'],
    ['cidrsubnets', ['10.1.0.0/16', 4, 4, 8, 4], ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
    [
      'cidrsubnets',
      ['fd00:fd12:3456:7890::/56', 16, 16, 16, 32],
      ['fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88'],
    ],
    ['cidrsubnets', ['10.0.0.0/8'], []],
  ],
  conversion: [
    ['tobool', ['true'], true],
    ['tobool', [false], false],
    ['tobool', [null], null],
    ['tolist', [['a', 'b', 3]], ['a', 'b', '3']],
    ['tomap', [{ a: 1, b: 'x' }], { a: '1', b: 'x' }],
    ['tonumber', ['5'], 5],
    ['tonumber', ['-1.5e3'], -1500],
    ['tonumber', [1], 1],
    ['toset', [['c', 'b', 'b']], ['b', 'c']],
    ['toset', [['a', 'b', 3]], ['3', 'a', 'b']],
    ['tostring', [5], '5'],
    ['tostring', [true], 'true'],
    ['tostring', [0.1], '0.1'],
    ['tostring', [1e21], '1000000000000000000000'],
    ['tostring', [1e-7], '0.0000001'],
    ['tostring', [null], null],
  ],
  filesystem: [
    ['file', ['hello.txt'], 'Hello'],
    ['file', ['/module/hello.txt'], 'Hello'],
    ['file', ['./templates/../hello.txt'], 'Hello'],
    ['fileexists', ['hello.txt'], true],
    ['fileexists', ['missing.txt'], false],
    ['templatefile', ['templates/greeting.tftpl', { name: 'Ann' }], 'Hi Ann'],
    ['templatestring', ['Hello ${name}', { name: 'Bo' }], 'Hello Bo'],
    ['basename', ['foo/bar/baz.txt'], 'baz.txt'],
    ['basename', ['foo/bar/'], 'bar'],
    ['dirname', ['foo/bar/baz.txt'], 'foo/bar'],
    ['dirname', ['baz.txt'], '.'],
    ['dirname', ['/baz.txt'], '/'],
  ],
};

describe('Terraform functions compute what Terraform computes', () => {
  for (const [family, rows] of Object.entries(cases)) {
    describe(family, () => {
      it.each(rows)('%s(%j) = %j', (name, args, expected) => {
        expect(call(name, ...args)).toEqual(expected);
      });
    });
  }
});

describe('the registry', () => {
  const required =
    'abs alltrue anytrue base64decode base64encode ceil chunklist cidrhost cidrnetmask cidrsubnet cidrsubnets coalesce ' +
    'coalescelist compact concat contains distinct element endswith file fileexists flatten floor format formatlist index ' +
    'join jsondecode jsonencode keys length lookup lower max merge min one parseint range regex regexall replace reverse ' +
    'setintersection setproduct setsubtract setunion slice sort split startswith strcontains substr sum templatefile title ' +
    'tobool tolist tomap tonumber toset tostring transpose trim trimprefix trimspace trimsuffix upper values yamldecode ' +
    'yamlencode zipmap';

  it.each(required.split(' '))('has %s', (name) => {
    expect(FUNCTIONS[name]).toBeTypeOf('function');
  });

  it('leaves try and can to the evaluator, and has no inherited names', () => {
    expect(FUNCTIONS['try']).toBeUndefined();
    expect(FUNCTIONS['can']).toBeUndefined();
    expect(FUNCTIONS['toString']).toBeUndefined();
    expect(FUNCTIONS['constructor']).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(FUNCTIONS)).toBe(true);
  });
});

describe('unknown values', () => {
  const expectUnknown = (value: Value): Unknown => {
    expect(isUnknown(value)).toBe(true);
    return value as Unknown;
  };

  it('make a computed result unknown, keeping the reason once', () => {
    const result = call('upper', call('lower', apply));
    expect(result).toEqual(unknown(`depends on ${apply.reason}`));
  });

  it.each<[string, Value[]]>([
    ['format', ['%s', apply]],
    ['format', ['%v', [apply]]],
    ['jsonencode', [{ a: apply }]],
    ['compact', [['a', apply]]],
    ['flatten', [[['a'], apply]]],
    ['distinct', [['a', apply]]],
    ['toset', [['a', apply]]],
    ['merge', [apply, { a: 1 }]],
    ['coalesce', [null, apply, 'x']],
    ['contains', [['b', apply], 'a']],
    ['index', [[apply, 'b'], 'b']],
    ['alltrue', [[true, apply]]],
    ['anytrue', [[false, apply]]],
    ['zipmap', [[apply], ['a']]],
    ['cidrsubnet', [apply, 4, 1]],
    ['sum', [[1, apply]]],
    ['templatefile', ['templates/greeting.tftpl', apply]],
    ['length', [apply]],
    ['keys', [apply]],
    ['element', [['a'], apply]],
    ['uuid', []],
    ['timestamp', []],
    ['bcrypt', ['secret']],
    ['filebase64sha256', ['lambda.zip']],
  ])('%s(%j) is unknown', (name, args) => {
    expectUnknown(call(name, ...args));
  });

  it('leave jsonencode of a partly unknown value an unknown string that carries the structure', () => {
    const policy = { Statement: [{ Effect: 'Allow', Resource: apply }] };
    const encoded = expectUnknown(call('jsonencode', policy));
    expect(encoded.reason).toBe(`depends on ${apply.reason}`);
    expect(encoded.partial).toEqual(policy);
    // Nothing to carry when the whole value is unknown; a string of it is still unknown.
    expect(expectUnknown(call('jsonencode', apply)).partial).toBeUndefined();
    expect(expectUnknown(call('upper', encoded)).partial).toBeUndefined();
    // compact keeps such an encoding (it is never ""), as the s3-bucket module's combined policy needs.
    expect(call('compact', ['', encoded, null, 'x'])).toEqual([encoded, 'x']);
    expect(isUnknown(call('compact', ['', apply]))).toBe(true);
  });

  it('let replace keep a JSON document readable when only the replacement is unknown', () => {
    const doc = '{"Statement":[{"Effect":"Deny","Resource":["_ARN_","_ARN_/*"]}]}';
    const replaced = expectUnknown(call('replace', doc, '_ARN_', apply));
    const statement = (replaced.partial as { Statement: ValueObject[] }).Statement[0]!;
    expect(statement.Effect).toBe('Deny');
    const resources = statement.Resource as Unknown[];
    expect(resources.every((r) => isUnknown(r) && r.origin === 'aws_s3_bucket.logs')).toBe(true);
    // The same again on the result, with a known replacement this time, as the s3-bucket module chains them.
    expect(expectUnknown(call('replace', replaced, 'Deny', 'Allow')).partial).toMatchObject({ Statement: [{ Effect: 'Allow' }] });
    // Nothing to replace: the text is the answer, whatever the replacement.
    expect(call('replace', 'no placeholder', '_ARN_', apply)).toBe('no placeholder');
    // Not JSON, a pattern, or a substring JSON would escape: unknown as before.
    expect(expectUnknown(call('replace', 'x _ARN_', '_ARN_', apply)).partial).toBeUndefined();
    expect(expectUnknown(call('replace', doc, '/_ARN_/', apply)).partial).toBeUndefined();
    expect(expectUnknown(call('replace', doc, '"Deny"', apply)).partial).toBeUndefined();
    // A substring also outside the strings (a number here) would change what no string stands for.
    expect(expectUnknown(call('replace', call('jsonencode', { a: 1, b: apply }), '1', 'x')).partial).toBeUndefined();
    expect(expectUnknown(call('replace', '{"a":1,"b":"_ARN_"}', '1', apply)).partial).toBeUndefined();
    expect(expectUnknown(call('replace', doc, ':', apply)).partial).toBeUndefined();
  });

  it('are counted and kept as members where the result does not need their value', () => {
    expect(call('length', [apply, 'a'])).toBe(2);
    expect(call('keys', { b: apply, a: 1 })).toEqual(['a', 'b']);
    expect(call('values', { a: apply })).toEqual([apply]);
    expect(call('merge', { a: apply }, { b: 1 })).toEqual({ a: apply, b: 1 });
    expect(call('concat', [apply], ['b'])).toEqual([apply, 'b']);
    expect(call('element', [apply, 'b'], 1)).toBe('b');
    expect(call('reverse', [apply, 'b'])).toEqual(['b', apply]);
    expect(call('slice', [apply, 'b', 'c'], 1, 3)).toEqual(['b', 'c']);
    expect(call('lookup', { a: apply, b: 'bee' }, 'b')).toBe('bee');
    expect(call('zipmap', ['a'], [apply])).toEqual({ a: apply });
    expect(call('tolist', [apply, 'a'])).toEqual([apply, 'a']);
    expect(call('flatten', [[{ id: apply }]])).toEqual([{ id: apply }]);
  });

  it('are returned as themselves when the result is that very value', () => {
    expect(call('lookup', { a: apply }, 'a')).toBe(apply);
    expect(call('one', [apply])).toBe(apply);
    expect(call('tostring', apply)).toBe(apply);
    expect(call('coalesce', null, '', apply)).toBe(apply);
  });

  it('do not hide a result that known elements already decide', () => {
    expect(call('coalesce', 'a', apply)).toBe('a');
    expect(call('contains', ['a', apply], 'a')).toBe(true);
    expect(call('contains', [], apply)).toBe(false);
    expect(call('index', ['b', apply], 'b')).toBe(0);
    expect(call('alltrue', [apply, false])).toBe(false);
    expect(call('anytrue', [apply, true])).toBe(true);
    expect(call('coalescelist', ['a'], apply)).toEqual(['a']);
  });

  it('make only their own formatlist row unknown', () => {
    const [known, pending] = call('formatlist', '%s!', ['a', apply]) as Value[];
    expect(known).toBe('a!');
    expectUnknown(pending!);
  });

  it('in template variables are left to the template engine', () => {
    const seen: ValueObject[] = [];
    const recording: FunctionContext = { ...ctx, renderTemplate: (_template, vars) => (seen.push(vars), 'rendered') };
    expect(FUNCTIONS['templatefile']!(['templates/greeting.tftpl', { name: apply }], recording)).toBe('rendered');
    expect(seen).toEqual([{ name: apply }]);
  });
});

describe('calls Terraform rejects', () => {
  it.each<[string, Value[], string]>([
    ['upper', [], 'expects 1 argument; missing a value for "str"'],
    ['upper', ['a', 'b'], 'expects 1 argument, got 2'],
    ['upper', [['a']], 'str must be a string, got list'],
    ['upper', [null], 'str must not be null'],
    ['element', [[], 0], 'cannot use element function with an empty list'],
    ['element', [['a'], -1], 'cannot use element function with a negative index'],
    ['element', [['a'], 1.5], 'index must be a whole number'],
    ['index', [['a'], 'z'], 'item not found'],
    ['lookup', [{ a: 1 }, 'b'], 'lookup failed to find key "b"'],
    ['slice', [['a'], 0, 2], 'to index must be less than or equal to the length of the input list'],
    ['slice', [['a', 'b'], 2, 1], 'from index must be less than or equal to index'],
    ['range', [0, 2000], 'more than 1024 values were generated'],
    ['range', [1, 4, -1], 'end must be less than start when step is negative'],
    ['range', [1, 4, 0], 'step must not be zero'],
    ['one', [['a', 'b']], 'either zero or one elements'],
    ['zipmap', [['a'], []], 'number of keys (1) does not match number of values (0)'],
    ['sum', [[]], 'cannot sum an empty list'],
    ['max', [], 'must pass at least one number'],
    ['chunklist', [['a'], -1], 'the size argument must be positive'],
    ['setproduct', [['a']], 'at least two arguments are required'],
    ['coalesce', [null, ''], 'no non-null, non-empty-string arguments'],
    ['coalescelist', [[], []], 'no non-null arguments'],
    ['concat', [['a'], 'b'], 'argument 2 must be a list, got string'],
    ['merge', [['a']], 'argument 1 must be a map or object, got list'],
    ['length', [null], 'argument must not be null'],
    ['length', [5], 'argument must be a string, a collection type, or a structural type'],
    ['contains', [null, 'a'], 'cannot search a nil list or set'],
    ['matchkeys', [['a'], [], []], 'length of keys and values should be equal'],
    ['tostring', [['a']], 'cannot convert list to string'],
    ['tonumber', ['abc'], 'cannot convert "abc" to number'],
    ['tobool', ['yes'], 'cannot convert "yes" to bool'],
    ['tomap', [{ a: 1, b: true }], 'must have the same type'],
    ['format', ['%d', 1.5], 'an integer is required'],
    ['format', ['%s'], 'not enough arguments for "%s" at 0'],
    ['format', ['x', 1], 'too many arguments; no verbs in format string'],
    ['format', ['%s', 1, 2], 'too many arguments; only 1 used by format string'],
    ['format', ['%s', null], 'null value cannot be formatted'],
    ['format', ['%y', 1], 'unsupported format verb "y"'],
    ['format', ['%d', 'x'], 'must be a number'],
    ['format', ['50%'], 'incomplete verb'],
    ['formatlist', ['%s%s', ['a'], ['b', 'c']], 'argument 2 has length 2, which is inconsistent with argument 1 of length 1'],
    ['regex', ['x', 'abc'], 'pattern did not match any part of the given string'],
    ['regex', ['(?<=a)b', 'ab'], 'invalid named capture'],
    ['regex', ['(a', 'a'], 'invalid regular expression pattern'],
    ['regex', ['(\\d)(?P<n>x)', '1x'], 'cannot mix named and unnamed capture groups'],
    ['regex', ['\\1', 'a'], 'invalid escape sequence'],
    ['parseint', ['12', 1], 'base must be a whole number between 2 and 62 inclusive'],
    ['parseint', ['xyz', 10], 'cannot parse "xyz" as a base 10 integer'],
    ['parseint', ['0x1F', 16], 'cannot parse "0x1F" as a base 16 integer'],
    ['base64decode', ['!!'], 'failed to decode base64 data'],
    ['base64decode', ['/w=='], 'not valid UTF-8'],
    ['jsondecode', ['{'], 'invalid JSON'],
    ['yamldecode', ['a: 1\n---\nb: 2'], 'only one YAML document is allowed'],
    ['yamldecode', ['a: [1'], 'invalid YAML'],
    ['uuidv5', ['nope', 'x'], 'namespace'],
    ['cidrsubnet', ['10.0.0.0/30', 4, 0], 'insufficient address space to extend prefix of 30 by 4'],
    ['cidrsubnet', ['10.0.0.0/16', 4, 16], 'prefix extension of 4 does not accommodate a subnet numbered 16'],
    ['cidrsubnet', ['fd00::/16', 33, 0], 'may not extend prefix by more than 32 bits'],
    ['cidrsubnet', ['not-a-cidr', 1, 1], 'invalid CIDR address: not-a-cidr'],
    ['cidrsubnet', ['10.0.0.256/8', 1, 1], 'invalid CIDR address'],
    ['cidrhost', ['10.0.0.0/30', 4], 'prefix of 30 does not accommodate a host numbered 4'],
    ['cidrhost', ['10.0.0.0/30', -5], 'prefix of 30 does not accommodate a host numbered -5'],
    ['cidrnetmask', ['fd00::/8'], 'IPv6 addresses cannot have a netmask: fd00::/8'],
    ['cidrsubnets', ['10.0.0.0/8', 1, 1, 1], 'not enough remaining address space for a subnet with a prefix of 9 bits after 10.128.0.0/9'],
    ['cidrsubnets', ['10.0.0.0/8', 1, 0], 'must extend prefix by at least one bit'],
    ['cidrsubnets', ['10.0.0.0/30', 4], 'would extend prefix to 34 bits, which is too long for an IPv4 address'],
    ['file', ['missing.txt'], 'no file exists at "missing.txt"'],
    ['templatefile', ['templates/greeting.tftpl', { 'not valid': 1 }], 'invalid template variable name "not valid"'],
    ['templatefile', ['templates/greeting.tftpl', ['a']], 'vars must be a map or object, got list'],
  ])('%s(%j) fails: %s', (name, args, message) => {
    expect(() => call(name, ...args)).toThrow(FunctionError);
    expect(() => call(name, ...args)).toThrow(message);
  });
});

describe('regressions found on real estates', () => {
  it('jsondecode refuses a non-string argument even when it holds unknowns, so try() falls through', () => {
    expect(() => FUNCTIONS.jsondecode!([{ key: unknown('arn after apply') }], fakeContextForRegressions)).toThrow(FunctionError);
    expect(isUnknown(FUNCTIONS.jsondecode!([unknown('x')], fakeContextForRegressions))).toBe(true);
  });

  it('length counts a very long string without building its characters', () => {
    expect(FUNCTIONS.length!(['a'.repeat(20_000_000)], fakeContextForRegressions)).toBe(20_000_000);
    expect(FUNCTIONS.length!(['a\r\nb'], fakeContextForRegressions)).toBe(3);
    expect(FUNCTIONS.length!(['café👍🏽'], fakeContextForRegressions)).toBe(5);
  });
});

const fakeContextForRegressions = {
  baseDir: '/',
  readFile: () => '',
  fileExists: () => false,
  renderTemplate: () => '',
};

describe('grapheme clusters of ASCII text', () => {
  it('splits ASCII as Unicode segmentation does: one cluster per character, "\\r\\n" as one', async () => {
    const { graphemes } = await import('../../../src/sources/terraform/functions/support.js');
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const samples = ['', 'hello world', 'a\r\nb', '\n\r', '\r\r\n\n', 'tab\there\x00\x1f\x7f', '${var.name}-%s'];
    const controls = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('\r\n');
    for (const text of [...samples, controls]) {
      expect(graphemes(text)).toEqual(Array.from(segmenter.segment(text), (s) => s.segment));
    }
    const call = FUNCTIONS.substr!;
    expect(call(['a\r\nbc', 1, 2], ctx)).toBe('\r\nb');
  });
});
