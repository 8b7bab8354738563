import type { CloudEventInput } from '../cloud-event-mapper.js';
import { cloudEventPath } from './event-path.js';

const TEMPLATE = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}\s]+)\s*\}\}$/;

/** A filled-in value, or the path a template named that the event does not have. */
export type FillResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly path: string; readonly reason: string };

/**
 * `value` with every `{{ path }}` in its strings replaced by what the path names in `event`: a
 * string that is one template alone takes the value as it is (a number stays a number, an object
 * an object); inside other text the value must be a string, number or boolean.
 */
export function fillTemplates(value: unknown, event: CloudEventInput): FillResult {
  if (typeof value === 'string') return fillString(value, event);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const filled = fillTemplates(item, event);
      if (!filled.ok) return filled;
      out.push(filled.value);
    }
    return { ok: true, value: out };
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const filled = fillTemplates(item, event);
      if (!filled.ok) return filled;
      out[key] = filled.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

function fillString(text: string, event: CloudEventInput): FillResult {
  const whole = WHOLE.exec(text);
  if (whole !== null) {
    const path = whole[1] ?? '';
    const found = cloudEventPath(event, path);
    return found.found ? { ok: true, value: found.value } : absent(path);
  }
  let failure: FillResult | undefined;
  const filled = text.replace(TEMPLATE, (template, path: string) => {
    const found = cloudEventPath(event, path);
    if (!found.found) failure ??= absent(path);
    else if (!['string', 'number', 'boolean'].includes(typeof found.value))
      failure ??= {
        ok: false,
        path,
        reason: `${path} is not a string, number or boolean, so it cannot be part of "${text}"`,
      };
    return found.found ? String(found.value) : template;
  });
  return failure ?? { ok: true, value: filled };
}

const absent = (path: string): FillResult => ({ ok: false, path, reason: `the CloudEvent has no ${path}` });

/** Every path the templates in `value` name, for checking a config. */
export function templatePaths(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(templatePaths);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(templatePaths);
  return [];
}
