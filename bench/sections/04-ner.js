// NER cost: the analyze pipeline with and without the `ner` component over Fars news
// paragraphs (../shared/data/persian-news-langml), plus the NER model alone on the same
// tokens. Target (issue 4): NER adds at most 2× to the cost of analyze.
import { importDist, fmt, table, gc } from '../lib.js';
import { farsParagraphs, skipNoData } from '../corpus.js';

const MAX_PARAGRAPHS = Number(process.env.BENCH_NER_PARAGRAPHS ?? 6000);

const pipelineMod = await importDist('pipeline.js');
const nerMod = await importDist('ner/component.js');
if (!pipelineMod || pipelineMod.__error || !nerMod || nerMod.__error) {
  console.log('skipped: dist/ not built (run `npm run build`)');
  process.exit(0);
}
const corpus = farsParagraphs(MAX_PARAGRAPHS);
if (corpus === null) {
  skipNoData('persian-news-langml/fars-news-*.json.gz');
  process.exit(0);
}
const { paragraphs, chars } = corpus;

// The analyze components that work in this build (pos/lemma may still be placeholders).
const { sokhan } = pipelineMod;
const base = [];
for (const c of ['normalize', 'tokenize', 'pos', 'lemma']) {
  try {
    sokhan({ components: [...base, c] })('آزمایش سامانه در تهران.');
    base.push(c);
  } catch {
    /* not available in this build */
  }
}
let nerModel;
try {
  nerModel = nerMod.loadNerModel();
} catch (e) {
  console.log(`skipped: ${e.message}`);
  process.exit(0);
}

function run(nlp) {
  let sentences = 0;
  let entities = 0;
  let tokens = 0;
  const t0 = process.hrtime.bigint();
  for (const p of paragraphs) {
    const d = nlp(p);
    sentences += d.sentences.length;
    tokens += d.tokens.length;
    entities += d.entities.length;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, sentences, tokens, entities };
}

const without = sokhan({ components: base });
const withNer = sokhan({ components: [...base, 'ner'] });
run(without); // warm-up (models load, JIT)
run(withNer);
gc();
const a = run(without);
gc();
const b = run(withNer);

// The NER model alone on the tokens the pipeline produced.
const docs = paragraphs.map((p) => without(p));
gc();
let nerSentences = 0;
const t0 = process.hrtime.bigint();
for (const d of docs) {
  nerMod.recognizeEntities(d, nerModel);
  nerSentences += Math.max(1, d.sentences.length);
}
const nerMs = Number(process.hrtime.bigint() - t0) / 1e6;

console.log(`${paragraphs.length} paragraphs, ${fmt(chars / 1e6, 2)} M chars, ${a.sentences} sentences, ${a.tokens} tokens; analyze = ${base.join(' + ')}`);
table(
  ['run', 'ms', 'sentences/s', 'tokens/s', 'entities'],
  [
    ['analyze without ner', fmt(a.ms, 0), fmt(a.sentences / (a.ms / 1000), 0), fmt(a.tokens / (a.ms / 1000), 0), '-'],
    ['analyze with ner', fmt(b.ms, 0), fmt(b.sentences / (b.ms / 1000), 0), fmt(b.tokens / (b.ms / 1000), 0), b.entities],
    ['ner alone (on analyzed docs)', fmt(nerMs, 0), fmt(nerSentences / (nerMs / 1000), 0), fmt(a.tokens / (nerMs / 1000), 0), '-'],
  ],
);
const ratio = b.ms / a.ms;
console.log(`\nNER cost factor: ${fmt(ratio, 2)}× the pipeline without ner (target ≤ 2×): ${ratio <= 2 ? 'OK' : 'OVER'}`);
