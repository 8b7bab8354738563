/** What SIGHUP reloads: a service's tokens. */
export interface Reloadable {
  reload(): void;
}

/**
 * SIGHUP reads the tokens file again; a bad file keeps the tokens there were. Registered with or
 * without a file, so a SIGHUP never stops the service. Shared by the query API and the adapters.
 */
export function reloadTokensOnHangup(
  tokens: Reloadable,
  file: string | undefined,
  logger: { info(object: object, message: string): void; error(object: object, message: string): void },
): void {
  process.on('SIGHUP', () => {
    try {
      tokens.reload();
      logger.info({ file }, 'tokens reloaded');
    } catch (error) {
      logger.error({ err: error }, 'tokens not reloaded: the file is bad; the old tokens stay');
    }
  });
}
