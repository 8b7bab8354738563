/**
 * Whether an AMQP topic binding key matches a routing key, as RabbitMQ decides it: words are
 * dot-separated, `*` stands for exactly one word and `#` for zero or more.
 */
export function matchesBindingKey(bindingKey: string, routingKey: string): boolean {
  return matchWords(bindingKey.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(pattern: readonly string[], p: number, words: readonly string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const head = pattern[p];
  if (head === '#') {
    for (let skip = w; skip <= words.length; skip++) if (matchWords(pattern, p + 1, words, skip)) return true;
    return false;
  }
  if (w === words.length) return false;
  return (head === '*' || head === words[w]) && matchWords(pattern, p + 1, words, w + 1);
}

const WORD = /^(?:\*|#|[^.*#\s]+)$/;

/** Why `key` is not a binding key, or undefined when it is one. */
export function bindingKeyIssue(key: string): string | undefined {
  if (key.length === 0 || key.length > 255) return 'must be 1 to 255 characters';
  const bad = key.split('.').find((word) => !WORD.test(word));
  return bad === undefined
    ? undefined
    : `word "${bad}" must be *, # or a word without dots, * or #; e.g. eiffel.*.EiffelArtifactCreatedEvent.#`;
}
