import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseConllu } from '../eval/conllu.js';
import { docToConlluSentences } from '../eval/doc-conllu.js';
import { evaluateUd, goldRawText, udRepresentation, type UdScores } from '../eval/ud.js';
import { sokhan } from '../pipeline.js';
import { dataPath } from '../util/data-path.js';
import { describeGold } from '../util/gold-test.js';

// UD PerDT test, raw text through the full pipeline, scored like `sokhan eval ud` (F1, percent).
// Test data is for measurement only: nothing here tunes anything.
//
// Two bars:
// - REGRESSION floors, just under what the committed models measure (models/MODEL_CARD.tagger.md);
//   always enforced, so a change that makes things worse fails.
// - ACCEPTANCE bars of issue 3 (UPOS ≥ 96.5, Lemmas ≥ 98.5, UFeats ≥ 96.0), NOT reached yet by
//   the models trained on the dev split alone; enforced with SOKHAN_ACCEPTANCE=1 (which fails today).
// Measured at the fourth session's end (full pipeline): UPOS 94.11, XPOS 93.21, UFeats 94.06,
// AllTags 90.21, Lemmas 97.94 (without ner, UPOS 93.77). Fifth session (seed ensemble of 8, pruned at
// 0.02): UPOS 94.31, XPOS 93.48, UFeats 94.33, AllTags 90.56, Lemmas 97.98. Sixth session (the lemma
// component corrects Number and Polarity by the lemma, src/morph/component.ts fixFeats): UFeats 94.52, AllTags 90.67.
const FLOOR = { UPOS: 94.0, XPOS: 93.1, UFeats: 94.2, AllTags: 90.3, Lemmas: 97.6 };
const ACCEPTANCE = { UPOS: 96.5, UFeats: 96.0, Lemmas: 98.5 };
const FILE = ['ud-persian-perdt', 'fa_perdt-ud-test.conllu'];

let cached: UdScores | null = null;
function scores(): UdScores {
  if (cached) return cached;
  const gold = parseConllu(readFileSync(dataPath(...FILE), 'utf8'));
  // The full pipeline, as `sokhan eval ud` runs it (ner retags the NOUN/ADJ words of names PROPN).
  const nlp = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma', 'ner'] });
  const doc = nlp(goldRawText(gold));
  cached = evaluateUd(udRepresentation(gold), udRepresentation(docToConlluSentences(doc)));
  return cached;
}

describeGold('UD PerDT test, raw text (pos + lemma + ner)', [FILE.join('/')], () => {
  it(`stays above the regression floors ${JSON.stringify(FLOOR)}`, () => {
    const s = scores();
    console.log(`PerDT test: UPOS ${s.UPOS.f1.toFixed(2)}, XPOS ${s.XPOS.f1.toFixed(2)}, UFeats ${s.UFeats.f1.toFixed(2)}, AllTags ${s.AllTags.f1.toFixed(2)}, Lemmas ${s.Lemmas.f1.toFixed(2)}`);
    expect(s.Words.f1).toBeGreaterThan(95);
    for (const [k, v] of Object.entries(FLOOR)) expect(s[k as keyof typeof FLOOR].f1, k).toBeGreaterThanOrEqual(v);
  }, 300_000);
  it.runIf(process.env.SOKHAN_ACCEPTANCE === '1')(`meets the issue 3 acceptance bars ${JSON.stringify(ACCEPTANCE)}`, () => {
    const s = scores();
    for (const [k, v] of Object.entries(ACCEPTANCE)) expect(s[k as keyof typeof ACCEPTANCE].f1, k).toBeGreaterThanOrEqual(v);
  }, 300_000);
});
