import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigil } from '../helpers/cli.js';
import { tempTree } from '../helpers/tree.js';

const PMO = 'fixtures/terraform/pmo-platform';

const templateFolder = (files: Record<string, string>): string => tempTree('vigil-template', files);

describe('--template <dir>', () => {
  it('replaces a built-in partial and fills the extension points, keeping the rest', () => {
    const dir = templateFolder({
      'partials/signoff.hbs': '<section class="signoff"><h2>Approved by the Northwind compliance office</h2><p>{{document.summary.byStatus.fail}} open findings</p></section>\n',
      'partials/head-extra.hbs': '<style>.masthead { background: #0b3d2e; }</style>\n',
      'partials/body-end.hbs': '<p class="house-note">Internal: {{document.tool.name}}</p>\n',
    });
    const out = join(dir, 'report.html');
    const run = vigil(['scan', PMO, '--format', 'html', '--template', dir, '--output', out, '--quiet']);
    expect(run.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<h2>Approved by the Northwind compliance office<\/h2><p>\d+ open findings<\/p>/);
    expect(html).not.toContain('Review and sign-off');
    expect(html).toContain('.masthead { background: #0b3d2e; }');
    expect(html).toContain('<p class="house-note">Internal: vigil</p>');
    expect(html).toContain('class="requirement'); // the built-in checklist is still there
  });

  it('renders a saved report with the user\'s templates too', () => {
    const dir = templateFolder({ 'report.hbs': '<!DOCTYPE html><title>{{document.tool.name}}</title><ul>{{#each frameworks}}<li>{{name}}: {{passing}}/{{total}}</li>{{/each}}</ul>\n' });
    const saved = join(dir, 'saved.json');
    vigil(['scan', PMO, '--format', 'json', '--output', saved, '--quiet']);
    const run = vigil(['report', saved, '--format', 'html', '--template', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!DOCTYPE html><title>vigil<\/title><ul><li>[^<]+: \d+\/\d+<\/li>/);
  });

  it('refuses a template with a syntax error before scanning, naming the file', () => {
    const dir = templateFolder({ 'partials/rule.hbs': '{{#if total}}unclosed\n' });
    const run = vigil(['scan', PMO, '--format', 'html', '--template', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--template:');
    expect(run.stderr).toContain('partials/rule.hbs');
    expect(run.stdout).toBe('');
  });
});
