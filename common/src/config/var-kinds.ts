import { accessSync, constants } from 'node:fs';
import { z } from 'zod';
import { envVar, type EnvVar } from './env-var.js';

// Builders for the kinds of variable Tracey reads; each message names what was expected and
// what was found, so the config error alone tells the user how to fix it.

/** Free text with a default, or required when `fallback` is undefined. */
export function textVar(name: string, fallback: string | undefined, description: string): EnvVar<string> {
  const schema =
    fallback === undefined
      ? z.string({ error: () => 'is required' }).min(1, 'is required')
      : z.string().default(fallback);
  return envVar(name, schema, description);
}

/** A secret: never logged or echoed; optional when `fallback` is undefined. */
export function secretVar(
  name: string,
  fallback: string | undefined,
  description: string,
): EnvVar<string | undefined> {
  const schema = fallback === undefined ? z.string().optional() : z.string().default(fallback);
  return envVar(name, schema, description, { secret: true });
}

/** A URL whose scheme is one of `protocols` (without the colon). */
export function urlVar(
  name: string,
  fallback: string,
  protocols: readonly string[],
  description: string,
): EnvVar<string> {
  const schema = z
    .string()
    .default(fallback)
    .refine((text) => URL.canParse(text), { error: 'must be a URL', abort: true })
    .refine((text) => protocols.includes(new URL(text).protocol.replace(/:$/, '')), {
      error: `must use one of the schemes ${protocols.map((p) => `${p}://`).join(', ')}`,
    });
  return envVar(name, schema, description);
}

/**
 * A comma-separated list of URLs (a cluster's nodes), each of one of `protocols`; the text as
 * given, read with `brokerUrls`.
 */
export function urlListVar(
  name: string,
  fallback: string,
  protocols: readonly string[],
  description: string,
): EnvVar<string> {
  const items = (text: string) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const schema = z
    .string()
    .default(fallback)
    .refine((text) => items(text).length > 0, { error: 'must name at least one URL', abort: true })
    .refine((text) => items(text).every((item) => URL.canParse(item)), {
      error: 'must be a URL or a comma-separated list of URLs',
      abort: true,
    })
    .refine(
      (text) => items(text).every((item) => protocols.includes(new URL(item).protocol.replace(/:$/, ''))),
      {
        error: `must use one of the schemes ${protocols.map((p) => `${p}://`).join(', ')}`,
      },
    );
  return envVar(name, schema, description);
}

/** An integer within bounds. */
export function intVar(
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
  description: string,
): EnvVar<number> {
  const expected = `must be an integer from ${bounds.min} to ${bounds.max}`;
  const schema = z
    .string()
    .default(String(fallback))
    .refine((text) => /^\d+$/.test(text.trim()), {
      error: (issue) => `${expected}, got "${String(issue.input)}"`,
      abort: true,
    })
    .transform((text) => Number(text))
    .refine((value) => value >= bounds.min && value <= bounds.max, {
      error: (issue) => `${expected}, got ${String(issue.input)}`,
    });
  return envVar(name, schema, description);
}

/** A TCP port. */
export function portVar(name: string, fallback: number, description: string): EnvVar<number> {
  return intVar(name, fallback, { min: 1, max: 65535 }, description);
}

/** A comma-separated list of non-empty items. */
export function listVar(
  name: string,
  fallback: readonly string[],
  description: string,
): EnvVar<readonly string[]> {
  const schema = z
    .string()
    .default(fallback.join(','))
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .refine((items) => items.length > 0, { error: 'must list at least one item' });
  return envVar(name, schema, description);
}

/** One of a fixed set of words. */
export function enumVar<const T extends readonly [string, ...string[]]>(
  name: string,
  fallback: T[number],
  values: T,
  description: string,
): EnvVar<T[number]> {
  const schema = z
    .string()
    .default(fallback)
    .refine((text): text is T[number] => (values as readonly string[]).includes(text), {
      error: (issue) => `must be one of ${values.join(', ')}, got "${String(issue.input)}"`,
    });
  return envVar(name, schema as z.ZodType<T[number]>, description);
}

/** A secret the process cannot run without (e.g. the token that guards write endpoints). */
export function requiredSecretVar(name: string, description: string): EnvVar<string> {
  const schema = z.string({ error: () => 'is required' }).min(1, 'is required');
  return envVar(name, schema, description, { secret: true });
}

/** A file the process reads (a certificate, a key): optional; when set, it must be readable now. */
export function fileVar(name: string, description: string): EnvVar<string | undefined> {
  const schema = z
    .string()
    .optional()
    .transform((path, context) => {
      if (path === undefined || path === '') return undefined;
      try {
        accessSync(path, constants.R_OK);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        });
        return z.NEVER;
      }
      return path;
    });
  return envVar(name, schema, description);
}
