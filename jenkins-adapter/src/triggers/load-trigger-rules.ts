import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { TraceyError } from '@tracey/common';
import { rulesInvalid, type TriggerErrorCode } from './trigger-error.js';
import { triggerRulesFileSchema, type TriggerRule } from './trigger-rule.js';

export type RulesResult =
  | { readonly ok: true; readonly rules: readonly TriggerRule[] }
  | { readonly ok: false; readonly error: TraceyError<TriggerErrorCode> };

const MAX_FILE_BYTES = 1_048_576;

// `rules.2.action.job` → `rule 3 "deploy-tests": action.job`, the way a person finds it in the file.
function where(issue: z.core.$ZodIssue, raw: unknown): string {
  const [top, index, ...rest] = issue.path.map(String);
  if (top !== 'rules' || index === undefined)
    return issue.path.length === 0 ? '(file)' : issue.path.join('.');
  const rules = (raw as { rules?: unknown } | null)?.rules;
  const name = Array.isArray(rules)
    ? (rules[Number(index)] as { name?: unknown } | undefined)?.name
    : undefined;
  const rule = label(Number(index), name);
  return rest.length === 0 ? rule : `${rule}: ${rest.join('.')}`;
}

/**
 * Parses the text of a rules file (YAML, of which JSON is a subset) and checks every rule, and
 * that every environment variable a rule names for a secret is set in `env`.
 */
export function parseTriggerRules(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): RulesResult {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      error: rulesInvalid(file, [`(file): not YAML or JSON: ${(error as Error).message}`]),
    };
  }
  const parsed = triggerRulesFileSchema.safeParse(raw ?? {});
  // Read from the raw file, so that a missing variable is reported with the file's other problems.
  const missing = rawRules(raw).flatMap((rule, index) =>
    namedSecrets(rule.action)
      .filter(([, name]) => (env[name] ?? '') === '')
      .map(
        ([field, name]) =>
          `${label(index, rule.name)}: action.${field}: environment variable ${name} is not set`,
      ),
  );
  const reasons = [
    ...(parsed.error?.issues.map((issue) => `${where(issue, raw)}: ${issue.message}`) ?? []),
    ...missing,
  ];
  if (!parsed.success || reasons.length > 0) return { ok: false, error: rulesInvalid(file, reasons) };
  return { ok: true, rules: parsed.data.rules };
}

function rawRules(raw: unknown): { name?: unknown; action?: unknown }[] {
  const rules = (raw as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules)
    ? rules.map((rule) =>
        typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>) : {},
      )
    : [];
}

function label(index: number, name: unknown): string {
  return `rule ${index + 1}${typeof name === 'string' ? ` "${name}"` : ''}`;
}

/** The environment variables an action names for its secrets, as `[field, variable]`. */
function namedSecrets(action: unknown): [string, string][] {
  const { auth, bearerEnv } = (typeof action === 'object' && action !== null ? action : {}) as {
    auth?: unknown;
    bearerEnv?: unknown;
  };
  const found: [string, string][] = typeof bearerEnv === 'string' ? [['bearerEnv', bearerEnv]] : [];
  if (typeof auth === 'object' && auth !== null) {
    for (const field of ['userEnv', 'tokenEnv', 'passwordEnv']) {
      const name = (auth as Record<string, unknown>)[field];
      if (typeof name === 'string' && name !== '') found.push([`auth.${field}`, name]);
    }
  }
  return found;
}

/** Reads and parses a rules file; never throws for a bad file, the result says why. */
export async function loadTriggerRules(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RulesResult> {
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_FILE_BYTES)
      return { ok: false, error: rulesInvalid(file, [`(file): larger than ${MAX_FILE_BYTES} bytes`]) };
    text = buffer.toString('utf8');
  } catch (error) {
    return { ok: false, error: rulesInvalid(file, [`(file): cannot be read: ${(error as Error).message}`]) };
  }
  return parseTriggerRules(text, file, env);
}
