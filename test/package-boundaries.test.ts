import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 17: packages meet only through their published surfaces (`@tracey/x`, `@tracey/x/testing`,
// `@tracey/x/contract`). A relative import that leaves its package for another one's `src/` or
// `test/` couples to internals the other package may change at will; the repository's own checks
// (`test/`, `scripts/`) use the package names too.
const root = fileURLToPath(new URL('..', import.meta.url));
const packages = new Set(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces,
);
const sources = execFileSync('git', ['ls-files', '*.ts', '*.mts', '*.mjs', '*.js'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file !== '' && existsSync(join(root, file)));
const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The workspace package a repository path belongs to, or the top-level folder it is in. */
const home = (path: string) => path.split('/')[0] ?? '';

function crossings(): string[] {
  const found: string[] = [];
  for (const file of sources) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = relative(root, resolve(root, dirname(file), match[1] ?? ''));
      if (home(target) !== home(file) && packages.has(home(target))) {
        found.push(`${file} imports ${match[1]}`);
      }
    }
  }
  return found;
}

describe('package boundaries', () => {
  it('finds the source files it checks', () => {
    expect(sources.length).toBeGreaterThan(300);
    expect(packages.size).toBeGreaterThan(10);
  });

  it('has no relative import from one package into another', () => {
    expect(crossings()).toEqual([]);
  });
});
