import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseConllu, type ConlluSentence } from '../eval/conllu.js';
import { dataPath } from '../util/data-path.js';
import { describeGold } from '../util/gold-test.js';
import { lemmatizeToken, RANKER_CONTEXT, schemeRankerExamples, sentenceContexts, trainRankerOnTokens } from './lemmatize.js';
import { getLexicon, normalizeKey, type LemmaScheme } from './lexicon.js';

const DEV: Record<LemmaScheme, string> = {
  perdt: 'ud-persian-perdt/fa_perdt-ud-dev.conllu',
  seraji: 'ud-persian-seraji/fa_seraji-ud-dev.conllu',
};
const load = (scheme: LemmaScheme) => parseConllu(readFileSync(dataPath(DEV[scheme]), 'utf8'), DEV[scheme]);

function factsFrom(ss: ConlluSentence[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const s of ss) for (const t of s.tokens) for (const w of t.words) {
    const k = normalizeKey(w.form) + '\t' + w.upos;
    let m = counts.get(k);
    if (!m) counts.set(k, (m = new Map()));
    m.set(w.lemma, (m.get(w.lemma) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [k, m] of counts) out.set(k, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]);
  return out;
}

/** K-fold lemma accuracy with gold tokens and gold UPOS (facts and ranker from the other folds only). */
function crossValidate(scheme: LemmaScheme, k: number): number {
  const lex = getLexicon();
  const sents = load(scheme);
  let n = 0;
  let ok = 0;
  for (let f = 0; f < k; f++) {
    const train = sents.filter((_, i) => i % k !== f);
    const opts = { scheme, lexicon: lex, facts: factsFrom(train), ranker: trainRankerOnTokens(schemeRankerExamples(train, scheme), lex) };
    for (const s of sents.filter((_, i) => i % k === f)) {
      const words = s.tokens.flatMap((t) => t.words);
      const ctx = sentenceContexts(words.map((w) => w.form), words.map((w) => w.upos));
      let p = 0;
      for (const t of s.tokens) {
        const got = lemmatizeToken(t.words.map((w) => w.form), t.words.map((w) => w.upos), opts, RANKER_CONTEXT[scheme] ? ctx.slice(p, p + t.words.length) : undefined);
        t.words.forEach((w, i) => {
          n++;
          if (got[i] === w.lemma) ok++;
        });
        p += t.words.length;
      }
    }
  }
  return (100 * ok) / n;
}

describeGold('lemmatiser on the UD dev splits', [DEV.perdt, DEV.seraji], () => {
  it('the rankers stored in the lexicon are the ones the dev splits train (deterministic build)', () => {
    const lex = getLexicon();
    for (const scheme of ['perdt', 'seraji'] as const) {
      const stored = [...lex.rankerWeights[scheme]].map(([f, v]) => f + '\t' + v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(stored.length).toBeGreaterThan(100);
      expect(trainRankerOnTokens(schemeRankerExamples(load(scheme), scheme), lex).toLines()).toEqual(stored);
    }
  });
  // Regression floors just under the measured 10-fold figures (gold UPOS, no cross-treebank facts): PerDT 98.58, Seraji 98.81.
  it('PerDT dev, 10-fold CV, gold UPOS: lemma accuracy ≥ 98.45', () => {
    expect(crossValidate('perdt', 10)).toBeGreaterThanOrEqual(98.45);
  }, 60_000);
  it('Seraji dev, 10-fold CV, gold UPOS: lemma accuracy ≥ 98.70', () => {
    expect(crossValidate('seraji', 10)).toBeGreaterThanOrEqual(98.70);
  }, 60_000);
});
