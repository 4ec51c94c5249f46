import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, vigil } from '../helpers/cli.js';
import type { ReportDocument } from '../../src/report/document.js';

/**
 * The GitHub Action's own scripts, run as the action runs them: the outputs from a real scan's
 * JSON report, and the pull-request comment against a fake GitHub API on loopback.
 */

const PMO = 'fixtures/terraform/pmo-platform';
const RCM = 'fixtures/terraform/clinic-modules';

function node(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'action', script), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const parseOutputs = (text: string): Record<string, string> => Object.fromEntries(text.trim().split('\n').map((line) => line.split('=') as [string, string]));

describe('action/outputs.mjs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-action-'));
  });

  it('counts every failure as new without a comparison, and only the new ones after --baseline', async () => {
    vigil(['scan', PMO, RCM, '--format', 'json', '--output', join(dir, 'all.json'), '--quiet']);
    const all = await node('outputs.mjs', [join(dir, 'all.json')]);
    expect(all.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')) as ReportDocument;
    const gating = report.results.filter((r) => r.status === 'fail' && r.informational === undefined).length;
    expect(parseOutputs(all.stdout)).toEqual({
      failed: String(report.summary.byStatus.fail),
      passed: String(report.summary.byStatus.pass),
      unknown: String(report.summary.byStatus.unknown),
      suppressed: String(report.summary.byStatus.suppressed),
      'new-failures': String(gating),
    });
    expect(gating).toBeGreaterThan(0);

    // A baseline of one estate: only the other estate's failures are new.
    expect(vigil(['baseline', 'create', PMO, '--output', join(dir, 'baseline.json')]).code).toBe(0);
    vigil(['scan', PMO, RCM, '--baseline', join(dir, 'baseline.json'), '--format', 'json', '--output', join(dir, 'new.json'), '--quiet']);
    const compared = JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8')) as ReportDocument;
    const fresh = compared.results.filter((r) => r.status === 'fail' && r.baseline === 'new' && r.informational === undefined).length;
    const outputs = parseOutputs((await node('outputs.mjs', [join(dir, 'new.json')])).stdout);
    expect(outputs['new-failures']).toBe(String(fresh));
    expect(fresh).toBeGreaterThan(0);
    expect(fresh).toBeLessThan(gating);
    expect(outputs.failed).toBe(String(compared.summary.byStatus.fail));

    // A gate on high: lower failures are not counted.
    vigil(['scan', PMO, RCM, '--fail-on', 'critical', '--format', 'json', '--output', join(dir, 'critical.json'), '--quiet']);
    const critical = JSON.parse(readFileSync(join(dir, 'critical.json'), 'utf8')) as ReportDocument;
    const criticalOutputs = parseOutputs((await node('outputs.mjs', [join(dir, 'critical.json')])).stdout);
    expect(criticalOutputs['new-failures']).toBe(String(critical.results.filter((r) => r.status === 'fail' && r.rule.severity === 'critical').length));
  });
});

interface FakeComment {
  id: number;
  body: string;
}

/** A fake of the three GitHub endpoints the script uses, with some comments of other people already there. */
function fakeGithub(): Promise<{ server: Server; url: string; comments: FakeComment[]; requests: string[] }> {
  const comments: FakeComment[] = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, body: `someone else's comment ${i}` }));
  const requests: string[] = [];
  const read = (req: IncomingMessage): Promise<string> => new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text));
  });
  const server = createServer((req, res) => {
    void (async () => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      const url = new URL(req.url!, 'http://x');
      const body = await read(req);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && url.pathname === '/repos/acme/infra/issues/7/comments') {
        const page = Number(url.searchParams.get('page'));
        const per = Number(url.searchParams.get('per_page'));
        res.end(JSON.stringify(comments.slice((page - 1) * per, page * per)));
      } else if (req.method === 'POST' && url.pathname === '/repos/acme/infra/issues/7/comments') {
        const comment = { id: 1000 + comments.length, body: (JSON.parse(body) as { body: string }).body };
        comments.push(comment);
        res.statusCode = 201;
        res.end(JSON.stringify(comment));
      } else if (req.method === 'PATCH' && url.pathname.startsWith('/repos/acme/infra/issues/comments/')) {
        const comment = comments.find((c) => c.id === Number(url.pathname.split('/').pop()))!;
        comment.body = (JSON.parse(body) as { body: string }).body;
        res.end(JSON.stringify(comment));
      } else {
        res.statusCode = 404;
        res.end('{"message":"Not Found"}');
      }
    })();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, comments, requests })));
}

