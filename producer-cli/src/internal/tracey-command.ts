import { Command } from '@oclif/core';
import { createLogger, describeConfigIssues, isTraceyError, TraceyError, type Logger } from '@tracey/common';
import { loadCliConfig, type CliConfig } from '../config.js';
import { CLI_ERROR_CODES, errorLines, exitCodeFor } from './cli-error.js';

/**
 * The base of every `tracey` command: reads the configuration once, before the command runs,
 * and translates errors into a message on stderr and an exit code, in this one place.
 */
export abstract class TraceyCommand extends Command {
  /** The parsed TRACEY_* configuration. */
  protected settings!: CliConfig;
  #logger: Logger | undefined;

  /** Diagnostics (JSON lines on stderr, TRACEY_LOG_LEVEL); stdout stays for results. */
  protected get logger(): Logger {
    this.#logger ??= createLogger({
      name: 'tracey',
      level: this.settings.logLevel,
      destination: process.stderr,
    });
    return this.#logger;
  }

  /** The process environment, read here and nowhere else in the commands. */
  protected env: Readonly<Record<string, string | undefined>> = {};

  protected override async init(): Promise<void> {
    await super.init();
    this.env = process.env;
    const result = loadCliConfig(this.env);
    if (!result.ok) {
      throw new TraceyError(CLI_ERROR_CODES.configInvalid, describeConfigIssues(result.issues));
    }
    this.settings = result.config;
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (!isTraceyError(error)) return super.catch(error);
    const code = exitCodeFor(error);
    if (this.jsonEnabled()) {
      this.logJson({ error: { code: error.code, message: error.message, ...error.details }, exitCode: code });
    } else {
      for (const line of errorLines(error)) this.logToStderr(line);
    }
    return this.exit(code);
  }

  /** A warning on stderr (never on stdout, which scripts capture). */
  protected warnLine(message: string): void {
    this.logToStderr(`tracey: warning: ${message}`);
  }
}
