import { TYPE_MAPS, type NerCorpus } from './labels.js';

/**
 * Readers for the NER gold formats in ../shared/data. One token per line, a blank line
 * between sentences:
 * - PEYMA:      `token|B_TAG` (underscore; tokens may contain spaces and even `|`: the tag is
 *               after the LAST `|`)
 * - Arman:      `token B-tag` (lower-case types; the tag is after the LAST space)
 * - ParsTwiNER: `token<TAB>B-TAG`
 * The format is detected from the first non-blank line, then every line must follow it.
 */
export interface GoldTag {
  prefix: 'B' | 'I' | 'O';
  /** The corpus's type name (e.g. `pers`, `DAT`), or null for O. */
  raw: string | null;
}

export interface GoldSentence {
  tokens: string[];
  tags: GoldTag[];
  /** 1-based line number of the first token (for messages). */
  line: number;
}

export interface GoldFile {
  corpus: NerCorpus;
  sentences: GoldSentence[];
}

export class NerFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'NerFormatError';
  }
}

const SEP: Record<NerCorpus, string> = { peyma: '|', arman: ' ', parstwiner: '\t' };

/** Parse a tag as spelled by `corpus`, or null if it is not a valid tag there. */
function parseTag(tag: string, corpus: NerCorpus): GoldTag | null {
  if (tag === 'O') return { prefix: 'O', raw: null };
  const joiner = corpus === 'peyma' ? '_' : '-';
  if (tag.length < 3 || (tag[0] !== 'B' && tag[0] !== 'I') || tag[1] !== joiner) return null;
  const raw = tag.slice(2);
  if (!(raw in TYPE_MAPS[corpus])) return null;
  return { prefix: tag[0] as 'B' | 'I', raw };
}

function splitLine(line: string, corpus: NerCorpus): [string, string] | null {
  const sep = SEP[corpus];
  const k = line.lastIndexOf(sep);
  if (k <= 0 || k === line.length - 1) return null;
  return [line.slice(0, k), line.slice(k + 1)];
}

/** Which format a non-blank line is in, or null. */
export function detectLineFormat(line: string): NerCorpus | null {
  for (const corpus of ['parstwiner', 'peyma', 'arman'] as const) {
    if (corpus === 'parstwiner' && !line.includes('\t')) continue;
    const parts = splitLine(line, corpus);
    if (parts && parseTag(parts[1].trim(), corpus)) return corpus;
  }
  return null;
}

function describeFormats(): string {
  return 'expected `token|B_TAG` (PEYMA), `token B-tag` (Arman) or `token<TAB>B-TAG` (ParsTwiNER)';
}

/** Parse a whole gold file. Throws NerFormatError (with a 1-based line number) on malformed input. */
export function parseNerGold(text: string): GoldFile {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  let corpus: NerCorpus | null = null;
  const sentences: GoldSentence[] = [];
  let cur: GoldSentence | null = null;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') {
      if (cur) sentences.push(cur);
      cur = null;
      continue;
    }
    const lineNo = i + 1;
    if (!corpus) {
      corpus = detectLineFormat(line);
      if (!corpus) {
        throw new NerFormatError(`line ${lineNo}: cannot recognise the NER format; ${describeFormats()}`, lineNo);
      }
    }
    const parts = splitLine(line, corpus);
    const tag = parts ? parseTag(parts[1].trim(), corpus) : null;
    if (!parts || !tag) {
      const shown = line.length > 60 ? line.slice(0, 60) + '…' : line;
      throw new NerFormatError(`line ${lineNo}: malformed ${corpus} line ${JSON.stringify(shown)}; ${describeFormats()}`, lineNo);
    }
    if (!cur) cur = { tokens: [], tags: [], line: lineNo };
    cur.tokens.push(parts[0]);
    cur.tags.push(tag);
  }
  if (cur) sentences.push(cur);
  if (!corpus) throw new NerFormatError('line 1: the file holds no tokens', 1);
  return { corpus, sentences };
}
