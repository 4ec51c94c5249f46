/**
 * The anchor of a requirement, stable across reports and versions: the framework and the citation
 * with its parentheses as dashes (`hipaa` 164.312(a)(2)(iv) is `hipaa-164.312-a-2-iv`, `gdpr`
 * Art. 32(1)(b) is `gdpr-art-32-1-b`), so links from other documents keep working.
 */
export function requirementAnchor(framework: string, citation: string): string {
  const slug = citation
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.(?=-|$)/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${framework.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${slug}`;
}
