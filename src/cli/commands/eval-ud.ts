import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConlluError, parseConllu, writeConllu, type ConlluSentence } from '../../eval/conllu.js';
import { docToConlluSentences } from '../../eval/doc-conllu.js';
import { evaluateUd, formatUdTable, goldRawText, udRepresentation, UDError, UD_METRICS } from '../../eval/ud.js';
import { UserError } from '../errors.js';
import { readTextInput } from '../input.js';
import { printJson, writeOut } from '../output.js';
import { availablePipeline } from './analyze.js';

const HELP = `
Metrics are those of the CoNLL 2018 shared task scorer (conll18_ud_eval.py), ported:
Tokens, Sentences, Words, UPOS, XPOS, UFeats, AllTags, Lemmas, UAS, LAS (and CLAS, MLAS,
BLEX), each with precision, recall and F1 in percent.

Without --system, sokhan analyses the raw gold text: the "# text" lines (rebuilt from the
tokens when missing) joined by ONE SPACE into a single document (a blank line where the
gold file marks "# newpar" or "# newdoc"). Sentence boundaries are not given to the system.
The system's FORM is the source text of each token; annotations sokhan does not produce yet
are scored as they are (low), not hidden. A HEAD of "_" never counts as correct.`;

function parse(text: string, file: string): ConlluSentence[] {
  try {
    const s = parseConllu(text, file);
    if (s.length === 0) throw new UserError(`${file}: no sentences found`);
    return s;
  } catch (e) {
    if (e instanceof ConlluError) throw new UserError(`malformed CoNLL-U: ${e.message}`);
    throw e;
  }
}

export function register(parent: Command): void {
  parent
    .command('ud')
    .description('CoNLL 2018 shared-task metrics of sokhan on the raw gold text, or of a given system file')
    .requiredOption('--gold <file>', 'gold CoNLL-U file')
    .option('--system <file>', 'system CoNLL-U file to score instead of running sokhan')
    .option('--model <name>', 'treebank conventions and tagger model: perdt or seraji', 'perdt')
    .option('--json', 'print one JSON object: {Tokens: {precision, recall, f1, ...}, ...}')
    .option('--write-system <file>', 'also write the system CoNLL-U that was scored')
    .addHelpText('after', HELP)
    .action(async (opts: { gold: string; system?: string; model: string; json?: boolean; writeSystem?: string }) => {
      if (opts.model !== 'perdt' && opts.model !== 'seraji') throw new UserError(`--model takes perdt or seraji, got "${opts.model}"`);
      const gold = parse(await readTextInput(opts.gold), opts.gold);
      let system: ConlluSentence[];
      if (opts.system) system = parse(await readTextInput(opts.system), opts.system);
      else {
        const { nlp } = availablePipeline(opts.model);
        const doc = nlp(goldRawText(gold));
        system = docToConlluSentences(doc, { sentIdPrefix: 'sokhan-' });
      }
      if (opts.writeSystem) writeFileSync(opts.writeSystem, writeConllu(system));
      let scores;
      try {
        scores = evaluateUd(udRepresentation(gold), udRepresentation(system));
      } catch (e) {
        if (e instanceof UDError) throw new UserError(e.message.replace(/\n/g, ' '));
        throw e;
      }
      if (opts.json) {
        const out: Record<string, unknown> = {};
        for (const m of UD_METRICS) out[m] = scores[m];
        await printJson(out);
      } else await writeOut(formatUdTable(scores));
    });
}
