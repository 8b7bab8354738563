import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_CHARS } from './line-splitter.js';

describe('LineSplitter', () => {
  it('gives complete lines and keeps the unfinished one for the next chunk', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\nb')).toEqual(['a']);
    expect(splitter.push('c\r\nd\n\n')).toEqual(['bc', 'd', '']);
    expect(splitter.push('tail')).toEqual([]);
    expect(splitter.flush()).toEqual(['tail']);
    expect(splitter.flush()).toEqual([]);
  });

  it('cuts a line longer than the limit instead of growing without bound', () => {
    const splitter = new LineSplitter();
    const lines = splitter.push('x'.repeat(MAX_LINE_CHARS * 2 + 5));
    expect(lines.map((line) => line.length)).toEqual([MAX_LINE_CHARS, MAX_LINE_CHARS]);
    expect(splitter.flush()).toEqual(['xxxxx']);
  });
});
