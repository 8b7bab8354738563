/** One `--set` assignment: where, and the value (JSON when it parses as JSON, else the text). */
export interface Assignment {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/**
 * Parses `data.a.b[0].c=value`; `undefined` when there is no `=` or the path is empty.
 * `value` is read as JSON when it is JSON (`42`, `true`, `["x"]`, `"quoted"`), else as text.
 */
export function parseAssignment(text: string): Assignment | undefined {
  const equals = text.indexOf('=');
  if (equals <= 0) return undefined;
  const pathText = text.slice(0, equals).trim();
  const raw = text.slice(equals + 1);
  const path: (string | number)[] = [];
  for (const part of pathText.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null || (match[1] === '' && match[2] === '')) return undefined;
    if (match[1] !== '') path.push(/^\d+$/.test(match[1] ?? '') ? Number(match[1]) : (match[1] ?? ''));
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return { path, value: parseValue(raw) };
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Sets `value` at `path` inside `target`, creating objects and arrays on the way. */
export function setPath(
  target: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
): void {
  let node: Record<string | number, unknown> = target;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) {
      const created = (typeof path[index + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
      node[key] = created;
      node = created;
    } else {
      node = next as Record<string | number, unknown>;
    }
  }
}
