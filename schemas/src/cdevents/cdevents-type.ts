/** The parts of a CDEvents `context.type`. */
export interface CdEventTypeParts {
  /** `dev.cdeventsx.…`: a custom type (spec v0.4+), checked by its envelope only. */
  readonly custom: boolean;
  /** E.g. `service`, `testcaserun`; for a custom type `<tool>-<subject>`. */
  readonly subject: string;
  /** E.g. `deployed`, `finished`. */
  readonly predicate: string;
  /** The type's own version, e.g. `0.3.0` (not the spec release). */
  readonly version: string;
}

// `dev.cdevents.<subject>.<predicate>.<semver>`; custom types `dev.cdeventsx.<tool>-<subject>.<predicate>.<semver>`.
const TYPE =
  /^dev\.(cdevents|cdeventsx)\.([a-z0-9][a-z0-9-]*)\.([a-z0-9]+)\.(\d+\.\d+\.\d+(?:-[0-9a-z-]+)?)$/;

/** Splits a `context.type`, or `undefined` when it is not a CDEvents type. */
export function parseCdEventType(type: string): CdEventTypeParts | undefined {
  const match = TYPE.exec(type);
  if (match === null) return undefined;
  const [, prefix, subject, predicate, version] = match;
  return {
    custom: prefix === 'cdeventsx',
    subject: subject ?? '',
    predicate: predicate ?? '',
    version: version ?? '',
  };
}

/**
 * The AMQP routing key of a CDEvent: `cdevents.<subject>.<predicate>.<type version>` (the version's
 * dots make it three words: `cdevents.service.deployed.0.3.0`), custom types under `cdeventsx.`.
 * Bind `cdevents.#` for every CDEvent, `cdevents.service.#` for one subject,
 * `cdevents.*.deployed.#` for one predicate. A type that is not a CDEvents type (only possible for
 * an event whose envelope failed) gets `cdevents._._`.
 */
export function cdeventsRoutingKey(type: string): string {
  const parts = parseCdEventType(type);
  if (parts === undefined) return 'cdevents._._';
  return `${parts.custom ? 'cdeventsx' : 'cdevents'}.${parts.subject}.${parts.predicate}.${parts.version}`;
}

// Subjects whose one lowercase word is several (the v0.3 schemas spell them in camel case).
const SUBJECT_WORDS: Readonly<Record<string, string>> = {
  pipelinerun: 'PipelineRun',
  taskrun: 'TaskRun',
  testcaserun: 'TestCaseRun',
  testsuiterun: 'TestSuiteRun',
  testoutput: 'TestOutput',
};

const capitalized = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/**
 * The graph label of a CDEvents type, the same for every version of it: `CD` + subject +
 * predicate, e.g. `CDServiceDeployed`, `CDTestCaseRunFinished`. `undefined` for a custom type or
 * what is not a CDEvents type: those are stored under `:Event` alone.
 */
export function cdeventsTypeLabel(type: string): string | undefined {
  const parts = parseCdEventType(type);
  if (parts === undefined || parts.custom) return undefined;
  return `CD${SUBJECT_WORDS[parts.subject] ?? capitalized(parts.subject)}${capitalized(parts.predicate)}`;
}
