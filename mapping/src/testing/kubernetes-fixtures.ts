import { readFileSync } from 'node:fs';

/** The Knative ApiServerSource CloudEvents of `mapping/fixtures/kubernetes` (README there). */
export const KUBERNETES_FIXTURES = [
  'deployment-add',
  'deployment-update-image',
  'deployment-update-status-only',
] as const;

/**
 * One of the fixtures: a CloudEvent in its JSON form (attributes and `data`), a new copy each call.
 * Read from the package's `fixtures/`, the same path from `src/testing` and `dist/testing`.
 */
export function kubernetesFixture(name: (typeof KUBERNETES_FIXTURES)[number]): Record<string, unknown> {
  const url = new URL(`../../fixtures/kubernetes/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
