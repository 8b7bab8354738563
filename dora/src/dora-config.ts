import { readFileSync } from 'node:fs';
import { TraceyError } from '@tracey/common';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DORA_ERROR_CODES } from './dora-error.js';

const DAY_MS = 86_400_000;

/** A team and the services it owns. */
export interface DoraTeam {
  readonly name: string;
  readonly services: readonly string[];
}

/** What counts as what, parsed once at start (docs/dora.md#configuration). */
export interface DoraConfig {
  /** Environments that are production, tested against the environment id. Default `^(prod|production)$`, any case. */
  readonly production: RegExp;
  /** Eiffel activities (`EiffelActivityTriggeredEvent` `name`) that are deployments. Default: containing `deploy`, any case. */
  readonly deployActivity: RegExp;
  /** How far back the first deployment of a service to an environment looks for its changes. Default 30 days. */
  readonly seedWindowMs: number;
  /** How long after a deployment an incident of its service and environment is put on it. Default 7 days. */
  readonly incidentWindowMs: number;
  readonly teams: readonly DoraTeam[];
}

const pattern = z.string().refine(
  (text) => {
    try {
      new RegExp(text, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is no valid regular expression' },
);
const days = z.number().positive().max(3650);
const team = z.strictObject({
  name: z.string().min(1),
  services: z.array(z.string().min(1)).default([]),
  // Team entries of other tools carry more (members, a description): accepted and ignored.
  members: z.unknown().optional(),
  description: z.unknown().optional(),
});
const fileSchema = z.strictObject({
  productionEnvironments: pattern.default('^(prod|production)$'),
  deployActivityPattern: pattern.default('deploy'),
  seedWindowDays: days.default(30),
  incidentWindowDays: days.default(7),
  teams: z.array(team).default([]),
});

/** The configuration without a file. */
export const DEFAULT_DORA_CONFIG: DoraConfig = toConfig(fileSchema.parse({}));

function toConfig(file: z.output<typeof fileSchema>): DoraConfig {
  return {
    production: new RegExp(file.productionEnvironments, 'i'),
    deployActivity: new RegExp(file.deployActivityPattern, 'i'),
    seedWindowMs: file.seedWindowDays * DAY_MS,
    incidentWindowMs: file.incidentWindowDays * DAY_MS,
    teams: file.teams.map(({ name, services }) => ({ name, services })),
  };
}

/**
 * Parses a config file's text (YAML, of which JSON is a part) named `file` in messages.
 * @throws DORA_CONFIG_INVALID naming every bad field, e.g. `dora.yaml: seedWindowDays: …`
 */
export function parseDoraConfig(text: string, file: string): DoraConfig {
  let value: unknown;
  try {
    value = parseYaml(text) ?? {};
  } catch (error) {
    throw new TraceyError(DORA_ERROR_CODES.configInvalid, `${file}: not YAML or JSON: ${String(error)}`, {
      cause: error,
      details: { file },
    });
  }
  const result = fileSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(root)',
      message: issue.message,
    }));
    throw new TraceyError(
      DORA_ERROR_CODES.configInvalid,
      issues.map((issue) => `${file}: ${issue.field}: ${issue.message}`).join('; '),
      { details: { file, issues } },
    );
  }
  const names = new Set<string>();
  for (const [index, { name }] of result.data.teams.entries()) {
    if (names.has(name)) {
      throw new TraceyError(
        DORA_ERROR_CODES.configInvalid,
        `${file}: teams.${index}.name: "${name}" is used twice`,
        {
          details: { file, issues: [{ field: `teams.${index}.name`, message: 'used twice' }] },
        },
      );
    }
    names.add(name);
  }
  return toConfig(result.data);
}

/**
 * The config of the file `path` names, or the defaults when `path` is undefined or empty.
 * @throws DORA_CONFIG_UNREADABLE when the file cannot be read, DORA_CONFIG_INVALID when it is wrong
 */
export function loadDoraConfig(path: string | undefined): DoraConfig {
  if (path === undefined || path === '') return DEFAULT_DORA_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TraceyError(DORA_ERROR_CODES.configUnreadable, `${path}: cannot be read: ${String(error)}`, {
      cause: error,
      details: { file: path },
    });
  }
  return parseDoraConfig(text, path);
}
