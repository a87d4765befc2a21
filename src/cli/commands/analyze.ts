import type { Command } from 'commander';
import type { Component } from '../../component.js';
import type { Doc, Entity, Sentence, Token, Word } from '../../doc/types.js';
import { docToConllu } from '../../eval/doc-conllu.js';
import { ALL_COMPONENTS, sokhan, type ComponentName, type Pipeline } from '../../pipeline.js';
import { tokenizeComponent } from '../../tokenize/component.js';
import { UserError } from '../errors.js';
import { readTextChunks } from '../input.js';
import { printJson, writeOut } from '../output.js';

export type TreebankModel = 'perdt' | 'seraji';

export interface AvailablePipeline {
  nlp: Pipeline;
  /** Components in use, in order. */
  used: string[];
  /** Components left out, with the reason they gave. */
  skipped: { name: string; reason: string }[];
}

const PROBE = 'این یک آزمون کوتاه است. کتابش را به علی داد.';

/** A component left out because it says it is not there yet (placeholder or missing model). */
function unavailable(e: unknown): string | null {
  const msg = e instanceof Error ? e.message : String(e);
  return /not implemented|is missing|requires "/i.test(msg) ? msg : null;
}

/**
 * The full pipeline (normalize, tokenize, pos, lemma, ner) with every component that works
 * today: each is tried on a short probe text, and one that reports it is not implemented
 * (or that its model file is missing) is left out. Any other error is a real one and is thrown.
 */
export function availablePipeline(model: TreebankModel = 'perdt'): AvailablePipeline {
  const kept: (ComponentName | Component)[] = [];
  const used: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const name of ALL_COMPONENTS) {
    const c: ComponentName | Component = name === 'tokenize' ? tokenizeComponent({ style: model }) : name;
    const candidate = [...kept, c];
    try {
      sokhan({ components: candidate, model })(PROBE);
      kept.push(c);
      used.push(name);
    } catch (e) {
      const reason = unavailable(e);
      if (reason === null || name === 'normalize' || name === 'tokenize') throw e;
      skipped.push({ name, reason });
    }
  }
  return { nlp: sokhan({ components: kept, model }), used, skipped };
}

function checkModel(m: string | undefined): TreebankModel {
  const v = m ?? 'perdt';
  if (v !== 'perdt' && v !== 'seraji') throw new UserError(`--model takes perdt or seraji, got "${v}"`);
  return v;
}

function shiftSpan<T extends { start: number; end: number; sourceStart: number; sourceEnd: number }>(x: T, text: number, source: number): T {
  return { ...x, start: x.start + text, end: x.end + text, sourceStart: x.sourceStart + source, sourceEnd: x.sourceEnd + source };
}

function shiftToken(t: Token, text: number, source: number): Token {
  const s = shiftSpan(t, text, source);
  if (t.words) s.words = t.words.map((w: Word) => shiftSpan(w, text, source));
  return s;
}

/** A readable view: one block per sentence, one line per token. */
function textView(doc: Doc, firstSentence: number): string {
  let out = '';
  let n = firstSentence;
  for (const s of doc.sentences) {
    out += `# ${n++}: ${doc.source.slice(s.sourceStart, s.sourceEnd).replace(/[\r\n]+/g, ' ')}\n`;
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const t = doc.tokens[i];
      const src = doc.source.slice(t.sourceStart, t.sourceEnd);
      const words = t.words && t.words.length > 1 ? t.words : [t];
      const desc = words
        .map((w) => [w.form, w.lemma && w.lemma !== w.form ? `lemma=${w.lemma}` : '', w.upos ?? '', (w.ner ?? t.ner ?? 'O') === 'O' ? '' : (w.ner ?? t.ner)].filter(Boolean).join(' '))
        .join('  +  ');
      out += `  ${src}${src !== t.form ? ` → ${t.form}` : ''}${words.length > 1 || desc !== t.form ? `\t${desc}` : ''}\n`;
    }
    out += '\n';
  }
  return out;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('full pipeline: normalise, sentences, tokens (with multi-word tokens), and POS, lemmas, entities where available')
    .argument('[file]', 'input file, or - for stdin', '-')
    .option('--format <format>', 'json, conllu or text', 'json')
    .option('--model <name>', 'treebank conventions and tagger model: perdt or seraji', 'perdt')
    .action(async (file: string, opts: { format: string; model?: string }) => {
      const format = opts.format;
      if (!['json', 'conllu', 'text'].includes(format)) throw new UserError(`--format takes json, conllu or text, got "${format}"`);
      const { nlp, skipped } = availablePipeline(checkModel(opts.model));
      if (skipped.length && process.stderr.isTTY) {
        process.stderr.write(`sokhan: note: not available yet, left out: ${skipped.map((s) => s.name).join(', ')}\n`);
      }
      // Sentences never cross a line break, so chunks that end at a newline are analysed
      // independently: memory stays bounded by one chunk (plus the JSON result, if asked for).
      let sourceBase = 0;
      let textBase = 0;
      let sentenceNo = 1;
      const jsonText: string[] = [];
      const jsonSource: string[] = [];
      const sentences: Sentence[] = [];
      const tokens: Token[] = [];
      const entities: Entity[] = [];
      for await (const chunk of readTextChunks(file)) {
        const doc = nlp(chunk);
        if (format === 'conllu') await writeOut(docToConllu(doc, { firstSentence: sentenceNo }));
        else if (format === 'text') await writeOut(textView(doc, sentenceNo));
        else {
          const tokenBase = tokens.length;
          jsonText.push(doc.text);
          jsonSource.push(doc.source);
          for (const s of doc.sentences) sentences.push({ ...shiftSpan(s, textBase, sourceBase), tokenStart: s.tokenStart + tokenBase, tokenEnd: s.tokenEnd + tokenBase });
          for (const t of doc.tokens) tokens.push(shiftToken(t, textBase, sourceBase));
          for (const e of doc.entities) entities.push({ ...shiftSpan(e, textBase, sourceBase), tokenStart: e.tokenStart + tokenBase, tokenEnd: e.tokenEnd + tokenBase });
        }
        sentenceNo += doc.sentences.length;
        sourceBase += doc.source.length;
        textBase += doc.text.length;
      }
      if (format === 'json') {
        const text = jsonText.join('');
        const source = jsonSource.join('');
        await printJson({ offsets: 'utf16', ...(source !== text ? { source } : {}), text, sentences, tokens, entities });
      }
    });
}
