import { describe, expect, it } from 'vitest';
import { seededRandom } from './perceptron.js';
import { binarizeWordVectors, parseWordCodes, serializeWordCodes, symmetricEigen, wordVectors } from './word-vectors.js';

/** A toy corpus in which city names and person names occur in different, regular contexts. */
function toyCorpus(): string[][] {
  const cities = ['تهران', 'تبریز', 'شیراز', 'مشهد', 'قم'];
  const people = ['علی', 'رضا', 'مریم', 'سارا', 'حسن'];
  const verbs = ['رفت', 'آمد', 'ماند'];
  const rand = seededRandom(3);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const out: string[][] = [];
  for (let i = 0; i < 600; i++) {
    if (i % 2 === 0) out.push([pick(people), 'به', 'شهر', pick(cities), pick(verbs), '.']);
    else out.push(['آقای', pick(people), 'گفت', 'که', 'در', pick(cities), 'است', '.']);
  }
  return out;
}

const cos = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('symmetricEigen', () => {
  it('decomposes a symmetric matrix: A v = λ v, sorted, orthonormal', () => {
    const rand = seededRandom(5);
    const n = 7;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = rand() * 2 - 1;
    const { values, vectors } = symmetricEigen(m, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += m[i * n + j] * vectors[j * n + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * n + k], 9);
      }
      for (let k2 = 0; k2 < n; k2++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += vectors[i * n + k] * vectors[i * n + k2];
        expect(d).toBeCloseTo(k === k2 ? 1 : 0, 9);
      }
    }
  });
});

describe('wordVectors', () => {
  const corpus = toyCorpus();
  const wv = wordVectors(corpus, { dims: 4, contexts: 20 });
  const vec = (w: string) => {
    const i = wv.words.indexOf(w);
    expect(i).toBeGreaterThanOrEqual(0);
    return wv.vectors.subarray(i * wv.dims, (i + 1) * wv.dims);
  };

  it('gives unit vectors in which words of the same kind are closer', () => {
    for (const w of ['تهران', 'علی', 'به']) expect(cos(vec(w), vec(w))).toBeCloseTo(1, 5);
    expect(cos(vec('تهران'), vec('شیراز'))).toBeGreaterThan(cos(vec('تهران'), vec('مریم')) + 0.3);
    expect(cos(vec('علی'), vec('سارا'))).toBeGreaterThan(cos(vec('علی'), vec('قم')) + 0.3);
  });

  it('is deterministic and skips rare words', () => {
    const again = wordVectors(corpus, { dims: 4, contexts: 20 });
    expect(again.words).toEqual(wv.words);
    expect(Array.from(again.vectors)).toEqual(Array.from(wv.vectors));
    const rare = wordVectors([...corpus, ['یکبار']], { dims: 4, contexts: 20 });
    expect(rare.words).not.toContain('یکبار');
  });

  it('handles empty and degenerate input without NaN', () => {
    expect(wordVectors([], { dims: 8 }).words).toEqual([]);
    const one = wordVectors([['ا', 'ا', 'ا', 'ا', 'ا']], { dims: 8 });
    for (const x of one.vectors) expect(Number.isFinite(x)).toBe(true);
    expect(binarizeWordVectors(one).size).toBe(one.words.length);
  });

  it('binarises each dimension into -, 0, + codes that round-trip through text', () => {
    const codes = binarizeWordVectors(wv);
    expect(codes.size).toBe(wv.words.length);
    for (const c of codes.values()) expect(c).toMatch(/^[-0+]{4}$/);
    // Cities share most of their codes with each other.
    const same = (a: string, b: string) => [...codes.get(a)!].filter((ch, i) => ch === codes.get(b)![i]).length;
    expect(same('تهران', 'شیراز')).toBeGreaterThanOrEqual(same('تهران', 'مریم'));
    expect(parseWordCodes(serializeWordCodes(codes))).toEqual(codes);
  });
});
