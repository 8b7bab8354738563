import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';

// Checks a service's answers against its own OpenAPI document: each answer's status has a
// response schema, the body validates against it, and the body on the wire is the value the
// handler answered (serializing from the schema left nothing out and changed nothing).

/** What this needs of an OpenAPI 3 document. */
export interface OpenApiDocument {
  readonly paths: Readonly<
    Record<
      string,
      Readonly<
        Record<
          string,
          {
            readonly responses?: Readonly<
              Record<string, { readonly content?: Readonly<Record<string, { readonly schema?: unknown }>> }>
            >;
          }
        >
      >
    >
  >;
}

/** What this needs of an answer of `app.inject()`. */
export interface InjectedAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body: string;
}

/** What this needs of a fastify app: its `preSerialization` hook. */
export interface HookedApp {
  addHook(
    name: 'preSerialization',
    hook: (
      request: unknown,
      reply: unknown,
      payload: unknown,
      done: (error: null, payload: unknown) => void,
    ) => void,
  ): unknown;
}

/** The OpenAPI path of a fastify route: `/events/:id` → `/events/{id}`. */
export function openApiPath(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}');
}

/**
 * Records what each handler answers before it is serialized, so {@link DocumentedAnswers.check}
 * can compare it with the wire. Install before the app is ready; requests one at a time.
 */
export class AnswerRecorder {
  #last: unknown;

  constructor(app: HookedApp) {
    app.addHook('preSerialization', (_request, _reply, payload, done) => {
      this.#last = payload;
      done(null, payload);
    });
  }

  /** What the last serialized answer was before serialization, and forgets it. */
  take(): unknown {
    const last = this.#last;
    this.#last = undefined;
    return last;
  }
}

export class DocumentedAnswers {
  readonly #document: OpenApiDocument;
  readonly #ajv = new Ajv({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #checked = new Set<string>();
  #compared = 0;

  constructor(document: OpenApiDocument) {
    this.#document = document;
  }

  /** `METHOD /path` of every documented operation. */
  get operations(): string[] {
    return Object.entries(this.#document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  /** The statuses an operation documents with a response schema. */
  statuses(operation: string): string[] {
    const [method = '', path = ''] = operation.split(' ');
    const responses = this.#document.paths[path]?.[method.toLowerCase()]?.responses ?? {};
    return Object.keys(responses).filter((status) =>
      Object.values(responses[status]?.content ?? {}).some((media) => media.schema !== undefined),
    );
  }

  /** Answers compared with what their handler answered (through an {@link AnswerRecorder}). */
  get compared(): number {
    return this.#compared;
  }

  /** `METHOD /path status` of every answer checked so far. */
  get checked(): ReadonlySet<string> {
    return this.#checked;
  }

  /**
   * Checks one answer of `route` (`GET /events/:id`): its status is documented with a schema,
   * its body validates against it, and (with `recorder`) it is what the handler answered.
   */
  check(route: string, answer: InjectedAnswer, recorder?: AnswerRecorder): void {
    const [method = '', url = ''] = route.split(' ');
    const operation = `${method} ${openApiPath(url)}`;
    const where = `${route} ${answer.statusCode}`;
    const raw = recorder?.take();
    const responses = this.#document.paths[openApiPath(url)]?.[method.toLowerCase()]?.responses ?? {};
    const mediaType = String(answer.headers['content-type']).split(';')[0]?.trim() ?? '';
    const schema = responses[String(answer.statusCode)]?.content?.[mediaType]?.schema;
    expect(
      schema,
      `${where}: no ${mediaType} response schema in the OpenAPI document (${answer.body})`,
    ).toBeDefined();
    const key = `${operation} ${answer.statusCode}`;
    this.#checked.add(key);
    // Text (Prometheus metrics) is a string, as documented: nothing more to check.
    if (mediaType !== 'application/json') return;
    const body: unknown = JSON.parse(answer.body);
    let validate = this.#validators.get(key);
    if (validate === undefined) {
      validate = this.#ajv.compile(schema as object);
      this.#validators.set(key, validate);
    }
    expect(validate(body) ? [] : validate.errors, `${where}: ${answer.body.slice(0, 500)}`).toEqual([]);
    // Sent as JSON text (stored events) or an error the framework made: nothing was serialized.
    if (raw !== undefined && typeof raw !== 'string') {
      expect(body, `${where}: the wire differs from what the handler answered`).toEqual(
        JSON.parse(JSON.stringify(raw)),
      );
      this.#compared += 1;
    }
  }
}
