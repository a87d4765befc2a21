#!/usr/bin/env node
// Builds models/lexicon.txt.gz from ../shared/data (or $SOKHAN_DATA).
//   node scripts/build-lexicon.js           write the model
//   node scripts/build-lexicon.js --check   build twice, check the bytes are identical and equal the committed model
//   node scripts/build-lexicon.js --research-ner   also use PEYMA train for NE facts (makes the model research-use only)
// Needs the compiled code (npm run build): the nominal lemma rankers are trained with dist/morph.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildLexicon, verbLemmaStems } from './lexicon/build.js';
import { Lexicon } from '../dist/morph/lexicon.js';
import { learnVerbRemap, schemeRankerExamples, trainRankerOnTokens } from '../dist/morph/lemmatize.js';
import { parseConllu } from '../dist/eval/conllu.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = process.env.SOKHAN_DATA ?? fileURLToPath(new URL('../../shared/data', import.meta.url));
const out = root + 'models/lexicon.txt.gz';
// --research-ner adds PEYMA (research use only) to the named-entity facts; the default keeps the
// lexicon free of research-only data (MIT, Apache-2.0, CC BY-SA 4.0 and GPL-derived facts only).
const researchNer = process.argv.includes('--research-ner');

const DEV = { perdt: 'ud-persian-perdt/fa_perdt-ud-dev.conllu', seraji: 'ud-persian-seraji/fa_seraji-ud-dev.conllu' };

/**
 * The lexicon text plus the nominal lemma rankers (sections @ranker.perdt/.seraji), trained on the
 * words of each UD dev split (in context for PerDT; the same dev splits the @lemmas facts come from).
 */
function buildText() {
  const text = buildLexicon(dataDir, { researchNer });
  const lex = new Lexicon(text);
  // Lemma-only past-stem choices first: the verb maps below are learned on the lemmas they give.
  const extra = ['@verbs.lemma', ...verbLemmaStems(dataDir, lex.presentToPast)];
  const withStems = new Lexicon(text.slice(0, text.lastIndexOf('@end\n')) + extra.join('\n') + '\n@end\n');
  for (const scheme of ['perdt', 'seraji']) {
    const file = `${dataDir}/${DEV[scheme]}`;
    const sents = parseConllu(readFileSync(file, 'utf8'), file);
    extra.push('@ranker.' + scheme, ...trainRankerOnTokens(schemeRankerExamples(sents, scheme), lex).toLines());
    extra.push('@verbmap.' + scheme, ...[...learnVerbRemap(withStems.lemmaFacts[scheme], withStems)].map(([a, b]) => a + '\t' + b));
  }
  const end = text.lastIndexOf('@end\n');
  return text.slice(0, end) + extra.join('\n') + '\n' + text.slice(end);
}
const pack = () => gzipSync(Buffer.from(buildText(), 'utf8'), { level: 9 });
const sha = (b) => createHash('sha256').update(b).digest('hex');

const t0 = Date.now();
const a = pack();
if (process.argv.includes('--check')) {
  const b = pack();
  const same = sha(a) === sha(b);
  const committed = existsSync(out) ? sha(readFileSync(out)) : null;
  console.log(`build 1: ${sha(a)}\nbuild 2: ${sha(b)}\nmodels/lexicon.txt.gz: ${committed ?? '(missing)'}`);
  if (!same) { console.error('build-lexicon: two builds differ'); process.exit(1); }
  if (committed !== sha(a)) { console.error('build-lexicon: committed model differs from a fresh build; run npm run build:lexicon'); process.exit(1); }
  console.log('ok: deterministic and up to date');
} else {
  writeFileSync(out, a);
  console.log(`wrote models/lexicon.txt.gz (${a.length} bytes, sha256 ${sha(a).slice(0, 16)}) in ${Date.now() - t0} ms`);
}
