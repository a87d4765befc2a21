// Analyze speed (issue 3): normalize + tokenize + pos + lemma over Fars news paragraphs
// (../shared/data/persian-news-langml), on one core, in characters per second. Model load
// time (lexicon, tagger) is measured separately, in a fresh process state before any run.
// Also the tagger and lemmatiser alone on pre-tokenised words. Target: ≥ 3 M chars/s.
// Speeds are per CPU second of this process (process.cpuUsage), which the other jobs on a shared
// machine disturb much less than wall time; wall time is shown too.
import { importDist, fmt, table, gc } from '../lib.js';
import { farsParagraphs, skipNoData } from '../corpus.js';

const MAX_PARAGRAPHS = Number(process.env.BENCH_ANALYZE_PARAGRAPHS ?? 20000);

const pipelineMod = await importDist('pipeline.js');
const lexMod = await importDist('morph/lexicon.js');
const lemMod = await importDist('morph/lemmatize.js');
const tagMod = await importDist('tag/tagger.js');
const modelMod = await importDist('tag/model.js');
const loadMod = await importDist('models/load.js');
for (const m of [pipelineMod, lexMod, lemMod, tagMod, modelMod, loadMod]) {
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
// CPU ms (this process), like the speed rows.
const ms = (f) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const loadLex = ms(() => lexMod.getLexicon());
const loadPerdt = ms(() => tagMod.getTagger('perdt'));
const loadSeraji = ms(() => tagMod.getTagger('seraji'));

const { sokhan } = pipelineMod;
const normOnly = sokhan({ components: ['normalize'] });
const tokOnly = sokhan({ components: ['normalize', 'tokenize'] });
const tagged = sokhan({ components: ['normalize', 'tokenize', 'pos'] });
const analyze = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'] });

/** { cpu, wall } in ms of one call of fn. */
function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function run(nlp) {
  let tokens = 0;
  for (const p of paragraphs) tokens += nlp(p).tokens.length;
  return tokens;
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
  for (const s of sentences) tagger.tagIndices(s);
}
// The same tagger with its score sums in JS only (no WebAssembly kernel, as where WebAssembly
// cannot run): the same tags, for comparison.
const taggerJs = new modelMod.Tagger(JSON.parse(new TextDecoder().decode(loadMod.loadModelBytes('tagger-perdt.json.gz'))), lexicon, { kernel: false });
const kernelUsed = tagger.usesKernel === true;
function tagAllJs() {
  for (const s of sentences) taggerJs.tagIndices(s);
}
// The same tagger without its stage C (the correction of stage-A UPOS from both sides), when the
// model has one: what that stage costs.
const perdtJson = JSON.parse(new TextDecoder().decode(loadMod.loadModelBytes('tagger-perdt.json.gz')));
const taggerNoC = perdtJson.c ? new modelMod.Tagger({ ...perdtJson, c: undefined }, lexicon) : null;
function tagAllNoC() {
  for (const s of sentences) taggerNoC.tagIndices(s);
}
function lemmaAll() {
  for (const s of sentences) for (const w of s) lemMod.lemmatize(w, 'NOUN', { lexicon });
}

// First pass: the JIT is warmed on the first tenth of the paragraphs, then the rest is analysed
// once, so the tagger and lemma caches meet most word forms for the first time (as on new articles).
// The rows after this one are timed on warm caches (every paragraph analysed before).
const firstTenth = paragraphs.slice(0, Math.ceil(paragraphs.length / 10));
const restParas = paragraphs.slice(firstTenth.length);
for (const p of firstTenth) analyze(p);
gc();
const tFirst = timed(() => {
  for (const p of restParas) analyze(p);
});
const restChars = restParas.reduce((n, p) => n + p.length, 0);

run(normOnly); // warm-up (JIT, caches)
run(tokOnly);
run(tagged);
run(analyze);
tagAll();
tagAllJs();
if (taggerNoC) tagAllNoC();
gc();
// Best of three, by CPU time.
const best = (f) => {
  let b = null;
  for (let i = 0; i < 3; i++) {
    gc();
    const t = timed(f);
    if (!b || t.cpu < b.cpu) b = t;
  }
  return b;
};
const tNorm = best(() => run(normOnly));
const tTok = best(() => run(tokOnly));
const tPos = best(() => run(tagged));
const tAll = best(() => run(analyze));
const tTag = best(tagAll);
const tTagJs = best(tagAllJs);
const tTagNoC = taggerNoC ? best(tagAllNoC) : null;
const tLem = best(lemmaAll);
const tokens = run(analyze);

console.log(`${paragraphs.length} paragraphs, ${fmt(chars / 1e6, 2)} M chars, ${tokens} tokens, ${nWords} words; one core\n`);
table(
  ['step', 'CPU ms', 'wall ms', 'M chars/s (CPU)', 'words/s (CPU)'],
  [
    ['normalize', tNorm],
    ['normalize + tokenize', tTok],
    ['normalize + tokenize + pos', tPos],
    ['analyze (normalize + tokenize + pos + lemma)', tAll],
    [`tagger alone (pre-tokenised words)${kernelUsed ? '' : ' (no WebAssembly here: JS sums)'}`, tTag],
    ['tagger alone, JS sums only (no WebAssembly kernel)', tTagJs],
    ...(tTagNoC ? [['tagger alone without its stage C (right-context correction)', tTagNoC]] : []),
    ['lemmatiser alone (pre-tokenised words)', tLem],
  ].map(([name, t]) => [name, fmt(t.cpu, 0), fmt(t.wall, 0), fmt(chars / t.cpu / 1e3, 2), fmt(nWords / (t.cpu / 1000), 0)]),
);
console.log(
  `\nanalyze, first pass over ${restParas.length} paragraphs (${fmt(restChars / 1e6, 2)} M chars) whose word forms the caches had mostly not seen: ` +
    `${fmt(tFirst.cpu, 0)} CPU ms, ${fmt(restChars / tFirst.cpu / 1e3, 2)} M chars/s (CPU); the rows above are on warm caches.\n`,
);
table(
  ['model load (once)', 'CPU ms'],
  [
    ['lexicon (models/lexicon.txt.gz)', fmt(loadLex, 1)],
    ['tagger perdt (models/tagger-perdt.json.gz)', fmt(loadPerdt, 1)],
    ['tagger seraji (models/tagger-seraji.json.gz)', fmt(loadSeraji, 1)],
  ],
);
// Each component's share, as the difference between the pipelines that end before and after it
// (differences of best-of-three CPU times: a rough split, not a profile).
console.log('');
table(
  ['component (in the pipeline)', 'CPU ms', 'share'],
  [
    ['normalize', tNorm.cpu],
    ['tokenize', tTok.cpu - tNorm.cpu],
    ['pos', tPos.cpu - tTok.cpu],
    ['lemma', tAll.cpu - tPos.cpu],
  ].map(([name, ms]) => [name, fmt(ms, 0), fmt((100 * ms) / tAll.cpu, 0) + '%']),
);
// Each component's own CPU time inside analyze: process.cpuUsage around each component's run,
// summed over the paragraphs, best of three passes (warm caches). A direct split, steadier than the
// differences of whole pipelines above; the timer calls add about a microsecond per call.
const docMod = await importDist('doc/doc.js');
if (docMod && !docMod.__error) {
  const comps = analyze.components;
  const cpuNow = () => {
    const c = process.cpuUsage();
    return c.user + c.system;
  };
  const own = comps.map(() => Infinity);
  for (let r = 0; r < 3; r++) {
    gc();
    const acc = comps.map(() => 0);
    for (const p of paragraphs) {
      let doc = docMod.createDoc(p);
      for (let k = 0; k < comps.length; k++) {
        const t0 = cpuNow();
        doc = comps[k].run(doc);
        acc[k] += cpuNow() - t0;
      }
    }
    for (let k = 0; k < comps.length; k++) own[k] = Math.min(own[k], acc[k] / 1000);
  }
  console.log('');
  table(
    ['component (own CPU inside analyze, best of three)', 'CPU ms'],
    comps.map((c, k) => [c.name, fmt(own[k], 0)]),
  );
}
console.log(`\ntarget: analyze ≥ 3 M chars/s (CPU) — ${chars / tAll.cpu / 1e3 >= 3 ? 'met' : 'NOT met'}`);
