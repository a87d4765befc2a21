#!/usr/bin/env node
// Checks the PROPN-from-entities rule (`nerComponent({ propn: true })`, on for the PerDT model) on
// a dev split the NER model never saw, with OUT-OF-FOLD tagger predictions (make them first with
// `node scripts/lexicon/oof-tags.js --scheme perdt --out OOF.json`):
//   node scripts/tag/propn-from-ner.js OOF.json [GOLD.conllu]
// Prints the UPOS accuracy of the out-of-fold tags before and after the rule, and the words it
// corrected and broke. The gold words are the NER input (one sentence at a time, news domain).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConllu } from '../../dist/eval/conllu.js';
import { loadNerModel } from '../../dist/ner/component.js';
import { NerModel } from '../../dist/ner/model.js';

const [oofFile, goldArg] = process.argv.slice(2);
if (!oofFile || oofFile.startsWith('-')) {
  console.error('usage: node scripts/tag/propn-from-ner.js OOF.json [GOLD.conllu]');
  process.exit(2);
}
const dataDir = process.env.SOKHAN_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
const gold = goldArg ?? `${dataDir}/ud-persian-perdt/fa_perdt-ud-dev.conllu`;
const sents = parseConllu(readFileSync(gold, 'utf8'), gold).map((s) => s.tokens.flatMap((t) => t.words));
const oof = JSON.parse(readFileSync(oofFile, 'utf8'));
const total = sents.reduce((a, ws) => a + ws.length, 0);
if (!Array.isArray(oof) || oof.length !== total) {
  console.error(`propn-from-ner: ${oofFile} has ${Array.isArray(oof) ? oof.length : 'no'} tags for ${total} words of ${gold}`);
  process.exit(1);
}
const model = loadNerModel();
const TYPES = new Set(['PER', 'LOC', 'ORG']);
let j = 0;
let before = 0;
let after = 0;
let fixed = 0;
let broke = 0;
for (const ws of sents) {
  const labels = model.tagDocument([ws.map((w) => w.form)], 'news')[0];
  const inside = new Array(ws.length).fill(false);
  for (const sp of NerModel.spansOf(labels)) if (TYPES.has(sp.type)) for (let i = sp.start; i < sp.end; i++) inside[i] = true;
  for (let i = 0; i < ws.length; i++, j++) {
    const g = ws[i].upos;
    const p = oof[j];
    const q = inside[i] && (p === 'NOUN' || p === 'ADJ') ? 'PROPN' : p;
    before += p === g;
    after += q === g;
    if (q !== p) (q === g ? fixed++ : p === g && broke++);
  }
}
const pct = (x) => (100 * x / total).toFixed(2);
console.log(JSON.stringify({ gold, words: total, uposBefore: +pct(before), uposAfter: +pct(after), fixed, broke }));
