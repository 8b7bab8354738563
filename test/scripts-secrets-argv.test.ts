import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A value on a command line is visible to every user in `ps`: the scripts export secrets in a
// subshell instead of `env NAME=value cmd` or `env $(…) cmd`.
const scripts = fileURLToPath(new URL('../scripts/', import.meta.url));

function shellScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return shellScripts(path);
    return entry.name.endsWith('.sh') ? [path] : [];
  });
}

const ARGV_ENV = /(^|[\s;&|(])env\s+(\$\(|[^#\n]*(PASSWORD|TOKEN|SECRET)[A-Z_]*=)/;

describe('scripts keep secrets off argv', () => {
  it('recognises the pattern it looks for', () => {
    expect('digest() { env $(stack_neo4j_env) node x.mjs; }').toMatch(ARGV_ENV);
    expect('  env TRACEY_NEO4J_PASSWORD=x node y').toMatch(ARGV_ENV);
    expect('  export TRACEY_NEO4J_PASSWORD=x').not.toMatch(ARGV_ENV);
  });

  it('passes no secret through `env` on a command line', () => {
    const files = shellScripts(scripts);
    expect(files.length).toBeGreaterThan(3);
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (ARGV_ENV.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
