import { randomUUID } from 'node:crypto';
import type { CommandEventArgs } from './publishing-command.js';

/** What a composition is made of, as `tracey composition` and `tracey artifact created --change` take it. */
export interface CompositionParts {
  readonly name: string;
  readonly version?: string | undefined;
  /** Ids of the source changes, artifacts or compositions it holds: its `ELEMENT` links. */
  readonly elements: readonly string[];
  /** Id of the composition it is the next version of (`PREVIOUS_VERSION`). */
  readonly previous?: string | undefined;
  readonly id?: string | undefined;
}

/** The EiffelCompositionDefinedEvent for `parts`, with a fixed id so another event can link to it. */
export function compositionEventArgs(parts: CompositionParts): CommandEventArgs & { readonly id: string } {
  return {
    type: 'EiffelCompositionDefinedEvent',
    id: parts.id ?? randomUUID(),
    data: { name: parts.name, ...(parts.version === undefined ? {} : { version: parts.version }) },
    links: [
      ...parts.elements.map((id) => `ELEMENT=${id}`),
      ...(parts.previous === undefined ? [] : [`PREVIOUS_VERSION=${parts.previous}`]),
    ],
  };
}

/**
 * Name and version of the composition an artifact is built from, read from its package URL:
 * `pkg:npm/%40acme/app@1.4.0` → `pkg:npm/%40acme/app`, `1.4.0` (qualifiers and subpath dropped).
 */
export function compositionNameOf(identity: string): { name: string; version?: string } {
  const plain = identity.split(/[?#]/, 1)[0] ?? identity;
  const at = plain.lastIndexOf('@');
  // An '@' before the last '/' belongs to the namespace (unencoded npm scope), not to a version.
  if (at <= plain.lastIndexOf('/')) return { name: plain };
  return { name: plain.slice(0, at), version: plain.slice(at + 1) };
}
