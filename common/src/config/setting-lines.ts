/**
 * Reads the `KEY=value` lines a script prints (scripts/services.sh, scripts/test-services.sh):
 * keys in capitals, the value everything after the first `=`, verbatim. Other lines are ignored,
 * and so are keys not starting with `prefix`. Not `util.parseEnv`: it cuts a value at `#`, and a
 * password may hold one.
 */
export function parseSettingLines(text: string, prefix = ''): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    const [, key, value] = match ?? [];
    if (key !== undefined && value !== undefined && key.startsWith(prefix)) settings[key] = value;
  }
  return settings;
}
