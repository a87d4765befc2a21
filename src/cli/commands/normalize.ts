import type { Command } from 'commander';
import { normalize } from '../../text/normalize.js';
import type { NormalizeOptions } from '../../text/options.js';
import { readTextChunks } from '../input.js';
import { writeOut } from '../output.js';
import { UserError } from '../errors.js';

/** Options shared by every command that normalises. */
export function addNormalizeFlags(cmd: Command): Command {
  return cmd
    .option('--digits <system>', 'digits in Persian text: fa, ascii or keep', 'fa')
    .option('--diacritics <mode>', 'keep or remove harakat', 'remove')
    .option('--no-half-spaces', 'do not restore half-spaces')
    .option('--no-quotes', 'leave straight double quotes')
    .option('--no-punctuation', 'leave , ; ? as they are')
    .option('--no-ellipsis', 'leave runs of dots as they are')
    .option('--no-spacing', 'leave spacing as it is');
}

/** The normaliser options of the command line; a bad value is a one-line UserError. */
export function normalizeOptionsFrom(opts: Record<string, unknown>): Partial<NormalizeOptions> {
  if (opts.digits !== undefined && !['fa', 'ascii', 'keep'].includes(String(opts.digits))) {
    throw new UserError(`--digits takes fa, ascii or keep, got "${String(opts.digits)}"`);
  }
  if (opts.diacritics !== undefined && !['keep', 'remove'].includes(String(opts.diacritics))) {
    throw new UserError(`--diacritics takes keep or remove, got "${String(opts.diacritics)}"`);
  }
  return {
    digits: opts.digits as NormalizeOptions['digits'],
    diacritics: opts.diacritics as NormalizeOptions['diacritics'],
    halfSpaces: opts.halfSpaces !== false,
    quotes: opts.quotes !== false,
    punctuation: opts.punctuation !== false,
    ellipsis: opts.ellipsis !== false,
    spacing: opts.spacing !== false,
  };
}

export function register(program: Command): void {
  addNormalizeFlags(
    program
      .command('normalize')
      .description('print the normalised text (line structure preserved); streams any size of input')
      .argument('[file]', 'input file, or - for stdin', '-'),
  ).action(async (file: string, opts: Record<string, unknown>) => {
    const options = normalizeOptionsFrom(opts);
    for await (const chunk of readTextChunks(file)) {
      // Lines are normalised independently so that line structure is kept exactly.
      await writeOut(normalizeLines(chunk, options));
    }
  });
}

/** Normalise text line by line, keeping every line ending as it was. */
export function normalizeLines(chunk: string, options: Partial<NormalizeOptions>): string {
  // Normalisation never crosses a newline, so one call over the whole chunk is equivalent
  // to a call per line, and much faster.
  return normalize(chunk, options).text;
}
