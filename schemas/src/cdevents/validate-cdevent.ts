import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { CDEVENTS_SCHEMA_SETS, type CdeventsSchemaSet } from '../generated/cdevents-schemas.js';
import { describe, errorMap, formatPath, toValidationIssues } from '../internal/format-issues.js';
import type { ExplainedParseResult, ValidationIssue, ValidationIssueCode } from '../protocol.js';
import type { CdEvent } from './cdevent.js';
import { parseCdEventType } from './cdevents-type.js';

/** The outcome of validating one CDEvent. */
export type CdEventParseResult = ExplainedParseResult<CdEvent>;

/** The CDEvents releases whose every event type is validated against its official schema. */
export const CDEVENTS_SPEC_VERSIONS: readonly string[] = CDEVENTS_SCHEMA_SETS.map((set) => set.specVersion);

const releaseOfType = new Map<string, CdeventsSchemaSet>(
  CDEVENTS_SCHEMA_SETS.flatMap((set) => Object.keys(set.events).map((type) => [type, set] as const)),
);

/**
 * The release (e.g. `0.5.1`) whose schemas define `type`, or `undefined` for a custom type or one
 * of a release this package has no schema of. A type version belongs to one release.
 */
export function cdeventsReleaseOfType(type: string): string | undefined {
  return releaseOfType.get(type)?.specVersion;
}

/** Every event type of every release this package has the schema of. */
export const CDEVENTS_EVENT_TYPES: readonly string[] = [...releaseOfType.keys()].sort();

/** What is checked of every CDEvent, known type or not. */
const envelopeSchema = z.looseObject({
  context: z.looseObject({
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().regex(/^dev\.cdeventsx?\./),
    timestamp: z.iso.datetime({ offset: true }),
    specversion: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
  }),
  subject: z.looseObject({ id: z.string().min(1), content: z.looseObject({}) }),
});

// One Ajv for all releases (their schemas' `$id`s differ); each type compiled on first use:
// compiling all 129 up front would cost startup time for types a deployment never sees.
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorOf(type: string, set: CdeventsSchemaSet): ValidateFunction {
  let validate = validators.get(type);
  if (validate === undefined) {
    if (ajv === undefined) {
      // verbose: errors carry the offending value, for messages that show it.
      ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
      addFormats.default(ajv);
      for (const release of CDEVENTS_SCHEMA_SETS) for (const shared of release.shared) ajv.addSchema(shared);
    }
    validate = ajv.compile(set.events[type] ?? {});
    validators.set(type, validate);
  }
  return validate;
}

/** `/context/links/0/from` → `["context", "links", 0, "from"]`. */
function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function issueOf(error: ErrorObject): ValidationIssue {
  const path = pathOf(error.instancePath);
  const got = describe(error.data);
  const params = error.params as Record<string, unknown>;
  const issue = (code: ValidationIssueCode, message: string, at = path): ValidationIssue => ({
    path: formatPath(at),
    code,
    message,
  });
  switch (error.keyword) {
    case 'required':
      return issue('required', 'is required', [...path, String(params['missingProperty'])]);
    case 'additionalProperties':
      return issue('unknown_member', 'is not a member the schema allows', [
        ...path,
        String(params['additionalProperty']),
      ]);
    case 'type':
      return issue('type', `must be ${String(params['type'])}, got ${got}`);
    case 'enum':
      return issue(
        'enum',
        `must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}; got ${got}`,
      );
    case 'const':
      return issue('enum', `must be ${String(params['allowedValue'])}; got ${got}`);
    case 'format':
      return issue('pattern', `must be a ${String(params['format'])}; got ${got}`);
    case 'pattern':
      return issue('pattern', `must match ${String(params['pattern'])}; got ${got}`);
    case 'minLength':
      return issue('invalid', `must not be shorter than ${String(params['limit'])}; got ${got}`);
    case 'oneOf':
    case 'anyOf':
      return issue('invalid', `must be one of the forms the schema allows; got ${got}`);
    default:
      return issue('invalid', `${error.message ?? 'is invalid'}; got ${got}`);
  }
}

/**
 * Ajv's errors as validation issues. Of a `oneOf`/`anyOf` that failed only the summary is kept:
 * each branch's own complaint ("must be object", "must be string") says less than it does.
 */
function issuesOf(errors: readonly ErrorObject[]): ValidationIssue[] {
  const alternatives = errors
    .filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf')
    .map((error) => `${error.schemaPath}/`);
  return errors
    .filter((error) => !alternatives.some((prefix) => error.schemaPath.startsWith(prefix)))
    .map(issueOf);
}

function validateEnvelope(input: unknown, reason: string): CdEventParseResult {
  const result = envelopeSchema.safeParse(input, { error: errorMap });
  if (!result.success) return { ok: false, errors: toValidationIssues(result.error.issues) };
  return { ok: true, verified: false, event: input as CdEvent, reason };
}

/** The type an input claims and the release it declares, with the field it declares it in. */
function head(
  input: unknown,
): { type: string; specVersion?: { field: 'specversion' | 'version'; value: string } } | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const context = (input as { context?: unknown }).context;
  if (typeof context !== 'object' || context === null) return undefined;
  const { type, specversion, version } = context as Record<string, unknown>;
  if (typeof type !== 'string') return undefined;
  if (typeof specversion === 'string')
    return { type, specVersion: { field: 'specversion', value: specversion } };
  if (typeof version === 'string') return { type, specVersion: { field: 'version', value: version } };
  return { type };
}

const majorMinor = (version: string) => version.split('.').slice(0, 2).join('.');

/**
 * Validates `input` against the official JSON Schema of its `context.type`. The type names its
 * release (type versions are not shared between releases), whose schema then requires that
 * release's context: `specversion` from v0.5, `version` before. The release the event declares
 * must be the type's (any patch). A custom type (`dev.cdeventsx.…`) or a type of a release this
 * package does not have is accepted as unverified when its envelope is valid.
 */
export function validateCdEvent(input: unknown): CdEventParseResult {
  const declared = head(input);
  if (declared === undefined) return validateEnvelope(input, 'no context.type');
  const parts = parseCdEventType(declared.type);
  const set = releaseOfType.get(declared.type);
  if (parts === undefined || set === undefined) {
    const reason =
      parts?.custom === true
        ? `custom type ${declared.type}`
        : `type ${declared.type} is not one of CDEvents ${CDEVENTS_SPEC_VERSIONS.join(', ')}`;
    return validateEnvelope(input, reason);
  }
  const validate = validatorOf(declared.type, set);
  const errors = validate(input) ? [] : issuesOf(validate.errors ?? []);
  // Reported on the field the event declares its release in.
  const release = declared.specVersion;
  if (release !== undefined && majorMinor(release.value) !== majorMinor(set.specVersion)) {
    errors.push({
      path: `context.${release.field}`,
      code: 'enum',
      message: `must be a ${majorMinor(set.specVersion)}.x release, the release of ${declared.type}; got ${describe(release.value)}`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, verified: true, event: input as CdEvent };
}
