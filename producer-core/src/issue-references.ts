/** An issue a commit message mentions: a tracker key like `ABC-123` or a `#42` reference. */
export interface IssueReference {
  readonly id: string;
  readonly tracker: 'jira' | 'github';
  /** True when a closing word precedes it (`fixes #42`, `Closes ABC-1`). */
  readonly resolves: boolean;
}

/** Words shaped like tracker keys that are not (`UTF-8`, `SHA-256`, `ISO-8601`, `RFC-3339`). */
const NOT_KEYS = new Set(['UTF', 'SHA', 'ISO', 'RFC']);

const CLOSING = /\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\b[:\s]*$/i;

/** The issues `message` refers to, each once, in order of first mention. */
export function issueReferences(message: string): IssueReference[] {
  const found = new Map<string, IssueReference>();
  const pattern = /(?<![\w-])([A-Z][A-Z0-9]{1,9}-[1-9]\d*)\b|(?<![\w&/])#([1-9]\d*)\b/g;
  for (const match of message.matchAll(pattern)) {
    const id = match[1] ?? `#${match[2] ?? ''}`;
    if (NOT_KEYS.has(id.split('-')[0] ?? '')) continue;
    const resolves = CLOSING.test(message.slice(0, match.index));
    const previous = found.get(id);
    if (previous === undefined || (resolves && !previous.resolves)) {
      found.set(id, { id, tracker: match[1] === undefined ? 'github' : 'jira', resolves });
    }
  }
  return [...found.values()];
}
