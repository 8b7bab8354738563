import { presentedToken, TokenStore, type TokenScope } from '@tracey/http-kit';
import { adapterError } from '../adapter-error.js';
import { checkToken } from './token-auth.js';

// Which tokens an intake adapter takes (issue 24). Its single token (`TRACEY_ADAPTER_TOKEN`,
// `TRACEY_WEBHOOK_TOKEN`) has every scope, as before; with `TRACEY_TOKENS_FILE` the file's named,
// hashed tokens are taken too, each for its scopes: `publish` to send events, `trigger` to see and
// replay the triggers' work. A known token without the route's scope is a 403, an unknown one a 401.

/** The adapter's token check, by the scope a route needs; reloaded on SIGHUP. */
export interface IntakeTokens {
  /**
   * The name of the token `header` carries (the single token: its variable's name).
   * @throws ADAPTER_UNAUTHORIZED (no or an unknown token) or ADAPTER_FORBIDDEN (no such scope).
   */
  check(header: string | undefined, scope: TokenScope): string;
  /** Reads the tokens file again; a bad file throws and the old tokens stay. */
  reload(): void;
}

export interface IntakeTokensOptions {
  /** The adapter's single token: every scope. */
  readonly token: string;
  /** Its variable's name, the token's name in the audit and errors. */
  readonly tokenName: string;
  /** `TRACEY_TOKENS_FILE`, when set. */
  readonly tokensFile?: string | undefined;
}

const MISSING =
  'missing token: send "Authorization: Bearer <token>" or Basic auth with the token as password';

/** The tokens of an intake adapter: its single token, and those of the tokens file when given. */
export function intakeTokens(options: IntakeTokensOptions): IntakeTokens {
  if (options.tokensFile === undefined || options.tokensFile === '')
    return {
      check: (header) => {
        checkToken(header, options.token);
        return options.tokenName;
      },
      reload: () => undefined,
    };
  const store = new TokenStore({
    file: options.tokensFile,
    single: { name: options.tokenName, token: options.token },
  });
  return {
    check(header, scope) {
      const given = presentedToken(header, true);
      if (given === undefined) throw adapterError('ADAPTER_UNAUTHORIZED', MISSING);
      const holder = store.identify(given);
      if (holder === undefined) throw adapterError('ADAPTER_UNAUTHORIZED', 'wrong token');
      if (!holder.scopes.has(scope))
        throw adapterError(
          'ADAPTER_FORBIDDEN',
          `token "${holder.name}" lacks the scope "${scope}" this route needs`,
          { scope, token: holder.name },
        );
      return holder.name;
    },
    reload: () => store.reload(),
  };
}
