// Posts Vigil's Markdown report as one pull-request comment, or updates the comment an earlier
// run posted (found by a hidden marker), so a pull request carries one current comment, not one
// per push. Plain Node 20 with no dependencies (fetch is built in).
//
//   node action/comment.mjs <vigil.md>
//
// Reads GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_EVENT_PATH (the pull request's number)
// and GITHUB_API_URL (default https://api.github.com). Outside a pull request it says so and does
// nothing. `--dry-run` prints the comment's body instead of posting it.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const MARKER = '<!-- vigil-pr-comment -->';
/** GitHub refuses comment bodies over this many characters. */
const LIMIT = 65_536;
/** Pages of comments to look through for ours: 100 a page, bounded so a huge thread cannot stall the job. */
const MAX_PAGES = 30;

/** The comment's body: the marker, then the report, cut to GitHub's limit with a line saying so. */
export function commentBody(markdown) {
  const body = `${MARKER}\n${markdown}`;
  if (body.length <= LIMIT) return body;
  const note = '\n\n_The report was cut to fit GitHub\'s comment limit; see the job\'s artifact for all of it._\n';
  return body.slice(0, LIMIT - note.length) + note;
}

/** The pull request's number from the event payload, or undefined outside a pull request. */
export function pullRequestNumber(eventPath) {
  if (!eventPath) return undefined;
  const event = JSON.parse(readFileSync(eventPath, 'utf8'));
  return event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
}

async function call(api, token, method, path, body) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`GitHub ${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** Creates the comment, or updates the one carrying the marker; returns what it did and the comment's id. */
export async function upsertComment({ api, token, repository, number, body }) {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await call(api, token, 'GET', `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`);
    const ours = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
    if (ours) {
      await call(api, token, 'PATCH', `/repos/${repository}/issues/comments/${ours.id}`, { body });
      return { action: 'updated', id: ours.id };
    }
    if (comments.length < 100) break;
  }
  const created = await call(api, token, 'POST', `/repos/${repository}/issues/${number}/comments`, { body });
  return { action: 'created', id: created.id };
}

async function main(argv, env) {
  const dryRun = argv.includes('--dry-run');
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: node action/comment.mjs [--dry-run] <vigil.md>\n');
    return 2;
  }
  const body = commentBody(readFileSync(file, 'utf8'));
  if (dryRun) {
    process.stdout.write(body);
    return 0;
  }
  const number = pullRequestNumber(env.GITHUB_EVENT_PATH);
  if (number === undefined) {
    process.stdout.write('vigil: not a pull request: no comment posted\n');
    return 0;
  }
  if (!env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY) {
    process.stderr.write('vigil: GITHUB_TOKEN and GITHUB_REPOSITORY are needed to comment on the pull request\n');
    return 2;
  }
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, '');
  const done = await upsertComment({ api, token: env.GITHUB_TOKEN, repository: env.GITHUB_REPOSITORY, number, body });
  process.stdout.write(`vigil: ${done.action} comment ${done.id} on pull request #${number}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`vigil: could not comment on the pull request: ${error.message}\n`);
      process.exit(1);
    },
  );
}
