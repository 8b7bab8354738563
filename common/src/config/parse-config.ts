import type { EnvVar } from './env-var.js';

/** A service's configuration: camelCase keys mapped to the variables they come from. */
export type ConfigSpec = Readonly<Record<string, EnvVar<unknown>>>;

export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

export type ConfigResult<T> =
  { readonly ok: true; readonly config: T } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Parses every variable of `spec` from `env` and reports every bad one at once, so a user
 * fixes their environment in one pass. Empty strings count as unset (compose `.env` files).
 */
export function parseConfig<S extends ConfigSpec>(
  spec: S,
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<ConfigOf<S>> {
  const config: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, variable] of Object.entries(spec)) {
    const raw = env[variable.name];
    const result = variable.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) {
      config[key] = result.data;
    } else {
      const reasons = result.error.issues.map((issue) => issue.message).join('; ');
      issues.push({ variable: variable.name, message: reasons });
    }
  }
  return issues.length === 0 ? { ok: true, config: config as ConfigOf<S> } : { ok: false, issues };
}

/** The variable names a spec reads, for docs and for checking deployment files. */
export function configVariables(spec: ConfigSpec): readonly string[] {
  return Object.values(spec).map((variable) => variable.name);
}

/** One readable message listing every bad variable and why. */
export function formatConfigIssues(service: string, issues: readonly ConfigIssue[]): string {
  return `${service}: ${describeConfigIssues(issues)}`;
}

/** The same without the service's name, for callers that prefix every message with it already. */
export function describeConfigIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  ${issue.variable}: ${issue.message}`);
  return `invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'})\n${lines.join('\n')}`;
}
