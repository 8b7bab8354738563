/** How the supervisor shows its services' output. */
export interface LogLineStyle {
  /** `pretty`: pino JSON lines become short readable lines; `raw`: lines pass unchanged. */
  readonly format: 'pretty' | 'raw';
  /** ANSI colours (a terminal). */
  readonly color: boolean;
  /** Width the service names are padded to, so the lines align. */
  readonly nameWidth: number;
}

const LEVELS: Readonly<Record<number, { label: string; color: string }>> = {
  10: { label: 'TRACE', color: '90' },
  20: { label: 'DEBUG', color: '90' },
  30: { label: 'INFO ', color: '32' },
  40: { label: 'WARN ', color: '33' },
  50: { label: 'ERROR', color: '31' },
  60: { label: 'FATAL', color: '41;97' },
};
const NAME_COLORS = ['36', '35', '34', '33', '32', '96', '95', '94'];

// Fields every pino line has, or that the pretty line shows in its own place.
const SHOWN_ELSEWHERE = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'name',
  'msg',
  'v',
  'component',
  'req',
  'res',
  'responseTime',
  'err',
  'reqId',
]);
const MAX_VALUE_CHARS = 160;
const MAX_STACK_LINES = 8;

function paint(text: string, code: string, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** A colour for a service name, the same for the same name. */
export function nameColor(name: string): string {
  let hash = 0;
  for (const char of name.replace(/-\d+$/, '')) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return NAME_COLORS[hash % NAME_COLORS.length] ?? '36';
}

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  return date.toISOString().slice(11, 23);
}

function shortValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? /[\s"=]/.test(value)
        ? JSON.stringify(value)
        : value
      : JSON.stringify(value);
  const shown = text ?? String(value);
  return shown.length > MAX_VALUE_CHARS ? `${shown.slice(0, MAX_VALUE_CHARS - 1)}…` : shown;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The HTTP part fastify's request lines carry: `GET /events/… → 200 12ms`. */
function httpPart(line: Record<string, unknown>): string {
  const req = record(line['req']);
  const res = record(line['res']);
  const parts: string[] = [];
  if (typeof req?.['method'] === 'string' && typeof req['url'] === 'string')
    parts.push(`${req['method']} ${req['url']}`);
  if (typeof res?.['statusCode'] === 'number') parts.push(`→ ${res['statusCode']}`);
  if (typeof line['responseTime'] === 'number') parts.push(`${Math.round(line['responseTime'])}ms`);
  return parts.join(' ');
}

/** `err=Type: message` and, for errors, the first lines of the stack. */
function errorPart(line: Record<string, unknown>, level: number): { inline: string; stack: string[] } {
  const err = record(line['err']);
  if (err === undefined) return { inline: '', stack: [] };
  const type = typeof err['type'] === 'string' ? `${err['type']}: ` : '';
  const message = typeof err['message'] === 'string' ? err['message'] : JSON.stringify(err);
  const stack =
    level >= 50 && typeof err['stack'] === 'string'
      ? err['stack']
          .split('\n')
          .slice(1, 1 + MAX_STACK_LINES)
          .map((frame) => `    ${frame.trim()}`)
      : [];
  return { inline: `err=${JSON.stringify(`${type}${message}`)}`, stack };
}

/**
 * Turns a pino JSON line into `HH:MM:SS.mmm LEVEL [component] message key=value …` (times in
 * UTC); returns undefined when `text` is not a pino line.
 */
export function prettyPinoLine(text: string, color: boolean): string[] | undefined {
  if (!text.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = record(parsed);
  if (line === undefined || typeof line['level'] !== 'number') return undefined;
  const level = line['level'];
  const style = LEVELS[level] ?? { label: String(level).padEnd(5), color: '0' };
  const component =
    typeof line['component'] === 'string' ? paint(`[${line['component']}] `, '90', color) : '';
  const message = typeof line['msg'] === 'string' ? line['msg'] : '';
  const error = errorPart(line, level);
  const fields = Object.entries(line)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => `${key}=${shortValue(value)}`);
  const details = [httpPart(line), error.inline, ...fields].filter((part) => part !== '');
  const head = `${paint(clock(line['time']), '90', color)} ${paint(style.label, style.color, color)} ${component}${message}`;
  const rest = details.length === 0 ? '' : ` ${paint(details.join(' '), '90', color)}`;
  return [`${head}${rest}`, ...error.stack];
}

/**
 * The lines the supervisor prints for one line of a service's output: prefixed with the
 * service name (`api        │ …`); pino JSON made readable when `style.format` is `pretty`.
 */
export function formatLogLine(name: string, text: string, style: LogLineStyle): string[] {
  const prefix = `${paint(name.padEnd(style.nameWidth), nameColor(name), style.color)} │ `;
  const body = style.format === 'pretty' ? (prettyPinoLine(text, style.color) ?? [text]) : [text];
  return body.map((line) => `${prefix}${line}`);
}
