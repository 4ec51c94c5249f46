import type { Catalogue } from './catalogue.js';
import { serviceOf, summarizeFramework } from './coverage.js';

/**
 * The "Rule catalogue" section of README.md, rendered from the catalogue so that it cannot drift:
 * test/engine/catalogue-doc.test.ts compares it with the README, and
 * `node dist/tools/readme-catalogue.js` rewrites the section between the markers.
 */

export const CATALOGUE_START = '<!-- rule-catalogue:start (generated from rules/ by src/tools/readme-catalogue.ts) -->';
export const CATALOGUE_END = '<!-- rule-catalogue:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function renderCatalogueMarkdown(catalogue: Catalogue): string {
  const byRule = new Map<string, Set<string>>();
  for (const framework of catalogue.frameworks) {
    for (const requirement of framework.requirements) {
      for (const id of requirement.rules ?? []) byRule.set(id, (byRule.get(id) ?? new Set()).add(framework.id));
    }
  }
  const services = [...new Set(catalogue.rules.map(serviceOf))].sort();
  const lines: string[] = [CATALOGUE_START, ''];
  const counts = services.map((s) => `${s} ${catalogue.rules.filter((r) => serviceOf(r) === s).length}`).join(', ');
  lines.push(`${catalogue.rules.length} rules (${counts}).`, '');
  for (const framework of catalogue.frameworks) {
    const s = summarizeFramework(framework);
    lines.push(
      `- **${framework.name}**: ${s.requirements} requirements; ${s.coverage.automated} with automated evidence only, ${s.coverage.both} with rules and a manual part, ${s.coverage.manual} manual only.`,
    );
  }
  lines.push('', '| rule | severity | sources | frameworks | title | Checkov | Trivy | Prowler | AWS Config |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const service of services) {
    for (const rule of catalogue.rules.filter((r) => serviceOf(r) === service)) {
      const refs = (ids: string[] | undefined): string => cell((ids ?? []).join(', '));
      lines.push(
        `| \`${rule.id}\` | ${rule.severity} | ${rule.sources.join(', ')} | ${[...(byRule.get(rule.id) ?? [])].sort().join(', ')} | ${cell(rule.title)} | ${refs(rule.references.checkov)} | ${refs(rule.references.trivy)} | ${refs(rule.references.prowler)} | ${refs(rule.references.aws_config)} |`,
      );
    }
  }
  const faceted = catalogue.rules.filter((rule) => rule.facets);
  if (faceted.length > 0) {
    lines.push('', 'Rules that bundle what peers check separately name the facet each peer ID checks; IDs not listed here check the whole rule.', '');
    lines.push('| rule | facet | peer IDs |', '| --- | --- | --- |');
    for (const rule of faceted) {
      for (const [name, facet] of Object.entries(rule.facets!)) {
        lines.push(`| \`${rule.id}\` | ${name} | ${cell(Object.values(facet.references).flat().join(', '))} |`);
      }
    }
  }
  lines.push('', CATALOGUE_END);
  return lines.join('\n');
}
