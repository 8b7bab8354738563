/** One thing an input yields: a value to make an event of, or why a piece of input is unusable. */
export type InputItem =
  | { readonly ok: true; readonly origin: string; readonly value: unknown }
  | { readonly ok: false; readonly origin: string; readonly reason: string };

/**
 * Where event content comes from: an extension point. `origin` names the place in the input
 * (`events.ndjson:12`, `--data`) so that errors point at it.
 */
export interface Input {
  readonly name: string;
  /** Read once per producer run, with `for await` (so a plain array will do). */
  items(): AsyncIterable<InputItem> | Iterable<InputItem>;
}

/** An input of values already in memory, e.g. events built from CLI arguments. */
export function valuesInput(values: readonly unknown[], name = 'values'): Input {
  return {
    name,
    items: () =>
      values.map((value, index): InputItem => ({
        ok: true,
        origin: values.length === 1 ? name : `${name}[${index}]`,
        value,
      })),
  };
}
