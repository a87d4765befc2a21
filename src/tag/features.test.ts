import { describe, expect, it } from 'vitest';
import { getLexicon } from '../morph/lexicon.js';
import { neighbourFeatures, selfFeatures, wordClasses, withoutCodes } from './features.js';

const Z = '\u200c';

describe('word-vector code features', () => {
  const lex = getLexicon();
  const clusters = new Map([['کتاب', 3]]);
  const codes = new Map([
    ['کتاب', '+0-0'],
    ['خوب', '00+0'],
  ]);
  const code = (fs: string[]) => fs.filter((f) => /^(-?\d+)?ez?=/.test(f));

  it('fire one feature per non-zero dimension, and e=? for a word without a code', () => {
    const c = wordClasses(clusters, codes);
    expect(code(selfFeatures('کتاب', lex, 'perdt', true, c))).toEqual(['e=0+', 'e=2-']);
    expect(code(selfFeatures('خوب', lex, 'perdt', true, c))).toEqual(['e=2+']);
    expect(code(selfFeatures('ناشناخته', lex, 'perdt', true, c))).toEqual(['e=?']);
    // the clusters stay
    expect(selfFeatures('کتاب', lex, 'perdt', true, c)).toContain('k=3');
  });

  it('are absent without codes, so older models keep their features', () => {
    expect(code(selfFeatures('کتاب', lex, 'perdt', true, clusters))).toEqual([]);
    expect(selfFeatures('کتاب', lex, 'perdt', true, withoutCodes(wordClasses(clusters, codes)))).toEqual(selfFeatures('کتاب', lex, 'perdt', true, clusters));
  });

  it('reach the ±1 neighbours only when asked', () => {
    expect(code(neighbourFeatures('کتاب', -1, lex, 'perdt', true, wordClasses(clusters, codes)))).toEqual([]);
    const nb = wordClasses(clusters, codes, true);
    expect(code(neighbourFeatures('کتاب', -1, lex, 'perdt', true, nb))).toEqual(['-1e=0+', '-1e=2-']);
    expect(code(neighbourFeatures('کتاب', 1, lex, 'perdt', true, nb))).toEqual(['1e=0+', '1e=2-']);
    expect(code(neighbourFeatures('کتاب', 2, lex, 'perdt', true, nb))).toEqual([]);
  });

  it('back off to the noun base or the part after the last ZWNJ when asked', () => {
    const back = wordClasses(clusters, codes, false, true);
    expect(code(selfFeatures(`کتاب${Z}ها`, lex, 'perdt', true, back))).toEqual(['e=?', 'ez=0+', 'ez=2-']);
    expect(code(selfFeatures(`کتاب${Z}ها`, lex, 'perdt', true, wordClasses(clusters, codes)))).toEqual(['e=?']);
  });

  it('can replace the clusters (codes only)', () => {
    const only = wordClasses(undefined, codes);
    const fs = selfFeatures('کتاب', lex, 'perdt', true, only);
    expect(fs.some((f) => f.startsWith('k='))).toBe(false);
    expect(code(fs)).toEqual(['e=0+', 'e=2-']);
    expect(withoutCodes(only)).toBeUndefined();
  });
});
