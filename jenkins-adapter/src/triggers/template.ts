import { parseEventPath, readEventPath } from '@tracey/producer-core';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** Why a template is not usable (a placeholder that is not an event path), or none. */
export function templateIssues(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].flatMap(([, path = '']) => {
    const parsed = parseEventPath(path);
    return parsed.ok ? [] : [`{{${path}}}: ${parsed.reason}`];
  });
}

export type Rendered<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function lookup(event: unknown, text: string): unknown[] {
  const parsed = parseEventPath(text);
  return parsed.ok ? readEventPath(event, parsed.path) : [];
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Fills `{{path}}` placeholders of a text from the event, e.g. `{{data.identity}}`; several
 * values (a `*` path) are joined with commas. A placeholder that reaches nothing is an error:
 * triggering a job with an empty parameter is worse than not triggering it.
 */
export function renderText(template: string, event: unknown): Rendered<string> {
  let missing: string | undefined;
  const value = template.replace(PLACEHOLDER, (_, path: string) => {
    const values = lookup(event, path);
    if (values.length === 0) missing ??= path;
    return values.map(asText).join(',');
  });
  return missing === undefined
    ? { ok: true, value }
    : { ok: false, reason: `{{${missing}}}: the event has no value there` };
}

/** Fills each of a rule's named parameter templates; the reason names the parameter. */
export function renderParameters(
  templates: Readonly<Record<string, string>>,
  event: unknown,
): Rendered<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates)) {
    const rendered = renderText(template, event);
    if (!rendered.ok) return { ok: false, reason: `parameter ${name}: ${rendered.reason}` };
    values[name] = rendered.value;
  }
  return { ok: true, value: values };
}

/**
 * Renders every string of a JSON value. A string that is exactly one placeholder takes the
 * value itself, keeping its JSON type (a number stays a number, an object stays an object).
 */
export function renderJson(template: unknown, event: unknown): Rendered<unknown> {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole?.[1] !== undefined) {
      const values = lookup(event, whole[1]);
      if (values.length === 0) return { ok: false, reason: `${template}: the event has no value there` };
      return { ok: true, value: values.length === 1 ? values[0] : values };
    }
    return renderText(template, event);
  }
  if (Array.isArray(template)) {
    const items: unknown[] = [];
    for (const item of template) {
      const rendered = renderJson(item, event);
      if (!rendered.ok) return rendered;
      items.push(rendered.value);
    }
    return { ok: true, value: items };
  }
  if (typeof template === 'object' && template !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(template)) {
      const rendered = renderJson(item, event);
      if (!rendered.ok) return rendered;
      result[key] = rendered.value;
    }
    return { ok: true, value: result };
  }
  return { ok: true, value: template };
}

/** Every unusable placeholder in the strings of a JSON value. */
export function jsonTemplateIssues(template: unknown): string[] {
  if (typeof template === 'string') return templateIssues(template);
  if (typeof template === 'object' && template !== null)
    return Object.values(template).flatMap(jsonTemplateIssues);
  return [];
}
