/** One sample line of the Prometheus text format. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family: its `# TYPE`, `# HELP` and samples. */
export interface PrometheusFamily {
  readonly type: string;
  readonly help: string | undefined;
  readonly samples: PrometheusSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
// A float as Prometheus reads it (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`).
const VALUE =
  '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|[nN][aA][nN])';
const LABEL_PAIR = `${LABEL}="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL_PAIR}(?:,${LABEL_PAIR})*,?)?)\\})? (${VALUE})(?: -?\\d+)?$`,
);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (/^[+]?inf/.test(lower)) return Number.POSITIVE_INFINITY;
  if (lower.startsWith('-inf')) return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4) strictly, as a scraper would:
 * names and labels by the format's grammar, `# TYPE` before a family's samples and once, a
 * family's lines together, histogram buckets with `le`, a newline at the end.
 * @throws an Error naming the line and what is wrong with it.
 */
export function parsePrometheusText(text: string): Map<string, PrometheusFamily> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the text does not end with a newline');
  const families = new Map<string, PrometheusFamily>();
  const closed = new Set<string>();
  let current: string | undefined;
  const open = (name: string, line: number): PrometheusFamily => {
    if (closed.has(name)) throw new Error(`line ${line}: ${name} continues after another family`);
    if (current !== undefined && current !== name) closed.add(current);
    current = name;
    let family = families.get(name);
    if (family === undefined) {
      family = { type: 'untyped', help: undefined, samples: [] };
      families.set(name, family);
    }
    return family;
  };
  const familyOf = (sample: string): string => {
    for (const [name, family] of families) {
      const suffixes = SUFFIXES[family.type] ?? [''];
      if (suffixes.some((suffix) => `${name}${suffix}` === sample)) return name;
    }
    return sample;
  };
  text.split('\n').forEach((line, index) => {
    const number = index + 1;
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (meta !== null) {
      const [, kind, name = '', rest = ''] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`line ${number}: bad metric name ${name}`);
      const family = open(name, number);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`line ${number}: unknown type ${rest}`);
        if (family.samples.length > 0 || family.type !== 'untyped') {
          throw new Error(`line ${number}: # TYPE of ${name} after its samples or twice`);
        }
        families.set(name, { ...family, type: rest });
      } else {
        if (family.help !== undefined) throw new Error(`line ${number}: # HELP of ${name} twice`);
        families.set(name, { ...family, help: unescape(rest) });
      }
      return;
    }
    if (line.startsWith('#')) return;
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`line ${number}: not a sample: ${line}`);
    const [, name = '', labelText = '', value = ''] = match;
    const labels: Record<string, string> = {};
    for (const pair of labelText.matchAll(new RegExp(`(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`, 'g'))) {
      const [, label = '', raw = ''] = pair;
      if (Object.hasOwn(labels, label)) throw new Error(`line ${number}: label ${label} twice`);
      labels[label] = unescape(raw);
    }
    const familyName = familyOf(name);
    const family = open(familyName, number);
    if (family.type === 'histogram' && name.endsWith('_bucket') && labels['le'] === undefined) {
      throw new Error(`line ${number}: a histogram bucket without le`);
    }
    family.samples.push({ name, labels, value: parseValue(value) });
  });
  return families;
}
