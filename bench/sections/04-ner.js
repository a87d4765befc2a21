// NER cost: the analyze pipeline with and without the `ner` component over Fars news
// paragraphs (../shared/data/persian-news-langml), plus the NER model alone on the same
// tokens. Target (issue 4): NER adds at most 2× to the cost of analyze. Times are CPU time
// of this process (user + system; the machine may be shared), wall time alongside.
// The NER scorer caches per word form and word pair: the "cold" row is a fresh model's
// first pass over the text (every cache empty), the other rows run after a warm-up pass.
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

const cpuMs = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

function run(nlp) {
  let sentences = 0;
  let entities = 0;
  let tokens = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const p of paragraphs) {
    const d = nlp(p);
    sentences += d.sentences.length;
    tokens += d.tokens.length;
    entities += d.entities.length;
  }
  return { ms: cpuMs(c0), wall: Number(process.hrtime.bigint() - t0) / 1e6, sentences, tokens, entities };
}

// A fresh model's first pass (cold caches), on the pipeline's tokens; its load time and
// memory (heap + array buffers: the model once loaded, then with the caches of the pass).
const modelMod = await importDist('ner/model.js');
let cold = null;
let load = null;
const keepAlive = [];
// Array buffers are released a little after the collection that frees them: settle first.
const mem = async () => {
  for (let k = 0; k < 3; k++) {
    gc();
    await new Promise((r) => setTimeout(r, 30));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
{
  const { readFileSync } = await import('node:fs');
  const { gunzipSync } = await import('node:zlib');
  const file = new URL('../../models/ner.bin.gz', import.meta.url);
  const pre = sokhan({ components: base });
  const docs = paragraphs.map((p) => pre(p));
  const probe = pre('آزمایش');
  nerMod.recognizeEntities(probe, nerModel); // the lexicon and other shared tables loaded outside the timing
  const m0 = await mem();
  const l0 = process.cpuUsage();
  const fresh = modelMod.NerModel.fromBytes(gunzipSync(readFileSync(file)));
  nerMod.recognizeEntities(probe, fresh); // lazy tables built outside the cold timing
  load = { ms: cpuMs(l0), bytes: (await mem()) - m0 };
  keepAlive.push(fresh);
  gc();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const d of docs) nerMod.recognizeEntities(d, fresh);
  cold = { ms: cpuMs(c0), wall: Number(process.hrtime.bigint() - t0) / 1e6 };
  // Memory of a model with the caches of one pass (another fresh model, results dropped, so
  // the documents' own entity annotations are not counted).
  const formsOf = (d) => d.sentences.map((s) => d.tokens.slice(s.tokenStart, s.tokenEnd).map((t) => t.form ?? d.text.slice(t.start, t.end)));
  const m1 = await mem();
  const again = modelMod.NerModel.fromBytes(gunzipSync(readFileSync(file)));
  for (const d of docs) again.tagDocument(formsOf(d), 'news');
  cold.bytes = (await mem()) - m1;
  keepAlive.push(again); // (the model must outlive the measurement)
}

const without = sokhan({ components: base });
const withNer = sokhan({ components: [...base, 'ner'] });
run(without); // warm-up (models load, JIT)
run(withNer);
// Alternated pairs (without, with): one pass of each is noisy on a shared machine (the factor
// of a single pair has ranged 1.34–1.92× with the same code), so the figure is the median of
// the pairs' factors, with their range; the table shows the pair with that median.
const PAIRS = Math.max(1, Number(process.env.BENCH_NER_PAIRS ?? 5));
const pairs = [];
for (let k = 0; k < PAIRS; k++) {
  gc();
  const x = run(without);
  gc();
  const y = run(withNer);
  pairs.push({ a: x, b: y, f: y.ms / x.ms });
}
const sortedPairs = [...pairs].sort((p, q) => p.f - q.f);
const { a, b } = sortedPairs[(sortedPairs.length - 1) >> 1];

// The NER model alone on the tokens the pipeline produced.
const docs = paragraphs.map((p) => without(p));
gc();
let nerSentences = 0;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (const d of docs) {
  nerMod.recognizeEntities(d, nerModel);
  nerSentences += Math.max(1, d.sentences.length);
}
const nerMs = cpuMs(c0);
const nerWall = Number(process.hrtime.bigint() - t0) / 1e6;

console.log(`${paragraphs.length} paragraphs, ${fmt(chars / 1e6, 2)} M chars, ${a.sentences} sentences, ${a.tokens} tokens; analyze = ${base.join(' + ')}`);
table(
  ['run', 'CPU ms', 'wall ms', 'sentences/s (CPU)', 'tokens/s (CPU)', 'entities'],
  [
    ['analyze without ner', fmt(a.ms, 0), fmt(a.wall, 0), fmt(a.sentences / (a.ms / 1000), 0), fmt(a.tokens / (a.ms / 1000), 0), '-'],
    ['analyze with ner', fmt(b.ms, 0), fmt(b.wall, 0), fmt(b.sentences / (b.ms / 1000), 0), fmt(b.tokens / (b.ms / 1000), 0), b.entities],
    ['ner alone (on analyzed docs)', fmt(nerMs, 0), fmt(nerWall, 0), fmt(nerSentences / (nerMs / 1000), 0), fmt(a.tokens / (nerMs / 1000), 0), '-'],
    ['ner alone, cold (fresh model, first pass)', fmt(cold.ms, 0), fmt(cold.wall, 0), fmt(nerSentences / (cold.ms / 1000), 0), fmt(a.tokens / (cold.ms / 1000), 0), '-'],
  ],
);
console.log(
  `\nNER model load (fresh, gunzip + parse + first call): ${fmt(load.ms, 0)} CPU ms; memory ${fmt(load.bytes / 1e6, 1)} MB loaded, ${fmt(cold.bytes / 1e6, 1)} MB after the cold pass (model + caches)`,
);
const ratio = b.ms / a.ms;
const factors = pairs.map((p) => fmt(p.f, 2)).join(', ');
console.log(
  `\nNER cost factor (CPU time): ${fmt(ratio, 2)}× the pipeline without ner, median of ${PAIRS} alternated pairs (${factors}; range ${fmt(sortedPairs[0].f, 2)}–${fmt(sortedPairs[sortedPairs.length - 1].f, 2)}) (target ≤ 2×): ${ratio <= 2 ? 'OK' : 'OVER'}`,
);
console.log(`NER cost factor, cold caches: ${fmt((a.ms + cold.ms) / a.ms, 2)}×; wall-time factor: ${fmt(b.wall / a.wall, 2)}×`);
