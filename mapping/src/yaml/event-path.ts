import type { CloudEventInput } from '../cloud-event-mapper.js';
import { cloudEventData, isJsonObject } from '../internal/cloud-event-data.js';

/** The value at a dotted path, or `absent` where a step is missing. */
export type PathValue = { readonly found: true; readonly value: unknown } | { readonly found: false };

const ABSENT: PathValue = { found: false };

/** `value.a.b.0.c`: object members by name, array items by index. Plain lookup, nothing evaluated. */
export function lookUp(value: unknown, steps: readonly string[]): PathValue {
  let current = value;
  for (const step of steps) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (isJsonObject(current) && Object.hasOwn(current, step)) current = current[step];
    else return ABSENT;
    if (current === undefined) return ABSENT;
  }
  return { found: true, value: current };
}

/**
 * What a template path names in a CloudEvent: `data.…` the parsed data, anything else an
 * attribute (`id`, `source`, `type`, `subject`, `time`, …) or extension.
 */
export function cloudEventPath(event: CloudEventInput, path: string): PathValue {
  const [head = '', ...rest] = path.split('.');
  if (head === 'data') {
    const data = cloudEventData(event);
    return data.ok ? lookUp(data.value, rest) : ABSENT;
  }
  const attribute: unknown = (event as unknown as Record<string, unknown>)[head];
  if (attribute === undefined || attribute === null || typeof attribute === 'function') return ABSENT;
  return lookUp(attribute, rest);
}
