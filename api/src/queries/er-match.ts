import type { FilterCondition } from './er-filter.js';

/** An array's items, or the value alone. */
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [value];
}

/**
 * The values at `path` in `value`, stepping into arrays on the way and at the end as the Event
 * Repository's MongoDB does: `data.customData.key` reaches the `key` of every `customData` item,
 * `meta.tags` every tag.
 */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [value];
  for (const key of path) {
    const next: unknown[] = [];
    for (const item of current.flatMap(items)) {
      if (typeof item === 'object' && item !== null && Object.hasOwn(item, key)) {
        next.push((item as Record<string, unknown>)[key]);
      }
    }
    current = next;
  }
  return current.flatMap(items);
}

function present(value: unknown, path: readonly string[]): boolean {
  let current: unknown[] = [value];
  for (const key of path) {
    current = current
      .flatMap(items)
      .filter((item) => typeof item === 'object' && item !== null && Object.hasOwn(item, key))
      .map((item) => (item as Record<string, unknown>)[key]);
  }
  return current.length > 0;
}

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/** `candidate` equals the query text: as text, as a number, as `true`/`false`, or as `null`. */
function equals(candidate: unknown, text: string, cast: FilterCondition['cast']): boolean {
  if (cast !== undefined) return typeof candidate === 'number' && candidate === Number(text);
  if (typeof candidate === 'string') return candidate === text;
  if (typeof candidate === 'number') return isNumeric(text) && candidate === Number(text);
  if (typeof candidate === 'boolean') return String(candidate) === text;
  return candidate === null && text === 'null';
}

/** -1, 0, 1, or undefined when the two cannot be ordered (numbers as numbers, text as text). */
function order(candidate: unknown, text: string, cast: FilterCondition['cast']): number | undefined {
  if (typeof candidate === 'number' && (cast !== undefined || isNumeric(text))) {
    return Math.sign(candidate - Number(text));
  }
  if (cast === undefined && typeof candidate === 'string') {
    return candidate < text ? -1 : candidate > text ? 1 : 0;
  }
  return undefined;
}

const COMPARISONS: Readonly<Record<string, (sign: number) => boolean>> = {
  '<': (sign) => sign < 0,
  '<=': (sign) => sign <= 0,
  '>': (sign) => sign > 0,
  '>=': (sign) => sign >= 0,
};

/**
 * Whether an event (its JSON value) meets a condition. A condition on a field holding several
 * values (an array) holds when one of them meets it; `!=` when none equals; a missing field
 * meets only `!=` and `missing`.
 */
export function meetsCondition(event: unknown, condition: FilterCondition): boolean {
  const { op, path, value, cast } = condition;
  if (op === 'exists') return present(event, path);
  if (op === 'missing') return !present(event, path);
  const candidates = valuesAt(event, path);
  if (op === '=') return candidates.some((c) => equals(c, value, cast));
  if (op === '!=') return !candidates.some((c) => equals(c, value, cast));
  if (op === '~') {
    const { regex } = condition;
    return regex !== undefined && candidates.some((c) => typeof c === 'string' && regex.test(c));
  }
  const test = COMPARISONS[op];
  return (
    test !== undefined &&
    candidates.some((c) => {
      const sign = order(c, value, cast);
      return sign !== undefined && test(sign);
    })
  );
}
