import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { loadNerModel } from '../../ner/component.js';
import { NerFormatError, parseNerGold } from '../../ner/formats.js';
import { NerModel } from '../../ner/model.js';
import { evaluateNer, type NerScores } from '../../ner/score.js';
import { UserError } from '../errors.js';
import { readTextInput } from '../input.js';
import { printJson, writeOut } from '../output.js';

const HELP = `
Reads PEYMA (token|B_TAG), Arman (token B-tag) and ParsTwiNER (token<TAB>B-TAG) files; the
format is detected from the first token line. The model runs on the gold tokenisation.
By default (--domain auto) the model follows the annotation conventions of the gold file's
corpus when it was trained on that corpus; the pipeline's default is --domain news.
Tags are mapped to sokhan's types (Arman pers→PER, pro→PRODUCT, event→EVENT, fac→FAC;
PEYMA DAT→DATE, TIM→TIME, MON→MONEY, PCT→PERCENT; ParsTwiNER EVE→EVENT). Only the types the
gold file's corpus annotates are scored: e.g. on PEYMA, predicted FAC spans are ignored.
ParsTwiNER's POG and NAT have no sokhan type and are not scored.
Scores are exact-span, micro-averaged precision, recall and F1 in percent.`;

function loadModelFile(path: string): NerModel {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new UserError(`${path}: is a directory`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === 'ENOENT' ? 'no such model file' : (e as Error).message}`);
  }
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    return NerModel.fromBytes(bytes);
  } catch (e) {
    throw new UserError(`${path}: not a sokhan NER model (${(e as Error).message.replace(/^sokhan: /, '')})`);
  }
}

function formatTable(r: NerScores): string {
  const row = (name: string, v: { precision: number; recall: number; f1: number; gold: number; predicted: number }) =>
    `${name.padEnd(9)}${v.precision.toFixed(2).padStart(10)}${v.recall.toFixed(2).padStart(10)}${v.f1.toFixed(2).padStart(10)}${String(v.gold).padStart(8)}${String(v.predicted).padStart(8)}\n`;
  let s = `corpus: ${r.corpus}, ${r.sentences} sentences, ${r.tokens} tokens\n`;
  s += `${'type'.padEnd(9)}${'P'.padStart(10)}${'R'.padStart(10)}${'F1'.padStart(10)}${'gold'.padStart(8)}${'pred'.padStart(8)}\n`;
  for (const [t, v] of Object.entries(r.types)) if (v) s += row(t, v);
  s += row('overall', r.overall);
  return s;
}

export function register(parent: Command): void {
  parent
    .command('ner')
    .description('entity precision/recall/F1 (exact span, micro), overall and per type, on a PEYMA, Arman or ParsTwiNER file')
    .requiredOption('--gold <file>', 'gold NER file (PEYMA, Arman or ParsTwiNER format)')
    .option('--json', 'print one JSON object: {overall: {precision, recall, f1}, types: {PER: {...}, ...}}')
    .option('--model <path>', 'a NER model file (default: models/ner.bin.gz)')
    .option('--domain <name>', "annotation conventions to follow: auto (the gold file's corpus), news (the pipeline's default), none, peyma, arman, parstwiner", 'auto')
    .addHelpText('after', HELP)
    .action(async (opts: { gold: string; json?: boolean; model?: string; domain: string }) => {
      const domains = ['auto', 'news', 'none', 'peyma', 'arman', 'parstwiner'];
      if (!domains.includes(opts.domain)) throw new UserError(`--domain takes one of ${domains.join(', ')}, got "${opts.domain}"`);
      const text = await readTextInput(opts.gold);
      let gold;
      try {
        gold = parseNerGold(text);
      } catch (e) {
        if (e instanceof NerFormatError) throw new UserError(`${opts.gold}: ${e.message}`);
        throw e;
      }
      const model = opts.model ? loadModelFile(opts.model) : loadNerModel();
      const r = evaluateNer(model, gold, { domain: opts.domain === 'auto' ? gold.corpus : opts.domain === 'none' ? null : opts.domain });
      if (opts.json) await printJson({ corpus: r.corpus, sentences: r.sentences, tokens: r.tokens, overall: r.overall, types: r.types });
      else await writeOut(formatTable(r));
    });
}
