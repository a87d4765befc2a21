// Cross-validation for the half-space model (tuning only; never touches PerDT test).
// Builds the model without one half of PerDT dev (contiguous halves, so documents do not
// leak) and scores the other half; and without Seraji dev, scoring Seraji dev.
// With --learned (what build-halfspace.js ships), the decisions come from the classifiers of
// learn.js, trained (nested) only on the folds the scored fold is not: no gold label of the
// scored sentences, and no count from them, reaches its model.
// Usage: node scripts/halfspace/cv.js [--learned] [--errors N] [--weights JSON]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, loadSources, DEFAULT_WEIGHTS } from './build.js';
import { instancesFor, trainClassifier, LEARN_DEFAULTS } from './learn.js';
import { registerModel } from '../../dist/models/load.js';
import { encodeHalfSpaceModel } from '../../dist/text/halfspace/binary.js';
import { HALFSPACE_MODEL_FILE, parseHalfSpaceModel } from '../../dist/text/halfspace/model.js';
import { normalizeText } from '../../dist/text/normalize.js';
import { evalZwnj } from '../../dist/eval/zwnj.js';
import { parseConllu, sentenceText } from '../../dist/eval/conllu.js';
import { dataDir } from '../../dist/util/data-path.js';

const args = process.argv.slice(2);
const nErr = args.includes('--errors') ? Number(args[args.indexOf('--errors') + 1]) : 0;
const weights = args.includes('--weights') ? { ...DEFAULT_WEIGHTS, ...JSON.parse(args[args.indexOf('--weights') + 1]) } : DEFAULT_WEIGHTS;
const D = dataDir();
const gold = (rel) => parseConllu(readFileSync(join(D, rel), 'utf8')).map((s) => s.text ?? sentenceText(s));
const perdt = gold('ud-persian-perdt/fa_perdt-ud-dev.conllu');
const seraji = gold('ud-persian-seraji/fa_seraji-ud-dev.conllu');
const half = Math.floor(perdt.length / 2);
const learned = args.includes('--learned');
const learnOpts = args.includes('--learn') ? { ...LEARN_DEFAULTS, ...JSON.parse(args[args.indexOf('--learn') + 1]) } : LEARN_DEFAULTS;
const SRC = loadSources(D);

// The fold's model, encoded as the shipped binary is (the loader the CLI uses reads it).
function use(lines) {
  registerModel(HALFSPACE_MODEL_FILE, encodeHalfSpaceModel(parseHalfSpaceModel(lines.join('\n') + '\n')));
}
const fix = (t) => normalizeText(t);
const runs = [
  ['perdt-A (built without A)', { perdtFilter: (i) => i >= half }, perdt.slice(0, half), 'A'],
  ['perdt-B (built without B)', { perdtFilter: (i) => i < half }, perdt.slice(half), 'B'],
  ['seraji (built without seraji)', { noSeraji: true }, seraji, 'S'],
];
const total = { delete: { to_fix: 0, fixed: 0, damaged: 0 }, space: { to_fix: 0, fixed: 0, damaged: 0 } };
for (const [name, opts, golds, fold] of runs) {
  const classifier = learned ? trainClassifier(instancesFor(SRC, [fold], { ...learnOpts, weights }), learnOpts) : undefined;
  use(buildModel(SRC, { ...opts, weights, classifier }));
  const errors = nErr ? [] : undefined;
  const r = evalZwnj(golds, fix, errors);
  console.log(`${name.padEnd(32)} delete ${r.delete.rate.toFixed(2)} (${r.delete.fixed}/${r.delete.to_fix}, damaged ${r.delete.damaged})  space ${r.space.rate.toFixed(2)} (${r.space.fixed}/${r.space.to_fix}, damaged ${r.space.damaged})`);
  for (const m of ['delete', 'space']) for (const k of ['to_fix', 'fixed', 'damaged']) total[m][k] += r[m][k];
  if (errors) for (const e of errors.slice(0, nErr)) console.log(`  ${e.mode}\t${e.kind}\t${e.gold}\t→ ${e.output}`);
}
const rate = (m) => ((100 * total[m].fixed) / total[m].to_fix).toFixed(2);
console.log(`TOTAL delete ${rate('delete')} damaged ${total.delete.damaged}; space ${rate('space')} damaged ${total.space.damaged}`);
