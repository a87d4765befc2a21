#!/usr/bin/env node
// `npm run eval`: runs every `sokhan eval` command on the gold data in ../shared/data (or
// $SOKHAN_DATA) and prints one Markdown report. Each figure comes from the CLI's --json
// output; nothing here is hard-coded except which files are scored.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const data = process.env.SOKHAN_DATA ? resolve(process.env.SOKHAN_DATA) : resolve(root, '../shared/data');
const bin = join(root, 'bin/sokhan.js');

function run(args) {
  const r = spawnSync(process.execPath, [bin, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || '').trim().split('\n').pop() || `exit ${r.status}` };
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { error: 'output was not JSON' };
  }
}

const f = (x) => (typeof x === 'number' ? x.toFixed(2) : '–');
const rows = [];
function section(title, header) {
  rows.push('', `## ${title}`, '', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
}
function line(cells) {
  rows.push(`| ${cells.join(' | ')} |`);
}
function gold(rel) {
  const p = join(data, rel);
  return existsSync(p) ? p : null;
}

// Half-space restoration.
section('Half-space restoration: `sokhan eval zwnj`', ['gold', 'delete: rate', 'fixed/to_fix', 'damaged', 'space: rate', 'fixed/to_fix', 'damaged']);
for (const rel of ['ud-persian-perdt/fa_perdt-ud-test.conllu', 'ud-persian-perdt/fa_perdt-ud-dev.conllu', 'ud-persian-seraji/fa_seraji-ud-dev.conllu']) {
  const p = gold(rel);
  if (!p) continue;
  const r = run(['eval', 'zwnj', '--gold', p]);
  if (r.error) line([rel, `error: ${r.error}`, '', '', '', '', '']);
  else line([rel, f(r.delete.rate), `${r.delete.fixed}/${r.delete.to_fix}`, r.delete.damaged, f(r.space.rate), `${r.space.fixed}/${r.space.to_fix}`, r.space.damaged]);
}

// UD: tokens, words, sentences, tags, lemmas (F1 from raw text).
const udMetrics = ['Sentences', 'Tokens', 'Words', 'UPOS', 'XPOS', 'UFeats', 'AllTags', 'Lemmas', 'UAS', 'LAS'];
section('UD from raw text: `sokhan eval ud` (F1)', ['gold', 'model', ...udMetrics]);
for (const [rel, model] of [
  ['ud-persian-perdt/fa_perdt-ud-test.conllu', 'perdt'],
  ['ud-persian-perdt/fa_perdt-ud-dev.conllu', 'perdt'],
  ['ud-persian-seraji/fa_seraji-ud-dev.conllu', 'seraji'],
]) {
  const p = gold(rel);
  if (!p) continue;
  const r = run(['eval', 'ud', '--gold', p, '--model', model]);
  if (r.error) line([rel, model, `error: ${r.error}`, ...udMetrics.slice(1).map(() => '')]);
  else line([rel, model, ...udMetrics.map((m) => f(r[m]?.f1))]);
}

// NER.
section('Named entities: `sokhan eval ner` (exact span, micro)', ['gold', 'model', 'precision', 'recall', 'F1']);
for (const [rel, model] of [
  ['peyma-ner/dev.txt', null],
  ['arman-personer/test_fold2.txt', 'models/ner-arman-holdout2.bin.gz'],
  ['parstwiner/test.txt', null],
]) {
  const p = gold(rel);
  if (!p) continue;
  const args = ['eval', 'ner', '--gold', p];
  if (model) {
    if (!existsSync(join(root, model))) {
      line([rel, model, 'model missing: run `npm run train:ner -- --holdout arman2`', '', '']);
      continue;
    }
    args.push('--model', join(root, model));
  }
  const r = run(args);
  if (r.error) line([rel, model ?? 'default', `error: ${r.error}`, '', '']);
  else line([rel, model ?? 'default', f(r.overall.precision), f(r.overall.recall), f(r.overall.f1)]);
}

// News reading.
section('News reading: `sokhan eval news`', ['gold', 'quote precision', 'quote recall', 'speaker accuracy']);
{
  const p = join(root, 'eval/news/annotations.json');
  if (existsSync(p)) {
    const r = run(['eval', 'news', '--gold', p]);
    if (r.error) line([p, `error: ${r.error}`, '', '']);
    else {
      const parts = [['all', r.overall ?? r], ...Object.entries(r.splits ?? {})];
      for (const [name, s] of parts) line([`eval/news/annotations.json (${name})`, f(s.quotes?.precision ?? s.precision), f(s.quotes?.recall ?? s.recall), f(s.speakerAccuracy)]);
    }
  }
}

console.log(`# sokhan evaluation\n\ndata: ${data}`);
console.log(rows.join('\n'));
