import type { z } from 'zod';

/**
 * One environment variable a service reads: its name, how its text becomes a value, and the
 * words that go into the configuration table of the README.
 */
export interface EnvVar<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  readonly description: string;
  /** Shown in docs instead of the value; the value itself is never logged. */
  readonly secret: boolean;
}

/** Declares a variable. `schema` receives the raw text, or `undefined` when unset or empty. */
export function envVar<T>(
  name: string,
  schema: z.ZodType<T>,
  description: string,
  options: { secret?: boolean } = {},
): EnvVar<T> {
  if (!/^TRACEY_[A-Z0-9_]+$/.test(name)) {
    throw new Error(`environment variable names start with TRACEY_: got ${name}`);
  }
  return { name, schema, description, secret: options.secret ?? false };
}
