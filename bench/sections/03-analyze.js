// Analyze speed (issue 3): normalize + tokenize + pos + lemma over Fars news paragraphs
// (../shared/data/persian-news-langml), on one core, in characters per second. Model load
// time (lexicon, tagger) is measured separately, in a fresh process state before any run.
// Also the tagger and lemmatiser alone on pre-tokenised words. Target: ≥ 3 M chars/s.
import { importDist, fmt, table, gc } from '../lib.js';
import { farsParagraphs, skipNoData } from '../corpus.js';

const MAX_PARAGRAPHS = Number(process.env.BENCH_ANALYZE_PARAGRAPHS ?? 20000);

const pipelineMod = await importDist('pipeline.js');
const lexMod = await importDist('morph/lexicon.js');
const lemMod = await importDist('morph/lemmatize.js');
const tagMod = await importDist('tag/tagger.js');
for (const m of [pipelineMod, lexMod, lemMod, tagMod]) {
  if (!m || m.__error) {
    console.log('skipped: dist/ not built (run `npm run build`)');
    process.exit(0);
  }
}
const corpus = farsParagraphs(MAX_PARAGRAPHS);
if (corpus === null) {
  skipNoData('persian-news-langml/fars-news-*.json.gz');
  process.exit(0);
}
const { paragraphs, chars } = corpus;

// Model load, once each (the first call parses the model).
const ms = (f) => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const loadLex = ms(() => lexMod.getLexicon());
const loadPerdt = ms(() => tagMod.getTagger('perdt'));
const loadSeraji = ms(() => tagMod.getTagger('seraji'));

const { sokhan } = pipelineMod;
const tokOnly = sokhan({ components: ['normalize', 'tokenize'] });
const analyze = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'] });

function run(nlp) {
  let tokens = 0;
  const t0 = process.hrtime.bigint();
  for (const p of paragraphs) tokens += nlp(p).tokens.length;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, tokens };
}

// Pre-tokenised words for the components alone.
const sentences = [];
for (const p of paragraphs) {
  const d = tokOnly(p);
  for (const s of d.sentences) {
    const forms = [];
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const t = d.tokens[i];
      if (t.words && t.words.length) for (const w of t.words) forms.push(w.form);
      else forms.push(t.form);
    }
    sentences.push(forms);
  }
}
const nWords = sentences.reduce((a, s) => a + s.length, 0);
const tagger = tagMod.getTagger('perdt');
const lexicon = lexMod.getLexicon();
function tagAll() {
  const t0 = process.hrtime.bigint();
  for (const s of sentences) tagger.tagIndices(s);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
function lemmaAll() {
  const t0 = process.hrtime.bigint();
  for (const s of sentences) for (const w of s) lemMod.lemmatize(w, 'NOUN', { lexicon });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

run(tokOnly); // warm-up (JIT, caches)
run(analyze);
tagAll();
gc();
const best = (f) => Math.min(f(), f());
const tTok = best(() => run(tokOnly).ms);
const tAll = best(() => run(analyze).ms);
const tTag = best(tagAll);
const tLem = best(lemmaAll);
const tokens = run(analyze).tokens;

console.log(`${paragraphs.length} paragraphs, ${fmt(chars / 1e6, 2)} M chars, ${tokens} tokens, ${nWords} words; one core\n`);
table(
  ['step', 'ms', 'M chars/s', 'words/s'],
  [
    ['normalize + tokenize', fmt(tTok, 0), fmt(chars / tTok / 1e3, 2), fmt(nWords / (tTok / 1000), 0)],
    ['analyze (normalize + tokenize + pos + lemma)', fmt(tAll, 0), fmt(chars / tAll / 1e3, 2), fmt(nWords / (tAll / 1000), 0)],
    ['tagger alone (pre-tokenised words)', fmt(tTag, 0), fmt(chars / tTag / 1e3, 2), fmt(nWords / (tTag / 1000), 0)],
    ['lemmatiser alone (pre-tokenised words)', fmt(tLem, 0), fmt(chars / tLem / 1e3, 2), fmt(nWords / (tLem / 1000), 0)],
  ],
);
console.log('');
table(
  ['model load (once)', 'ms'],
  [
    ['lexicon (models/lexicon.txt.gz)', fmt(loadLex, 1)],
    ['tagger perdt (models/tagger-perdt.json.gz)', fmt(loadPerdt, 1)],
    ['tagger seraji (models/tagger-seraji.json.gz)', fmt(loadSeraji, 1)],
  ],
);
console.log(`\ntarget: analyze ≥ 3 M chars/s — ${chars / tAll / 1e3 >= 3 ? 'met' : 'NOT met'}`);
