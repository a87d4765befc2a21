// Tokeniser benchmark: chars/s and tokens/s on one core over the normalised Fars news
// corpus (target ≥ 10 M chars/s). Reports "not available yet" until dist/ has a tokeniser.
import { farsCorpus, skipNoData } from '../corpus.js';
import { fmt, gc, hasDist, importDist, mb, measureBest, table } from '../lib.js';

const quick = process.env.SOKHAN_BENCH_QUICK === '1';

const rate = (n, ms) => n / (ms / 1000) / 1e6;

if (!hasDist('text/normalize.js')) {
  console.log('skipped: dist/ is missing (run `npm run build`)');
  process.exit(0);
}
const tok = (await importDist('tokenize/index.js')) ?? (await importDist('tokenize/tokenize.js'));
const comp = await importDist('tokenize/component.js');
let run = null;
if (tok && !tok.__error && typeof tok.tokenize === 'function') {
  run = (doc) => tok.tokenize(doc.text, { map: doc.map, source: doc.source });
} else if (comp && !comp.__error && typeof comp.tokenizeComponent === 'function') {
  const c = comp.tokenizeComponent();
  run = (doc) => c.run({ ...doc, sentences: [], tokens: [], entities: [] });
}
if (run === null) {
  console.log('tokenize: not available yet (no tokenize() or tokenizeComponent() in dist/tokenize)');
  process.exit(0);
}

const corpus = farsCorpus(10 * 1024 * 1024);
if (corpus === null) {
  skipNoData('Fars news (persian-news-langml/fars-news-*.json.gz)');
  process.exit(0);
}
const { normalize } = await importDist('text/normalize.js');
const n = normalize(corpus);
const doc = { source: corpus, text: n.text, map: n.map };
gc();
const heapBefore = process.memoryUsage().heapUsed;
const m = measureBest(() => run(doc), { runs: quick ? 1 : 3 });
gc(); // count what the last result keeps, not the garbage of the runs
const heapAfter = process.memoryUsage().heapUsed;
const tokens = m.result.tokens.length;
const sentences = m.result.sentences.length;
// Without a map (text offsets only): scanning, clitics and token objects, no offset mapping.
const plain = tok && !tok.__error && typeof tok.tokenize === 'function' ? measureBest(() => tok.tokenize(doc.text), { runs: quick ? 1 : 3 }) : null;
console.log(`Input: the normalised Fars corpus, ${fmt(doc.text.length / 1e6, 2)} M chars; ${tokens.toLocaleString('en-US')} tokens, ${sentences.toLocaleString('en-US')} sentences. CPU time is user+system of this process (best of the runs); wall time depends on the machine's load.\n`);
const row = (label, r, nTokens) => [label, fmt(rate(doc.text.length, r.wall)), fmt(rate(doc.text.length, r.cpu)), fmt(rate(nTokens, r.cpu), 2), '≥ 10 M chars/s', rate(doc.text.length, r.cpu) >= 10 ? 'yes' : 'NO'];
const rows = [row('tokenize(text, { map, source })', m, tokens)];
if (plain) rows.push(row('tokenize(text) (no offset map)', plain, plain.result.tokens.length));
table(['tokenize, one core', 'M chars/s (wall)', 'M chars/s (CPU)', 'M tokens/s (CPU)', 'target', 'met'], rows);
console.log(`\nMemory: the result holds ≈ ${mb(heapAfter - heapBefore)} of heap (${fmt((heapAfter - heapBefore) / Math.max(tokens, 1), 0)} bytes a token).`);
