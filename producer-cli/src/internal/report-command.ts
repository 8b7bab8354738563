import { Flags } from '@oclif/core';
import { apiClientFor, type ApiClient } from './api-client.js';
import { TraceyCommand } from './tracey-command.js';

/**
 * The base of the commands that ask the query API for a report: a client for `TRACEY_API_URL`,
 * and output as a readable tree on a terminal, JSON otherwise (pipes, files) or with `--json`.
 */
export abstract class ReportCommand extends TraceyCommand {
  static override enableJsonFlag = true;
  #terminal = false;
  #api: ApiClient | undefined;

  protected override async init(): Promise<void> {
    await super.init();
    this.#terminal = process.stdout.isTTY === true;
  }

  /** The query API client (`TRACEY_API_URL`, `TRACEY_API_TOKEN`). */
  protected get api(): ApiClient {
    this.#api ??= apiClientFor(this.settings);
    return this.#api;
  }

  /**
   * Prints `value`: `render`'s lines on a terminal, indented JSON elsewhere; with `--json` oclif
   * prints the returned value itself.
   */
  protected present<T>(value: T, render: (value: T) => readonly string[]): T {
    if (this.jsonEnabled()) return value;
    if (this.#terminal) for (const line of render(value)) this.log(line);
    else this.log(JSON.stringify(value, null, 2));
    return value;
  }
}

/** The bounds both trace reports take, passed to the API as `maxDepth` and `limit`. */
export const traceBoundFlags = {
  'max-depth': Flags.integer({
    description:
      'longest chain of links to follow (default: every chain to its end); a report with links past it is refused, never cut short',
    min: 1,
  }),
  limit: Flags.integer({ description: 'most events in the report (default: the API default)', min: 1 }),
};
