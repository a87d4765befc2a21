// Shared setup of the out-of-fold tagger scripts (scripts/lexicon/oof-tags.js, scripts/tag/oof-scores.js):
// command-line options, a dev split's sentences and the word clusters of the committed tagger.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseConllu } from '../../dist/eval/conllu.js';
import { WEIGHT_SCALE, modelClasses } from '../../dist/tag/model.js';

export const args = process.argv.slice(2);
/** The value after option `n`, or `d`. */
export const opt = (n, d) => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : d;
};
export const dataDir = process.env.SOKHAN_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));

/** The dev split of a scheme. */
export function devFile(scheme) {
  return { perdt: `${dataDir}/ud-persian-perdt/fa_perdt-ud-dev.conllu`, seraji: `${dataDir}/ud-persian-seraji/fa_seraji-ud-dev.conllu` }[scheme];
}

/** The sentences of a CoNLL-U file: their words, word forms and joint tags (UPOS, XPOS, FEATS). */
export function readSentences(file) {
  return parseConllu(readFileSync(file, 'utf8'), file).map((s) => {
    const words = s.tokens.flatMap((t) => t.words);
    return { words, forms: words.map((w) => w.form), tags: words.map((w) => `${w.upos}\t${w.xpos}\t${w.feats}`) };
  });
}

/**
 * The word clusters of the shipped tagger (built from unlabelled news, not from the dev split), so the
 * out-of-fold taggers have the same features as the one the pipeline runs; undefined without any.
 */
export function shippedClusters(scheme) {
  const modelFile = fileURLToPath(new URL(`../../models/tagger-${scheme}.json.gz`, import.meta.url));
  return modelClasses(JSON.parse(gunzipSync(readFileSync(modelFile)).toString('utf8')));
}

/** A weight table of a model file as a map: feature string → [label, weight] pairs (weights unscaled). */
export function weightTable(t) {
  const m = new Map();
  t.features.forEach((f, i) => {
    const e = [];
    for (let j = t.offsets[i]; j < t.offsets[i + 1]; j++) e.push([t.labels[j], t.weights[j] / WEIGHT_SCALE]);
    m.set(f, e);
  });
  return m;
}
