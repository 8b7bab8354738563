/** The package URL of a container image, or why the image reference cannot be read. */
export type OciPurlResult =
  { readonly ok: true; readonly purl: string } | { readonly ok: false; readonly reason: string };

// The Docker/OCI reference grammar (distribution/reference), parts of it.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const DEFAULT_REGISTRY = 'docker.io';

// A percent-encoded purl component; in qualifier values `/` stays as the purl spec's oci examples
// write it (`repository_url=docker.io/library/debian`).
const encodeComponent = (value: string) => encodeURIComponent(value);
const encodeQualifier = (value: string) => encodeURIComponent(value).replaceAll('%2F', '/');

/**
 * The `pkg:oci` package URL of an image reference as a Kubernetes container names it, in the form
 * of the purl spec's oci examples: `ghcr.io/acme/app:1.2@sha256:abc` →
 * `pkg:oci/app@sha256%3Aabc?repository_url=ghcr.io/acme/app&tag=1.2`. The version is the digest
 * (none when the image names only a tag); `repository_url` is the full repository with Docker's
 * defaults made explicit (`nginx` is `docker.io/library/nginx`, with the tag `latest` when it names
 * neither tag nor digest).
 */
export function ociPurl(image: string): OciPurlResult {
  const [reference = '', digest, ...extra] = image.trim().split('@');
  if (extra.length > 0 || (digest !== undefined && !DIGEST.test(digest)))
    return { ok: false, reason: `"${image}" has no valid digest after its "@"` };
  const parts = reference.split('/');
  // The first part names a registry when it looks like a host: a dot, a port, or localhost.
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : DEFAULT_REGISTRY;
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  const path = hasRegistry ? parts.slice(1) : parts;
  const last = path.pop() ?? '';
  const colon = last.indexOf(':');
  const name = colon < 0 ? last : last.slice(0, colon);
  const tag = colon < 0 ? undefined : last.slice(colon + 1);
  path.push(name);
  if (registry === DEFAULT_REGISTRY && path.length === 1) path.unshift('library');
  const bad = path.find((component) => !PATH_COMPONENT.test(component));
  if (bad !== undefined)
    return { ok: false, reason: `"${image}" has an invalid repository name part "${bad}"` };
  if (tag !== undefined && !TAG.test(tag))
    return { ok: false, reason: `"${image}" has an invalid tag "${tag}"` };
  const qualifiers = [
    `repository_url=${encodeQualifier(`${registry}/${path.join('/')}`)}`,
    ...(tag !== undefined ? [`tag=${encodeQualifier(tag)}`] : digest === undefined ? ['tag=latest'] : []),
  ];
  const version = digest === undefined ? '' : `@${encodeComponent(digest)}`;
  return { ok: true, purl: `pkg:oci/${encodeComponent(name)}${version}?${qualifiers.join('&')}` };
}
