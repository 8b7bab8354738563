import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { TraceyError } from '@tracey/common';
import type { Input } from './input.js';
import type { Output } from './output.js';
import { PRODUCER_ERROR_CODES } from './producer-error.js';
import type { ProducerLogger } from './producer-logger.js';

/** Configuration of one output or input: a union keyed by `type`, options beside it. */
export interface PartConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/** What factories receive besides their own options. */
export interface PartContext {
  readonly logger?: ProducerLogger;
}

export type OutputFactory = (config: PartConfig, context: PartContext) => Output | Promise<Output>;
export type InputFactory = (config: PartConfig, context: PartContext) => Input | Promise<Input>;

/**
 * What a plug-in package exports, as `default` or as `traceyPlugin`: outputs and inputs by type
 * name. A plug-in needs no change to producer-core, only to be installed and named.
 */
export interface TraceyPlugin {
  readonly name: string;
  readonly outputs?: Readonly<Record<string, OutputFactory>>;
  readonly inputs?: Readonly<Record<string, InputFactory>>;
}

/** Outputs and inputs by type name, extended by plug-ins loaded by package name. */
export class ProducerRegistry {
  readonly #outputs = new Map<string, OutputFactory>();
  readonly #inputs = new Map<string, InputFactory>();

  registerOutput(type: string, factory: OutputFactory): this {
    this.#outputs.set(type, factory);
    return this;
  }

  registerInput(type: string, factory: InputFactory): this {
    this.#inputs.set(type, factory);
    return this;
  }

  /** Registers everything a plug-in provides; a later registration of a type wins. */
  use(plugin: TraceyPlugin): this {
    for (const [type, factory] of Object.entries(plugin.outputs ?? {})) this.registerOutput(type, factory);
    for (const [type, factory] of Object.entries(plugin.inputs ?? {})) this.registerInput(type, factory);
    return this;
  }

  outputTypes(): string[] {
    return [...this.#outputs.keys()];
  }

  inputTypes(): string[] {
    return [...this.#inputs.keys()];
  }

  /** @throws TraceyError `PRODUCER_UNKNOWN_PART` when no factory has `config.type`. */
  async createOutput(config: PartConfig, context: PartContext = {}): Promise<Output> {
    return await lookup(this.#outputs, 'output', config.type)(config, context);
  }

  /** @throws TraceyError `PRODUCER_UNKNOWN_PART` when no factory has `config.type`. */
  async createInput(config: PartConfig, context: PartContext = {}): Promise<Input> {
    return await lookup(this.#inputs, 'input', config.type)(config, context);
  }

  /**
   * Imports the npm package `specifier` as it resolves from the directory `from` (default: the
   * working directory, where a project installs its plug-ins) and registers its plug-in.
   * @throws TraceyError `PRODUCER_PLUGIN_INVALID` when it cannot be imported or exports no plug-in.
   */
  async loadPlugin(specifier: string, from: string = process.cwd()): Promise<TraceyPlugin> {
    let module: Record<string, unknown>;
    try {
      const resolved = createRequire(`${from}/package.json`).resolve(specifier);
      module = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
    } catch (cause) {
      throw new TraceyError(
        PRODUCER_ERROR_CODES.pluginInvalid,
        `cannot load plug-in ${specifier} from ${from}`,
        {
          details: { plugin: specifier },
          cause,
        },
      );
    }
    const plugin = module['traceyPlugin'] ?? module['default'];
    if (!isPlugin(plugin)) {
      throw new TraceyError(
        PRODUCER_ERROR_CODES.pluginInvalid,
        `${specifier} exports no Tracey plug-in (a default or traceyPlugin export with name, outputs, inputs)`,
        { details: { plugin: specifier } },
      );
    }
    this.use(plugin);
    return plugin;
  }
}

function lookup<F>(factories: ReadonlyMap<string, F>, kind: string, type: string): F {
  const factory = factories.get(type);
  if (factory === undefined) {
    const known = [...factories.keys()].join(', ');
    throw new TraceyError(
      PRODUCER_ERROR_CODES.unknownPart,
      `no ${kind} "${type}" (known: ${known || 'none'})`,
      {
        details: { kind, type },
      },
    );
  }
  return factory;
}

function isPlugin(value: unknown): value is TraceyPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const { name, outputs, inputs } = value as Record<string, unknown>;
  const isTable = (table: unknown): boolean =>
    table === undefined ||
    (typeof table === 'object' &&
      table !== null &&
      Object.values(table).every((f) => typeof f === 'function'));
  return typeof name === 'string' && isTable(outputs) && isTable(inputs);
}
