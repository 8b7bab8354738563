// user:password@ inside any scheme://authority, e.g. amqp://guest:guest@host or bolt://neo4j:pw@host
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;

// Query parameters that carry a secret: a webhook secret in the URL (Jira's webhooks can send no
// header), a token some client put there.
const QUERY_SECRETS = /([?&](?:secret|token|access_token|api_key|apikey|password)=)[^&#\s]*/gi;

/** Replaces the password part of every URL in `text` with `***`, keeping the user visible. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1$2:***@');
}

/** {@link redactUrlCredentials}, and the values of query parameters that carry secrets (`?secret=***`). */
export function redactUrlSecrets(text: string): string {
  return redactUrlCredentials(text).replace(QUERY_SECRETS, '$1***');
}
