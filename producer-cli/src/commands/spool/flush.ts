import { TraceyError } from '@tracey/common';
import type { DrainResult } from '@tracey/producer-core';
import { CLI_ERROR_CODES } from '../../internal/cli-error.js';
import { spoolingAmqpOutput } from '../../internal/open-output.js';
import { TraceyCommand } from '../../internal/tracey-command.js';

export default class SpoolFlush extends TraceyCommand {
  static override summary =
    'Re-send the events waiting in the local spool to the broker, with their original ids.';
  static override description =
    'Each event is deleted from the spool only once the broker confirmed it; when the broker is still unreachable the rest stays (exit 3). The next publish also flushes the spool first.';
  static override examples = ['tracey spool flush', 'tracey spool flush --json'];
  static override enableJsonFlag = true;

  async run(): Promise<DrainResult> {
    await this.parse(SpoolFlush);
    const output = spoolingAmqpOutput(this.settings, this.logger.child({ component: 'output' }));
    let result: DrainResult;
    try {
      result = await output.replay();
    } finally {
      await output.shutdown();
    }
    this.log(`flushed ${result.delivered} events; ${result.remaining} remain in ${this.settings.spoolDir}`);
    if (result.unroutable.length > 0)
      this.warnLine(`${result.unroutable.length} flushed events were not routed to any queue`);
    if (result.stoppedBecause !== undefined) {
      throw new TraceyError(
        CLI_ERROR_CODES.spooledStrict,
        `${result.remaining} events remain spooled: ${result.stoppedBecause}`,
      );
    }
    return result;
  }
}
