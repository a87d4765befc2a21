import type { Command } from 'commander';
import { ConlluError, parseConllu, sentenceText } from '../../eval/conllu.js';
import { evalZwnj, type ZwnjError, type ZwnjReport } from '../../eval/zwnj.js';
import { normalizeText } from '../../text/normalize.js';
import { UserError } from '../errors.js';
import { readTextInput } from '../input.js';
import { printJson, writeOut } from '../output.js';

const HELP = `
Definition: the gold "# text" of each sentence (rebuilt from the tokens and SpaceAfter
when missing) is damaged two ways, "delete" (every ZWNJ removed) and "space" (every ZWNJ
replaced by a space). Each damaged text goes through the full default normalize() and is
compared with the gold at every boundary between two consecutive Persian letters: none,
ZWNJ, or other (space, digit, punctuation...). Marks, kashida, ZWJ, LRM/RLM are ignored.
After a letter that does not join leftwards (ا د ذ ر ز ژ و آ ؤ ة ۀ ء ...), none and ZWNJ
count as equal. Letters are aligned after folding Arabic/Persian variants (LCS if counts
differ); an unaligned boundary counts as wrong.
  to_fix   gold ZWNJ boundaries made wrong by the damage
  fixed    of those, right in the output
  damaged  boundaries right in the damaged input and wrong in the output
  rate     100 * fixed / to_fix
JSON: {"delete": {to_fix, fixed, damaged, rate}, "space": {...}}`;

function table(r: ZwnjReport): string {
  const row = (name: string, c: ZwnjReport['delete']) =>
    `${name.padEnd(8)}${String(c.to_fix).padStart(8)}${String(c.fixed).padStart(8)}${c.rate.toFixed(2).padStart(9)}${String(c.damaged).padStart(9)}\n`;
  return `${'damage'.padEnd(8)}${'to_fix'.padStart(8)}${'fixed'.padStart(8)}${'rate %'.padStart(9)}${'damaged'.padStart(9)}\n` + row('delete', r.delete) + row('space', r.space);
}

export function register(parent: Command): void {
  parent
    .command('zwnj')
    .description('half-space restoration: gold text with ZWNJ deleted / turned into spaces, normalised, compared with the gold')
    .requiredOption('--gold <file>', 'gold CoNLL-U file (its # text lines)')
    .option('--json', 'print one JSON object')
    .option('--errors <n>', 'also list up to N errors on stderr (diagnostics)', '0')
    .addHelpText('after', HELP)
    .action(async (opts: { gold: string; json?: boolean; errors: string }) => {
      const input = await readTextInput(opts.gold);
      let sentences;
      try {
        sentences = parseConllu(input, opts.gold);
      } catch (e) {
        if (e instanceof ConlluError) throw new UserError(`malformed CoNLL-U: ${e.message}`);
        throw e;
      }
      if (sentences.length === 0) throw new UserError(`${opts.gold}: no sentences found`);
      const golds = sentences.map((s) => s.text ?? sentenceText(s));
      const maxErrors = Number(opts.errors);
      if (!Number.isInteger(maxErrors) || maxErrors < 0) throw new UserError(`--errors takes a non-negative integer, got "${opts.errors}"`);
      const errors: ZwnjError[] | undefined = maxErrors > 0 ? [] : undefined;
      const report = evalZwnj(golds, (t) => normalizeText(t), errors);
      if (errors) {
        let out = '';
        for (const e of errors.slice(0, maxErrors)) out += `${e.mode}\t${e.kind}\t${e.sentence}\t${e.gold}\t→\t${e.output}\n`;
        process.stderr.write(out);
      }
      if (opts.json) await printJson(report);
      else await writeOut(table(report));
    });
}
