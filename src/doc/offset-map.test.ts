import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OffsetMap, OffsetMapBuilder } from './offset-map.js';

type Op = { kind: 'keep' | 'skip' | 'replace' | 'insert'; n: number; text: string };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('keep', 'skip', 'replace', 'insert') as fc.Arbitrary<Op['kind']>,
  n: fc.integer({ min: 0, max: 4 }),
  text: fc.string({ maxLength: 3 }),
});

function build(source: string, ops: Op[]) {
  const b = new OffsetMapBuilder(source);
  // Each op records which text range came from which source range, for checking.
  const pieces: Array<{ t0: number; t1: number; s0: number; s1: number; kept: boolean }> = [];
  let t = 0;
  for (const op of ops) {
    const left = source.length - b.position;
    const n = Math.min(op.n, left);
    const s0 = b.position;
    if (op.kind === 'keep') {
      b.keep(n);
      pieces.push({ t0: t, t1: t + n, s0, s1: s0 + n, kept: true });
      t += n;
    } else if (op.kind === 'skip') {
      b.skip(n);
    } else if (op.kind === 'replace') {
      b.replace(n, op.text);
      t += op.text.length;
    } else {
      b.insert(op.text);
      t += op.text.length;
    }
  }
  const s0 = b.position;
  const rest = source.length - s0;
  pieces.push({ t0: t, t1: t + rest, s0, s1: s0 + rest, kept: true });
  return { ...b.finish(), pieces };
}

describe('OffsetMap', () => {
  it('identity maps every position to itself', () => {
    const m = OffsetMap.identity(5);
    for (let i = 0; i <= 5; i++) expect(m.toSource(i)).toBe(i);
  });

  it('maps around a deletion, an insertion and a replacement', () => {
    const b = new OffsetMapBuilder('aXbcYYd');
    b.keep(1); // a
    b.skip(1); // X deleted
    b.keep(2); // bc
    b.replace(2, 'Z'); // YY -> Z
    b.insert('!');
    const { text, map } = b.finish();
    expect(text).toBe('abcZ!d');
    expect(map.toSourceSpan(0, 1)).toEqual([0, 1]); // a
    expect(map.toSourceSpan(1, 3)).toEqual([2, 4]); // bc, the deleted X is not claimed
    expect(map.toSourceSpan(3, 4)).toEqual([4, 6]); // Z claims YY
    expect(map.toSourceSpan(5, 6)).toEqual([6, 7]); // d
    expect(map.toSourceSpan(0, 6)).toEqual([0, 7]);
  });

  it('a leading deletion is not claimed by the first span', () => {
    const b = new OffsetMapBuilder('\ufeffab');
    b.skip(1);
    const { text, map } = b.finish();
    expect(text).toBe('ab');
    expect(map.toSourceSpan(0, 2)).toEqual([1, 3]);
  });

  it('kept characters map back exactly, through any edits (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.array(opArb, { maxLength: 12 }), (src, ops) => {
        const { text, map, pieces } = build(src, ops);
        expect(map.textLength).toBe(text.length);
        expect(map.sourceLength).toBe(src.length);
        for (const p of pieces) {
          expect(text.slice(p.t0, p.t1)).toBe(src.slice(p.s0, p.s1));
          if (p.t1 > p.t0) expect(map.toSourceSpan(p.t0, p.t1)).toEqual([p.s0, p.s1]);
        }
      }),
    );
  });

  it('toSource is monotone and in range (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.array(opArb, { maxLength: 12 }), (src, ops) => {
        const { text, map } = build(src, ops);
        let prevS = 0;
        let prevE = 0;
        for (let i = 0; i <= text.length; i++) {
          const s = map.toSource(i, 'start');
          const e = map.toSource(i, 'end');
          expect(s).toBeGreaterThanOrEqual(prevS);
          expect(e).toBeGreaterThanOrEqual(prevE);
          expect(s).toBeLessThanOrEqual(src.length);
          prevS = s;
          prevE = e;
        }
        expect(map.toSource(0, 'end')).toBe(0);
        expect(map.toSource(text.length, 'start')).toBe(src.length);
      }),
    );
  });

  it('composition equals mapping through each step (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(opArb, { maxLength: 8 }), fc.array(opArb, { maxLength: 8 }), (src, ops1, ops2) => {
        const a = build(src, ops1);
        const b = build(a.text, ops2);
        const composed = a.map.then(b.map);
        for (let i = 0; i <= b.text.length; i++) {
          for (const bias of ['start', 'end'] as const) {
            expect(composed.toSource(i, bias)).toBe(a.map.toSource(b.map.toSource(i, bias), bias));
          }
        }
      }),
    );
  });
});

describe('OffsetMapCursor', () => {
  const posArb = (len: number) => fc.array(fc.integer({ min: -2, max: len + 2 }), { maxLength: 40 });
  it('agrees with toSource and toSourceSpan in increasing order, through a chain (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.array(opArb, { maxLength: 12 }), fc.array(opArb, { maxLength: 12 }), (src, ops1, ops2) => {
        const a = build(src, ops1);
        const b = build(a.text, ops2);
        const map = a.map.then(b.map);
        const cur = map.cursor();
        for (let i = 0; i <= b.text.length; i++) {
          expect(cur.toSource(i, 'start')).toBe(map.toSource(i, 'start'));
          expect(cur.toSource(i, 'end')).toBe(map.toSource(i, 'end'));
        }
        const spans = map.cursor();
        for (let i = 0; i <= b.text.length; i++) {
          for (let j = i; j <= Math.min(b.text.length, i + 3); j++) expect(spans.toSourceSpan(i, j)).toEqual(map.toSourceSpan(i, j));
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('agrees with toSource for positions in any order, out of range included (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(opArb, { maxLength: 20 }),
        fc.array(opArb, { maxLength: 20 }),
        posArb(60),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (src, ops1, ops2, positions, biases) => {
          const a = build(src, ops1);
          const b = build(a.text, ops2);
          for (const map of [a.map, b.map, a.map.then(b.map), OffsetMap.identity(b.text.length)]) {
            const cur = map.cursor();
            positions.forEach((p, k) => {
              const bias = biases[k] ? 'end' : 'start';
              expect(cur.toSource(p, bias)).toBe(map.toSource(p, bias));
              const q = p + (k % 5);
              expect(cur.toSourceSpan(p, q)).toEqual(map.toSourceSpan(p, q));
            });
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('walks long edit lists both ways (past the walk limit)', () => {
    const src = 'ab '.repeat(200);
    const bld = new OffsetMapBuilder(src);
    for (let i = 0; i < 200; i++) {
      bld.keep(2);
      bld.skip(1);
    }
    const { text, map } = bld.finish();
    const cur = map.cursor();
    const order = [0, text.length, 5, 200, 17, 18, 19, 300, 2, 399, 400, 1];
    for (const p of order) {
      expect(cur.toSource(p, 'start')).toBe(map.toSource(p, 'start'));
      expect(cur.toSource(p, 'end')).toBe(map.toSource(p, 'end'));
    }
  });
});
