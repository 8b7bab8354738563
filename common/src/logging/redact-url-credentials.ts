// user:password@ inside any scheme://authority, e.g. amqp://guest:guest@host or bolt://neo4j:pw@host
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;

// Query parameters that carry a secret: a webhook secret in the URL (Jira's webhooks can send no
// header), a token some client put there. Matched by the decoded name: `?%73ecret=` is `secret`.
const SECRET_NAMES = /^(?:secret|token|access_token|api_key|apikey|password)$/i;
const QUERY_PARAMETER = /([?&])([^=&#\s]*)=([^&#\s]*)/g;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** Replaces the password part of every URL in `text` with `***`, keeping the user visible. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1$2:***@');
}

/** {@link redactUrlCredentials}, and the values of query parameters that carry secrets (`?secret=***`). */
export function redactUrlSecrets(text: string): string {
  return redactUrlCredentials(text).replace(QUERY_PARAMETER, (whole, lead: string, name: string) =>
    SECRET_NAMES.test(decodedName(name)) ? `${lead}${name}=***` : whole,
  );
}
