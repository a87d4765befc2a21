import { describe, expect, it } from 'vitest';
import { buildClusters, packClusters, unpackClusters } from './clusters.js';

// Two word families in distinct contexts: nouns between «این» and «را», verbs between «را» and «.».
const nouns = ['کتاب', 'دفتر', 'قلم', 'میز'];
const verbs = ['خواند', 'دید', 'خرید', 'آورد'];
function corpus(): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < 3; r++) for (const n of nouns) for (const v of verbs) out.push(['او', 'این', n, 'را', v, '.']);
  return out;
}

describe('word clusters', () => {
  it('groups words that share neighbours', () => {
    const m = buildClusters(corpus(), { k: 4, minCount: 2, contextWords: 20 });
    for (const n of nouns) expect(m.get(n)).toBe(m.get(nouns[0]));
    for (const v of verbs) expect(m.get(v)).toBe(m.get(verbs[0]));
    expect(m.get(nouns[0])).not.toBe(m.get(verbs[0]));
  });
  it('is deterministic and leaves rare words out', () => {
    const s = corpus();
    s.push(['یکبار']);
    const a = buildClusters(s, { k: 4, minCount: 2, contextWords: 20 });
    expect(packClusters(a)).toBe(packClusters(buildClusters(s, { k: 4, minCount: 2, contextWords: 20 })));
    expect(a.has('یکبار')).toBe(false);
  });
  it('round-trips through the packed form; empty input gives no clusters', () => {
    const m = buildClusters(corpus(), { k: 3, minCount: 1 });
    expect(unpackClusters(packClusters(m))).toEqual(m);
    expect(buildClusters([]).size).toBe(0);
    expect(unpackClusters(undefined).size).toBe(0);
  });
});
