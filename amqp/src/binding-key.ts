/**
 * Whether an AMQP topic binding key matches a routing key, as RabbitMQ decides it: words are
 * dot-separated, `*` stands for exactly one word and `#` for zero or more. One pass per word of
 * the binding key over the positions reached so far: O(binding words × routing words), where a
 * backtracking match is exponential in repeated `#` (a rule is user input).
 */
export function matchesBindingKey(bindingKey: string, routingKey: string): boolean {
  const words = routingKey.split('.');
  // reached[w]: the binding key's words so far can match the routing key's first w words.
  let reached = words.map(() => false).concat(false);
  reached[0] = true;
  for (const head of bindingKey.split('.')) {
    const next = reached.map(() => false);
    if (head === '#') {
      let any = false;
      for (let w = 0; w <= words.length; w++) next[w] = any ||= reached[w] === true;
    } else {
      for (let w = 0; w < words.length; w++)
        if (reached[w] === true && (head === '*' || head === words[w])) next[w + 1] = true;
    }
    reached = next;
  }
  return reached[words.length] === true;
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
