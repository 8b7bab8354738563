import { DEV_ADAPTER_TOKEN, DEV_API_TOKEN, DEV_WEBHOOK_TOKEN } from '@tracey/common';

// The values live in common: each service refuses a non-loopback bind while it holds one.
export { DEV_ADAPTER_TOKEN, DEV_API_TOKEN, DEV_WEBHOOK_TOKEN };

const DEV_TOKENS = [
  { name: 'TRACEY_ADAPTER_TOKEN', value: DEV_ADAPTER_TOKEN },
  { name: 'TRACEY_API_TOKEN', value: DEV_API_TOKEN },
  { name: 'TRACEY_WEBHOOK_TOKEN', value: DEV_WEBHOOK_TOKEN },
] as const;

/**
 * `env` with the development tokens filled in where unset (or empty), and one notice per token
 * filled. A token the user set is never echoed; the dev defaults are public anyway.
 */
export function withDevTokens(env: Readonly<Record<string, string | undefined>>): {
  env: Record<string, string | undefined>;
  notices: string[];
} {
  const out: Record<string, string | undefined> = { ...env };
  const notices: string[] = [];
  for (const token of DEV_TOKENS) {
    if (out[token.name] !== undefined && out[token.name] !== '') continue;
    out[token.name] = token.value;
    notices.push(
      `${token.name} is not set: using the development token "${token.value}" (dev only — set your own for anything shared)`,
    );
  }
  return { env: out, notices };
}
