// user:password@ inside any scheme://authority, e.g. amqp://guest:guest@host or bolt://neo4j:pw@host
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;

/** Replaces the password part of every URL in `text` with `***`, keeping the user visible. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1$2:***@');
}
