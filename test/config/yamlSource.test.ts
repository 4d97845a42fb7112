/**
 * YAML with positions: syntax errors and decoding issues rendered as `file:line:col: path: message`, on real
 * YAML text (line / column numbers below are counted by hand from the text, 1-based).
 */
import * as E from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeArch } from '../../src/config/arch.js';
import { decodeMapping } from '../../src/config/mapping.js';
import { locateIssues, parseYaml, renderIssue, type YamlSource } from '../../src/config/yamlSource.js';

const parsed = (text: string): YamlSource => {
  const r = parseYaml(text, 'a.yaml');
  if (E.isLeft(r)) throw new Error(r.left.map(renderIssue).join('\n'));
  return r.right;
};

/** Decode an accelerator file and render its issues. */
const archErrors = (text: string): ReadonlyArray<string> => {
  const src = parsed(text);
  const r = decodeArch(src.doc);
  return E.isLeft(r) ? locateIssues(r.left, 'a.yaml', src).map(renderIssue) : [];
};

const ARCH = `name: tiny
clockMHz: 200
costs: eyeriss-normalized
levels:
  - { name: DRAM, kind: dram }
  - name: GLB
    kind: sram
    capacityWords: 1024
  - name: RF
    kind: regfile
    instances: 4
    capacityWords: 16
compute: { instances: 4 }
`;

describe('parseYaml', () => {
  it('parses valid text to plain data', () => {
    const src = parsed(ARCH);
    expect(E.isRight(decodeArch(src.doc))).toBe(true);
  });

  it('a syntax error gives its line and column, no path', () => {
    const r = parseYaml('name: x\nlevels: [1, 2\nclockMHz: 3\n', 'bad.yaml');
    expect(E.isLeft(r)).toBe(true);
    const [first] = E.isLeft(r) ? r.left : [];
    expect(first).toMatchObject({ file: 'bad.yaml', line: 3, col: 1, path: '' });
    expect(renderIssue(first!)).toMatch(/^bad\.yaml:3:1: [A-Z]/);
    expect(renderIssue(first!)).not.toContain('\n');
  });

  it('duplicate keys are syntax errors at the second key', () => {
    const r = parseYaml('a: 1\nb: 2\na: 3\n', 'dup.yaml');
    expect(E.isLeft(r) && r.left[0]).toMatchObject({ line: 3, col: 1 });
  });

  it('several documents in one file are an error', () => {
    expect(E.isLeft(parseYaml('a: 1\n---\nb: 2\n', 'multi.yaml'))).toBe(true);
  });

  it('an unresolved alias is an error, not a throw', () => {
    expect(E.isLeft(parseYaml('a: *nowhere\n', 'alias.yaml'))).toBe(true);
  });

  it('locate walks keys and indices, flow and block style, through aliases', () => {
    const src = parsed('a: &x [10, 20]\nb: *x\nc:\n  - { d: 1 }\n  - e: 2\n    f: 3\n');
    expect(src.locate([])).toEqual({ line: 1, col: 1 });
    expect(src.locate(['c', 1, 'f'])).toEqual({ line: 6, col: 5 });
    expect(src.locate(['c', 0, 'd'])).toEqual({ line: 4, col: 7 });
    expect(src.locate(['b', 1])).toEqual({ line: 1, col: 12 }); // the aliased node's position
    expect(src.locate(['c', 9])).toEqual({ line: 3, col: 1 }); // deepest existing: the key c
  });
});

describe('decoding issues in file:line:col: path: message form', () => {
  it('wrong type: points at the key', () => {
    expect(archErrors(ARCH.replace('capacityWords: 1024', 'capacityWords: lots'))).toEqual([
      'a.yaml:8:5: levels[1].capacityWords: expected a positive integer, got "lots"',
    ]);
  });

  it('negative size', () => {
    expect(archErrors(ARCH.replace('instances: 4\n    capacityWords', 'instances: -4\n    capacityWords'))).toEqual([
      'a.yaml:11:5: levels[2].instances: expected a positive integer, got -4',
    ]);
  });

  it('unknown key: points at that key, inside a flow mapping too', () => {
    const errs = archErrors(ARCH.replace('{ name: DRAM, kind: dram }', '{ name: DRAM, kind: dram, size: 3 }'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^a\.yaml:5:31: levels\[0\]\.size: unknown key "size"/);
  });

  it('missing key: points at the mapping that lacks it (its sequence element)', () => {
    const errs = archErrors(ARCH.replace('    kind: sram\n', ''));
    expect(errs).toEqual(['a.yaml:6:5: levels[1].kind: missing required key "kind" of level']);
  });

  it('missing top-level key: the document start', () => {
    const errs = archErrors(ARCH.replace('clockMHz: 200\n', ''));
    expect(errs).toEqual(['a.yaml:1:1: clockMHz: missing required key "clockMHz" of accelerator']);
  });

  it('semantic issue: path and position', () => {
    const errs = archErrors(ARCH.replace('compute: { instances: 4 }', 'compute: { instances: 4, mesh: [3, 1] }'));
    expect(errs).toEqual([
      'a.yaml:13:12: compute.instances: instances 4 must equal mesh X × Y = 3 × 1 = 3',
      expect.stringMatching(/^a\.yaml:13:26: compute\.mesh: mesh 3×1 of MAC is not a multiple of the mesh 4×1 of RF/),
    ]);
  });

  it('a shipped config and a mapping file, end to end', () => {
    const archText = readFileSync(join(import.meta.dirname, '..', '..', 'configs', 'eyeriss.yaml'), 'utf8');
    const arch = decodeArch(parsed(archText).doc);
    if (E.isLeft(arch)) throw new Error('eyeriss.yaml must decode');
    const mappingText = 'mappings:\n  - layer: conv1\n    levels:\n      - target: GLB\n        temporal: { K: 2, M: 3 }\n';
    const src = parsed(mappingText);
    const r = decodeMapping(src.doc, arch.right, ['conv1']);
    expect(E.isLeft(r) && locateIssues(r.left, 'm.yaml', src).map(renderIssue)).toEqual([
      'm.yaml:5:27: mappings[0].levels[0].temporal.M: unknown key "M" in loop factors (allowed: N, G, C, K, P, Q, R, S)',
    ]);
  });
});

describe('renderIssue', () => {
  it('is exactly file:line:col: path: message', () => {
    expect(renderIssue({ file: 'x.yaml', line: 7, col: 5, path: 'levels[2].capacityWords', message: 'expected a positive integer, got 0' })).toBe(
      'x.yaml:7:5: levels[2].capacityWords: expected a positive integer, got 0',
    );
  });
});
