/**
 * Issue 10 item 9: deep nesting is refused with a located message (never a raw stack overflow), within the
 * limit it parses; `parseYaml` never throws on random nestings of flow and block collections.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parseYaml } from '../../src/config/yamlSource.js';

/** `depth` nested collections, mixing flow `[ ]` / `{ k: }` and block `- ` / `k:` forms. */
const nested = (kinds: ReadonlyArray<number>): string => {
  let inner = '1';
  for (const k of kinds) inner = k === 0 ? `[${inner}]` : k === 1 ? `{ a: ${inner} }` : inner;
  const blockDepth = kinds.filter((k) => k === 2).length;
  let text = '';
  for (let i = 0; i < blockDepth; i++) text += `${'  '.repeat(i)}b:\n`;
  return `${text}${'  '.repeat(blockDepth)}v: ${inner}\n`;
};

describe('YAML nesting', () => {
  it('never throws; refuses more than MAX_NESTING levels with a located message, accepts fewer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 140 }), (kinds) => {
        const r = parseYaml(nested(kinds), 'n.yaml');
        const depth = kinds.length + 1;
        if (depth <= MAX_NESTING - 1) expect(E.isRight(r)).toBe(true);
        if (depth > MAX_NESTING + 1) {
          expect(E.isLeft(r)).toBe(true);
          if (E.isLeft(r)) expect(r.left[0]!.message).toMatch(/^nesting deeper than 64 levels/);
        }
      }),
      { numRuns: 200 },
    );
  });
  it('a 100,000-deep flow sequence is refused at the first bracket past the limit', () => {
    const r = parseYaml(`x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml');
    expect(E.isLeft(r) && r.left).toEqual([{ file: 'deep.yaml', line: 1, col: 3 + MAX_NESTING + 1, path: '', message: "nesting deeper than 64 levels (codesim's file formats nest at most a few levels)" }]);
  });
});
