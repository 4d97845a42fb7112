import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convOutSize, denseAnnotations } from '../../src/workload/index.js';
import { add, conv, flatSize, networkInput, outputShape, pool, sameShape, shape, tap, zooContext } from '../../src/workload/zoo/index.js';

const ctx = zooContext({ batch: 1 });

describe('outputShape', () => {
  it('conv: AlexNet CONV1 227×227 → 55×55×96 (⌊(227 − 11)/4⌋ + 1 = 55)', () => {
    expect(outputShape(conv(ctx, 'c', networkInput(3, 227, 227), { out: 96, kernel: 11, stride: 4 }))).toEqual(shape(96, 55, 55));
  });
  it('pool: 3×3/2 overlapping pooling 55 → 27, and ResNet 3×3/2 pad 1 112 → 56', () => {
    expect(outputShape(pool(ctx, 'p', networkInput(96, 55, 55), { kernel: 3, stride: 2 }))).toEqual(shape(96, 27, 27));
    expect(outputShape(pool(ctx, 'p', networkInput(64, 112, 112), { kernel: 3, stride: 2, pad: 1 }))).toEqual(shape(64, 56, 56));
  });
  it('fc: outFeatures × 1 × 1, reading the flattened input', () => {
    const p = pool(ctx, 'p', networkInput(256, 13, 13), { kernel: 3, stride: 2 });
    expect(flatSize(outputShape(p))).toBe(9216);
    const f = { kind: 'fc' as const, name: 'f', inputs: ['p'], batch: 1, inFeatures: 9216, outFeatures: 4096, ...denseAnnotations() };
    expect(outputShape(f)).toEqual(shape(4096, 1, 1));
  });
  it('add preserves the shape and reads both operands', () => {
    const a = conv(ctx, 'a', networkInput(8, 7, 7), { out: 8, kernel: 3, pad: 1 });
    const s = add(ctx, 's', tap(a), networkInput(8, 7, 7));
    expect(s.inputs).toEqual(['a']);
    expect(sameShape(outputShape(s), shape(8, 7, 7))).toBe(true);
  });
  it('conv output size agrees with convOutSize on both axes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), (h, k, s, p) => {
        const l = conv(ctx, 'c', networkInput(2, h, h + 1), { out: 4, kernel: k, stride: s, pad: p });
        expect(outputShape(l)).toEqual(shape(4, convOutSize(h, k, s, p, 1), convOutSize(h + 1, k, s, p, 1)));
      }),
    );
  });
});
