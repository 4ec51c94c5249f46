import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { hasSeveralRoots, type ReportDocument, type ReportResult } from '../document.js';
import { loadTemplates, STATUS_LABELS } from './templates.js';
import { buildView } from './view.js';

/**
 * The auditor's HTML checklist: one self-contained file rendered from the Handlebars templates in
 * reports/. Everything from the scanned estate goes through Handlebars' escaping; the only raw
 * HTML inserted is what these templates rendered. The page's script is allowed by its hash in a
 * Content-Security-Policy that also forbids every network request.
 */

export { TemplateError } from './templates.js';

/**
 * JSON that can sit inside a <script> element. Inside one, the HTML parser only ends the element
 * at `</script` and changes state only at `<!--`; writing every `</` as `<\/` and every `<!` as
 * `<\u0021` (both valid JSON escapes) leaves neither, whatever the data holds, and keeps the
 * 50,000-row reports small and quick to write.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('</', '<\\/').replaceAll('<!', '<\\u0021');
}

/**
 * The facts a row lists: those the observed-values table does not already show (`x is false`
 * beside `x` = `false`), so nothing is printed twice.
 */
export function factsToShow(result: Pick<ReportResult, 'facts' | 'observed'>): string[] {
  if (!result.observed || result.observed.length === 0) return result.facts;
  const shown = result.observed.map((o) => o.attribute);
  return result.facts.filter((fact) => !shown.some((attribute) => fact === attribute || fact.startsWith(`${attribute} `)));
}

/** What the page's filters and search read for one result. */
function searchText(result: ReportResult): string {
  const r = result.resource;
  const tags = r.tags ? Object.entries(r.tags).map(([k, v]) => `${k}=${v}`) : [];
  return [r.root, r.address, r.name, r.arn, r.account, r.region, r.kind, ...tags, result.location?.file, result.message, ...result.facts, result.suppression?.reason, result.suppression?.owner]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/**
 * A result as the page's script draws it when rows are kept as data: only what the row shows.
 * The script puts every value in with textContent, so nothing in it is ever parsed as markup.
 */
function rowRecord(result: ReportResult, index: number, showRoot: boolean): Record<string, unknown> {
  return {
    index,
    root: showRoot ? result.resource.root : undefined,
    status: result.status,
    resource: result.resource,
    location: result.location,
    relatedLocations: result.relatedLocations,
    message: result.message,
    facts: factsToShow(result),
    observed: result.observed,
    configRules: result.configRules,
    evidence: result.evidence,
    suppression: result.suppression,
    informational: result.informational,
    baseline: result.baseline,
  };
}

export function renderHtml(document: ReportDocument, options: { templateDir?: string } = {}): string {
  const templates = loadTemplates(options.templateDir);
  const view = buildView(document);
  // Rows go into the page through the result partial only while there are few; above that the
  // page's script draws them from data when a requirement opens, and Handlebars never runs per row.
  // Two roots may call one module and so hold the same address: then each row names its root.
  const showRoot = hasSeveralRoots(document.results);
  const rowHtml = view.inline
    ? document.results.map((result, index) => templates.row({ result: { ...result, facts: factsToShow(result) }, index, showRoot }, { allowProtoPropertiesByDefault: false }))
    : [];
  const rowsByRule: Record<string, string[]> = {};
  const rowData: Record<string, Array<Record<string, unknown>>> = {};
  const metaByRule: Record<string, { severity: string; rows: string[][] }> = {};
  for (const rule of view.rules.values()) {
    if (view.inline) rowsByRule[rule.id] = rule.results.map((i) => rowHtml[i]!);
    else rowData[rule.id] = rule.results.map((i) => rowRecord(document.results[i]!, i, showRoot));
    metaByRule[rule.id] = {
      severity: rule.severity,
      rows: rule.results.map((i) => {
        const r = document.results[i]!;
        return [r.status, r.rule.severity, r.resource.account ?? '', r.resource.region ?? '', searchText(r)];
      }),
    };
  }
  const rowsHtml = new Map(Object.entries(rowsByRule).map(([id, rows]) => [id, new Handlebars.SafeString(rows.join(''))]));
  const frameworks = view.frameworks.map((framework) => ({
    ...framework,
    sections: framework.sections.map((section) => ({
      ...section,
      requirements: section.requirements.map((requirement) => ({
        ...requirement,
        ruleViews: requirement.ruleViews.map((rule) => ({ ...rule, rowsHtml: view.inline ? rowsHtml.get(rule.id) : undefined })),
      })),
    })),
  }));
  const data = {
    inline: view.inline,
    requirements: view.frameworks.flatMap((f) =>
      f.sections.flatMap((s) =>
        s.requirements.map((q) => ({
          key: q.key,
          anchor: q.anchor,
          framework: q.framework,
          status: q.status,
          rules: q.rules,
          text: [q.citation, q.title, q.section, q.standard, q.description, q.manual?.evidence, q.manual?.attestation?.by, q.manual?.attestation?.statement, ...q.ruleViews.flatMap((r) => [r.id, r.title])]
            .filter(Boolean)
            .join(' ')
            .toLowerCase(),
        })),
      ),
    ),
    rules: metaByRule,
    labels: STATUS_LABELS,
  };
  const js = templates.js;
  const scriptHash = createHash('sha256').update(js).digest('base64');
  return templates.page(
    {
      ...view,
      frameworks,
      title: `${document.scan.provenance?.title ?? 'Compliance evidence report'} · ${document.scan.paths.join(', ') || (document.scan.accounts ?? []).join(', ') || 'Vigil'}`,
      css: new Handlebars.SafeString(templates.css),
      js: new Handlebars.SafeString(js),
      data: new Handlebars.SafeString(scriptJson(data)),
      // Kept apart so that opening the page parses only what the filters need; the rows are
      // parsed when a requirement is first opened.
      rows: view.inline ? undefined : new Handlebars.SafeString(scriptJson(rowData)),
      csp: `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`,
    },
    { allowProtoPropertiesByDefault: false },
  );
}
