import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeHalfSpaceModel, encodeHalfSpaceModel, halfSpaceModelText, isBinaryHalfSpaceModel } from './binary.js';
import { halfSpaceModel, parseHalfSpaceModel, type HalfSpaceModel } from './model.js';
import { restoreHalfSpaces } from './restore.js';
import { codeAt, findString } from './table.js';

const Z = '\u200c';
/** A small hand-made model (text form, as tests write them). */
const TEXT = [
  '@forms',
  `کتاب${Z}خانه\t3`,
  `هم${Z}اکنون\t1`,
  `بین${Z}المللی\t3`,
  `می${Z}شود\t3`,
  '@joined',
  'میز',
  'تهران',
  '@stems',
  'کتاب',
  'میز',
  'خانه',
  'بزرگ',
  '@adj',
  'بزرگ',
  '@verbs',
  'رو',
  'رفت',
  '@right',
  'نامه',
  '@left',
  'هم',
  '@rbound',
  'سازی',
  '@lbound',
  'بین',
].join('\n');

function entries(m: HalfSpaceModel): [string, number][] {
  return [...m.words].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
const restore = (s: string, m: HalfSpaceModel): string => {
  const r = restoreHalfSpaces(s, m);
  return r === null ? 'null' : JSON.stringify([r.text, r.map.toJSON()]);
};

describe('binary half-space model', () => {
  it('round-trips a model: same entries, same lists, same bytes when encoded again', () => {
    const t = parseHalfSpaceModel(TEXT);
    const bin = encodeHalfSpaceModel(t);
    expect(isBinaryHalfSpaceModel(bin)).toBe(true);
    const b = decodeHalfSpaceModel(bin);
    expect(entries(b)).toEqual(entries(t));
    expect(b.words.size).toBeGreaterThan(10);
    for (const k of ['verbStems', 'rightParts', 'leftParts', 'rightBound', 'leftBound'] as const) expect([...b[k]]).toEqual([...t[k]]);
    expect(Buffer.from(encodeHalfSpaceModel(b)).equals(Buffer.from(bin))).toBe(true);
    expect(halfSpaceModelText(b)).toBe(halfSpaceModelText(t));
    // Every entry is found in the decoded table, with its code.
    for (const [k, c] of t.words) expect(codeAt(b.table!, findString(b.table!, k))).toBe(c);
    expect(findString(b.table!, 'ناموجود')).toBe(-1);
  });

  it('is deterministic (the same model gives the same bytes, whatever the entry order)', () => {
    const a = parseHalfSpaceModel(TEXT);
    const lines = TEXT.split('\n');
    // The same forms in the other order.
    const b = parseHalfSpaceModel(['@forms', ...lines.slice(1, 5).reverse(), ...lines.slice(5)].join('\n'));
    expect(entries(b)).toEqual(entries(a));
    expect(Buffer.from(encodeHalfSpaceModel(a)).equals(Buffer.from(encodeHalfSpaceModel(b)))).toBe(true);
  });

  it('restores text exactly as the text model does', () => {
    const t = parseHalfSpaceModel(TEXT);
    const b = decodeHalfSpaceModel(encodeHalfSpaceModel(t));
    for (const s of ['کتابخانه', 'کتاب خانه', 'هم اکنون', 'میروند', 'می روند', 'می شود', 'میشود', 'کتابهایی', 'بزرگ ترین', 'آماده سازی', 'بین المللی', 'بینالمللی', 'میزها', 'تهران']) {
      expect(restore(s, b)).toBe(restore(s, t));
    }
    expect(restore('می شود', b)).toContain(`می${Z}شود`);
  });

  it('gives a clear error on a file that is not one, of another version, truncated or damaged', () => {
    const bin = encodeHalfSpaceModel(parseHalfSpaceModel(TEXT));
    const msg = /models\/halfspace\.bin is damaged or not a sokhan half-space model \(.+\); rebuild it with npm run build:halfspace/;
    expect(() => decodeHalfSpaceModel(new Uint8Array(0))).toThrow(msg);
    expect(() => decodeHalfSpaceModel(new TextEncoder().encode('#sokhan halfspace model v1\n@words\n'))).toThrow(/no SKHS header/);
    const v2 = bin.slice();
    v2[4] = 2;
    expect(() => decodeHalfSpaceModel(v2)).toThrow(/format version 2/);
    expect(() => decodeHalfSpaceModel(bin.subarray(0, bin.length - 4))).toThrow(/bytes where the header says/);
    expect(() => decodeHalfSpaceModel(bin.subarray(0, 40))).toThrow(msg);
    for (const at of [40, Math.floor(bin.length / 2), bin.length - 1]) {
      const d = bin.slice();
      d[at] ^= 0x10;
      expect(() => decodeHalfSpaceModel(d)).toThrow(/checksum mismatch/);
    }
  });

  it('never crashes on damaged bytes whose checksum was made to match (throws its own error or loads)', () => {
    const bin = encodeHalfSpaceModel(parseHalfSpaceModel(TEXT));
    fc.assert(
      fc.property(fc.integer({ min: 32, max: bin.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const d = bin.slice();
        d[at] ^= x;
        // Recompute the checksum so that the structural checks are what is tested.
        resum(d);
        try {
          const m = decodeHalfSpaceModel(d);
          restoreHalfSpaces('کتاب خانه می شود', m);
        } catch (e) {
          expect(String((e as Error).message)).toMatch(/^sokhan: models\/halfspace\.bin is damaged/);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('the shipped binary model', () => {
  it('loads, with its filters and no spaced sub-table, and restores', () => {
    const m = halfSpaceModel();
    expect(m.table).toBeDefined();
    expect(m.spacedBits).toBeDefined();
    expect(m.joinedBits).toBeDefined();
    expect(m.spacedTable).toBeUndefined();
    expect(restoreHalfSpaces('میشود', m)?.text).toBe(`می${Z}شود`);
  });
});

/** Rewrite the checksum field (binary.ts checksum, recomputed here independently). */
function resum(d: Uint8Array): void {
  let h = 0x811c9dc5 | 0;
  for (let i = 32; i < d.length; i += 4) h = Math.imul(h ^ (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16) | (d[i + 3] << 24)), 0x01000193);
  h >>>= 0;
  for (let k = 0; k < 4; k++) d[12 + k] = (h >>> (8 * k)) & 0xff;
}
