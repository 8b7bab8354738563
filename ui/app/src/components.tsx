import type { ComponentChildren } from 'preact';
import { ApiError } from './lib/api.js';
import { FAMILY_COLOURS, shortType, typeFamily } from './lib/format.js';
import { href, onLinkClick, type ViewName } from './lib/router.js';
import type { Loaded } from './lib/use-api.js';

/** A link to a view of the app. */
export function Link(props: {
  view: ViewName;
  params?: Record<string, string | number | undefined | null>;
  children: ComponentChildren;
  class?: string | undefined;
  /** The page being shown: marked for screen readers. */
  current?: boolean;
}) {
  return (
    <a
      href={href(props.view, props.params ?? {})}
      onClick={onLinkClick}
      class={props.class}
      aria-current={props.current === true ? 'page' : undefined}
    >
      {props.children}
    </a>
  );
}

/** An event type as a coloured badge of its family. */
export function TypeBadge({ type }: { type: string | null }) {
  return (
    <span
      class="badge"
      style={{ background: FAMILY_COLOURS[typeFamily(type)] }}
      title={type ?? 'never arrived'}
    >
      {shortType(type)}
    </span>
  );
}

/** An event id, linking to its graph. */
export function EventLink({ id }: { id: string }) {
  return (
    <Link view="graph" params={{ id }} class="mono">
      {id}
    </Link>
  );
}

/** Loading, error, or the content of a loaded answer. */
export function Answer<T>(props: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { loaded } = props;
  switch (loaded.state) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <p class="muted" role="status">
          Loading…
        </p>
      );
    case 'failed': {
      const error = loaded.error;
      return (
        <p class="error" role="alert">
          {error instanceof ApiError ? (
            <>
              <strong>{error.code}</strong>: {error.message}
            </>
          ) : (
            `The API did not answer: ${error.message}`
          )}
        </p>
      );
    }
    case 'done':
      return <>{props.children(loaded.data)}</>;
  }
}

/** A labelled form field. */
export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
      {props.hint === undefined ? null : <small class="muted">{props.hint}</small>}
    </label>
  );
}
