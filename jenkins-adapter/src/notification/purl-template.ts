/** Placeholders a purl template may use, and what each stands for. */
export const PURL_PLACEHOLDERS = {
  job: 'the job name, folders as path segments (e.g. team/app-build)',
  file: 'the artifact file name without directories (app-1.4.0.tgz)',
  path: 'the artifact path relative to the archive, as segments (dist/app-1.4.0.tgz)',
  build: 'the build number',
} as const;

export type PurlPlaceholder = keyof typeof PURL_PLACEHOLDERS;

/** The default identity of an archived artifact. */
export const DEFAULT_PURL_TEMPLATE = 'pkg:generic/{job}/{file}@{build}';

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Every reason `template` is not a usable purl template; empty when it is. */
export function purlTemplateIssues(template: string): string[] {
  const issues: string[] = [];
  if (!template.startsWith('pkg:')) issues.push('must start with "pkg:"');
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!Object.hasOwn(PURL_PLACEHOLDERS, name)) {
      issues.push(
        `unknown placeholder {${name}}: use ${Object.keys(PURL_PLACEHOLDERS)
          .map((p) => `{${p}}`)
          .join(', ')}`,
      );
    }
  }
  return issues;
}

// Each segment is percent-encoded as purl asks; '/' between segments stays a separator.
const segments = (text: string): string =>
  text
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => encodeURIComponent(segment))
    .join('/');

/**
 * The purl of one artifact: `template` with its placeholders replaced by percent-encoded values.
 * The template was checked with {@link purlTemplateIssues} when the configuration was read.
 */
export function renderPurl(template: string, values: Readonly<Record<PurlPlaceholder, string>>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) =>
    Object.hasOwn(values, name) ? segments(values[name as PurlPlaceholder]) : '',
  );
}