describe('action/comment.mjs', () => {
  let github: Awaited<ReturnType<typeof fakeGithub>>;
  let dir: string;
  beforeAll(async () => {
    github = await fakeGithub();
    dir = mkdtempSync(join(tmpdir(), 'vigil-comment-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
    writeFileSync(join(dir, 'push.json'), JSON.stringify({ ref: 'refs/heads/main' }));
  });
  afterAll(() => new Promise<void>((resolve) => github.server.close(() => resolve())));

  it('posts the Markdown report once, then updates that same comment on the next run', async () => {
    vigil(['scan', PMO, '--format', 'markdown', '--output', join(dir, 'vigil.md'), '--quiet']);
    const markdown = readFileSync(join(dir, 'vigil.md'), 'utf8');
    expect(markdown).toContain('## Vigil compliance scan');
    const env = { GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'acme/infra', GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_API_URL: github.url };
    const first = await node('comment.mjs', [join(dir, 'vigil.md')], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/created comment \d+ on pull request #7/);
    expect(github.comments).toHaveLength(121);
    const ours = github.comments.at(-1)!;
    expect(ours.body).toBe(`<!-- vigil-pr-comment -->\n${markdown}`);

    // The next push: the report changed, the comment is updated in place, none is added.
    writeFileSync(join(dir, 'vigil.md'), '## Vigil compliance scan\n\n✅ **no failing results**\n');
    const second = await node('comment.mjs', [join(dir, 'vigil.md')], env);
    expect(second.stdout).toContain(`updated comment ${ours.id} on pull request #7`);
    expect(github.comments).toHaveLength(121);
    expect(ours.body).toContain('no failing results');
    expect(github.requests.every((r) => r.endsWith('Bearer test-token'))).toBe(true);
    // Two pages of comments were read before ours was found on the second.
    expect(github.requests.filter((r) => r.startsWith('GET')).slice(-2).map((r) => /[?&]page=(\d+)/.exec(r)![1])).toEqual(['1', '2']);
  });

  it('does nothing outside a pull request, and cuts a body over GitHub\'s limit with a line saying so', async () => {
    const before = github.requests.length;
    const push = await node('comment.mjs', [join(dir, 'vigil.md')], { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/infra', GITHUB_EVENT_PATH: join(dir, 'push.json'), GITHUB_API_URL: github.url });
    expect(push).toMatchObject({ code: 0, stdout: 'vigil: not a pull request: no comment posted\n' });
    expect(github.requests.length).toBe(before);

    writeFileSync(join(dir, 'huge.md'), `## Vigil compliance scan\n\n${'| x | y |\n'.repeat(20_000)}`);
    const dry = await node('comment.mjs', ['--dry-run', join(dir, 'huge.md')]);
    expect(dry.stdout.length).toBeLessThanOrEqual(65_536);
    expect(dry.stdout.startsWith('<!-- vigil-pr-comment -->\n## Vigil compliance scan')).toBe(true);
    expect(dry.stdout).toContain('cut to fit GitHub\'s comment limit');
  });

  it('fails the step with GitHub\'s answer when it refuses', async () => {
    const run = await node('comment.mjs', [join(dir, 'vigil.md')], { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/other', GITHUB_EVENT_PATH: join(dir, 'event.json'), GITHUB_API_URL: github.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered 404');
  });
});
