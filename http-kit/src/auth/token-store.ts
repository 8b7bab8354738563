import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// Scoped tokens (issue 24): a file of named tokens, each with the scopes it grants and a hash of
// the token — never the token itself — so the file can sit in a config repository. A service's
// single-token variable (TRACEY_API_TOKEN, …) keeps working as one token with every scope.

/** What a token may do. Every route declares the one it needs. */
export const TOKEN_SCOPES = ['read', 'publish', 'trigger', 'cypher', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const SHA256 = /^[0-9a-f]{64}$/;
// scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<hash, base64url>
const SCRYPT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

const tokenEntry = z
  .object({
    name: z.string().min(1).max(100),
    scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
    sha256: z.string().regex(SHA256, 'must be 64 lower-case hex digits (sha256 of the token)').optional(),
    scrypt: z.string().regex(SCRYPT, 'must be scrypt$<log2 N>$<r>$<p>$<salt>$<hash>').optional(),
  })
  .strict()
  .refine((entry) => (entry.sha256 === undefined) !== (entry.scrypt === undefined), {
    message: 'give one hash of the token: sha256 or scrypt',
  });

const tokensFile = z
  .object({ tokens: z.array(tokenEntry) })
  .strict()
  .refine((file) => new Set(file.tokens.map((entry) => entry.name)).size === file.tokens.length, {
    message: 'token names must be unique',
    path: ['tokens'],
  });

export type TokenEntry = z.output<typeof tokenEntry>;

/** Who a request is: the token's name and scopes. */
export interface TokenHolder {
  readonly name: string;
  readonly scopes: ReadonlySet<TokenScope>;
}

/** The tokens of a tokens file (YAML or JSON); an error names the field and the reason. */
export function parseTokensFile(text: string, path = 'TRACEY_TOKENS_FILE'): TokenEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`${path}: not YAML or JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = tokensFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(file)';
    throw new Error(`${path}: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.tokens;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

function scryptMatches(token: string, stored: string): boolean {
  const [, logN, r, p, salt, hash] = SCRYPT.exec(stored) ?? [];
  const expected = Buffer.from(hash ?? '', 'base64url');
  const derived = scryptSync(token, Buffer.from(salt ?? '', 'base64url'), expected.length, {
    N: 2 ** Number(logN),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(derived, expected);
}

/** The line of a tokens file for `token`: its sha256, or a scrypt hash with a new salt. */
export function hashToken(token: string, kind: 'sha256' | 'scrypt' = 'sha256'): string {
  if (kind === 'sha256') return sha256(token).toString('hex');
  const salt = randomBytes(16);
  const [logN, r, p] = [15, 8, 1];
  const hash = scryptSync(token, salt, 32, { N: 2 ** logN, r, p, maxmem: 256 * 1024 * 1024 });
  return `scrypt$${logN}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** A new random token: 32 bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface TokenStoreOptions {
  /** `TRACEY_TOKENS_FILE`: read now and again on {@link TokenStore.reload}. */
  readonly file?: string | undefined;
  /** A service's single token (its variable's name and value): every scope. */
  readonly single?: { readonly name: string; readonly token: string | undefined } | undefined;
}

/**
 * The tokens a service accepts. Identifying a token compares its sha256 with every entry's in
 * constant time (no early exit); scrypt entries are checked only when no sha256 entry matched, and
 * a token that matched one is remembered (by its sha256) until the next reload.
 */
export class TokenStore {
  private entries: TokenEntry[] = [];
  private readonly scryptHits = new Map<string, TokenHolder>();

  constructor(private readonly options: TokenStoreOptions) {
    this.reload();
  }

  /** Reads the tokens file again (SIGHUP); a bad file throws and the old tokens stay. */
  reload(): void {
    const fromFile =
      this.options.file === undefined
        ? []
        : parseTokensFile(readFileSync(this.options.file, 'utf8'), this.options.file);
    const single = this.options.single;
    const entries =
      single?.token === undefined || single.token === ''
        ? fromFile
        : [
            ...fromFile,
            { name: single.name, scopes: [...TOKEN_SCOPES], sha256: sha256(single.token).toString('hex') },
          ];
    this.entries = entries;
    this.scryptHits.clear();
  }

  /** Whether any token is configured at all. */
  get configured(): boolean {
    return this.entries.length > 0;
  }

  /** The holder of `token`, or undefined when no entry matches. */
  identify(token: string): TokenHolder | undefined {
    const digest = sha256(token);
    let found: TokenEntry | undefined;
    for (const entry of this.entries)
      if (
        entry.sha256 !== undefined &&
        timingSafeEqual(digest, Buffer.from(entry.sha256, 'hex')) &&
        found === undefined
      )
        found = entry;
    if (found !== undefined) return { name: found.name, scopes: new Set(found.scopes) };
    const key = digest.toString('hex');
    const remembered = this.scryptHits.get(key);
    if (remembered !== undefined) return remembered;
    for (const entry of this.entries)
      if (entry.scrypt !== undefined && scryptMatches(token, entry.scrypt)) {
        const holder = { name: entry.name, scopes: new Set(entry.scopes) };
        this.scryptHits.set(key, holder);
        return holder;
      }
    return undefined;
  }
}

/** Why a request may not go on: no token (401), an unknown one (401), or one without the scope (403). */
export type ScopeRefusal = 'missing' | 'wrong' | 'forbidden';

/** The bearer token of an `Authorization` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** The holder of the bearer token an `Authorization` header carries, when it is a known token. */
export function tokenHolder(header: string | undefined, store: TokenStore): TokenHolder | undefined {
  const token = bearerToken(header);
  return token === undefined ? undefined : store.identify(token);
}

/**
 * Who sent `header`, if their token grants `scope`.
 * @throws `refuse('missing' | 'wrong' | 'forbidden', holder?)`: the service's error
 */
export function checkScope(
  header: string | undefined,
  store: TokenStore,
  scope: TokenScope,
  refuse: (refusal: ScopeRefusal, holder?: TokenHolder) => Error,
): TokenHolder {
  const token = bearerToken(header);
  if (token === undefined) throw refuse('missing');
  const holder = store.identify(token);
  if (holder === undefined) throw refuse('wrong');
  if (!holder.scopes.has(scope)) throw refuse('forbidden', holder);
  return holder;
}
