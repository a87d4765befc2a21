import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeGold } from '../util/gold-test.js';
import { dataPath } from '../util/data-path.js';
import { sokhan } from '../pipeline.js';
import { parseConllu } from './conllu.js';
import { docToConlluSentences } from './doc-conllu.js';
import { evaluateUd, goldRawText, loadUd, scoreConllu, udRepresentation, UDError } from './ud.js';

/**
 * Fake CoNLL-U from a list like the Python scorer's tests: "abc a b c" is a multi-word token
 * "abc" with words a, b, c; "a" is a plain word. Heads are a chain (word 1 is the root).
 */
function fake(words: string[]): string {
  const lines: string[] = [];
  let n = 0;
  for (const w of words) {
    const p = w.split(' ');
    if (p.length === 1) {
      n++;
      lines.push(`${n}\t${p[0]}\t_\t_\t_\t_\t${n > 1 ? 1 : 0}\t_\t_\t_`);
    } else {
      lines.push(`${n + 1}-${n + p.length - 1}\t${p[0]}\t_\t_\t_\t_\t_\t_\t_\t_`);
      for (const q of p.slice(1)) {
        n++;
        lines.push(`${n}\t${q}\t_\t_\t_\t_\t${n > 1 ? 1 : 0}\t_\t_\t_`);
      }
    }
  }
  return lines.join('\n') + '\n\n';
}

function wordsOk(gold: string[], system: string[], correct: number): void {
  const s = scoreConllu(fake(gold), fake(system)).Words;
  const count = (ws: string[]) => ws.reduce((a, w) => a + Math.max(1, w.split(' ').length - 1), 0);
  const g = count(gold);
  const sy = count(system);
  expect(s.correct).toBe(correct);
  expect(s.precision).toBeCloseTo((100 * correct) / sy, 10);
  expect(s.recall).toBeCloseTo((100 * correct) / g, 10);
  expect(s.f1).toBeCloseTo((200 * correct) / (g + sy), 10);
}

describe('CoNLL 2018 scorer port: the Python unit tests', () => {
  it('refuses different characters', () => {
    expect(() => scoreConllu(fake(['a']), fake(['b']))).toThrow(UDError);
  });
  it('equal', () => {
    wordsOk(['a'], ['a'], 1);
    wordsOk(['a', 'b', 'c'], ['a', 'b', 'c'], 3);
  });
  it('equal with multi-word tokens', () => {
    wordsOk(['abc a b c'], ['a', 'b', 'c'], 3);
    wordsOk(['a', 'bc b c', 'd'], ['a', 'b', 'c', 'd'], 4);
    wordsOk(['abcd a b c d'], ['ab a b', 'cd c d'], 4);
    wordsOk(['abc a b c', 'de d e'], ['a', 'bcd b c d', 'e'], 5);
  });
  it('alignment', () => {
    wordsOk(['abcd'], ['a', 'b', 'c', 'd'], 0);
    wordsOk(['abc', 'd'], ['a', 'b', 'c', 'd'], 1);
    wordsOk(['a', 'bc', 'd'], ['a', 'b', 'c', 'd'], 2);
    wordsOk(['a', 'bc b c', 'd'], ['a', 'b', 'cd'], 2);
    wordsOk(['abc a BX c', 'def d EX f'], ['ab a b', 'cd c d', 'ef e f'], 4);
    wordsOk(['ab a b', 'cd bc d'], ['a', 'bc', 'd'], 2);
    wordsOk(['a', 'bc b c', 'd'], ['ab AX BX', 'cd CX a'], 1);
  });
});

const head = '# text = x\n';
describe('CoNLL 2018 scorer port: Persian multi-word tokens and tags', () => {
  const gold =
    head +
    ['1\tاین\tاین\tDET\t_\t_\t2\tdet\t_\t_', '2-3\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_', '2\tکتاب\tکتاب\tNOUN\t_\tNumber=Sing\t0\troot\t_\t_', '3\tش\tاو\tPRON\t_\tPerson=3\t2\tnmod:poss\t_\tSpaceAfter=No', '4\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_'].join('\n') +
    '\n\n';

  it('an unsplit clitic loses both words, a split one aligns by form', () => {
    const unsplit = head + ['1\tاین\t_\t_\t_\t_\t_\t_\t_\t_', '2\tکتابش\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No', '3\t.\t_\t_\t_\t_\t_\t_\t_\t_'].join('\n') + '\n\n';
    const s = scoreConllu(gold, unsplit);
    expect(s.Tokens.f1).toBe(100);
    expect(s.Words.correct).toBe(2); // این and .
    expect(s.Words.gold_total).toBe(4);
    expect(s.Words.system_total).toBe(3);
    expect(s.UAS.correct).toBe(0); // heads "_" never count
  });

  it('scores tags, lemmas and heads over aligned words; universal features only; deprel subtypes ignored', () => {
    const sys =
      head +
      ['1\tاین\tاین\tDET\t_\t_\t2\tdet\t_\t_', '2-3\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_', '2\tکتاب\tکتب\tNOUN\t_\tNumber=Sing|Foo=Bar\t0\troot\t_\t_', '3\tش\tاو\tPRON\t_\tPerson=3\t2\tnmod\t_\t_', '4\t.\t.\tVERB\t_\t_\t3\tpunct\t_\t_'].join('\n') +
      '\n\n';
    const s = scoreConllu(gold, sys);
    expect(s.Words.f1).toBe(100);
    expect(s.UPOS.correct).toBe(3);
    expect(s.UFeats.correct).toBe(4);
    expect(s.Lemmas.correct).toBe(3);
    expect(s.UAS.correct).toBe(3);
    expect(s.LAS.correct).toBe(3);
    expect(s.UPOS.aligned_accuracy).toBe(75);
  });

  it('sentences are character spans', () => {
    const two = '# text = a\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n\n# text = b\n1\tb\t_\t_\t_\t_\t0\troot\t_\t_\n\n';
    const one = '# text = a b\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n2\tb\t_\t_\t_\t_\t1\tdep\t_\t_\n\n';
    const s = scoreConllu(two, one);
    expect(s.Sentences.correct).toBe(0);
    expect(s.Sentences.precision).toBe(0);
    expect(s.Tokens.f1).toBe(100);
  });

  it('rejects cycles and multiple roots like the Python scorer', () => {
    const cyc = '1\ta\t_\t_\t_\t_\t2\t_\t_\t_\n2\tb\t_\t_\t_\t_\t1\t_\t_\t_\n\n';
    expect(() => loadUd(cyc)).toThrow(UDError);
    const roots = '1\ta\t_\t_\t_\t_\t0\t_\t_\t_\n2\tb\t_\t_\t_\t_\t0\t_\t_\t_\n\n';
    expect(() => loadUd(roots)).toThrow(/multiple roots/);
  });

  it('ignores spaces inside FORM when matching characters', () => {
    const g = '1\tab\t_\t_\t_\t_\t0\troot\t_\t_\n\n';
    const s = '1\ta b\t_\t_\t_\t_\t0\troot\t_\t_\n\n';
    expect(scoreConllu(g, s).Tokens.f1).toBe(100);
  });
});

describe('system CoNLL-U from a Doc', () => {
  it('FORM is the source text, Norm= holds the normalised form, and characters match the gold', () => {
    const nlp = sokhan({ components: ['normalize', 'tokenize'] });
    const src = 'كتابش را خواند. او رفت!';
    const doc = nlp(src);
    const sents = docToConlluSentences(doc);
    expect(sents).toHaveLength(2);
    expect(sents[0].tokens[0].form).toBe('كتابش');
    expect(sents[0].tokens[0].misc).toContain('Norm=کتابش');
    expect(sents[0].tokens[0].words.map((w) => w.form)).toEqual(['كتاب', 'ش']);
    const rep = udRepresentation(sents);
    expect(rep.characters).toBe(src.replace(/ /g, ''));
  });
});

describeGold('UD PerDT test: sokhan tokenisation (acceptance)', ['ud-persian-perdt/fa_perdt-ud-test.conllu'], () => {
  it('Sentences F1 >= 99.5, Tokens F1 >= 99.9, Words F1 >= 99.5 from raw text', () => {
    const gold = parseConllu(readFileSync(dataPath('ud-persian-perdt/fa_perdt-ud-test.conllu'), 'utf8'));
    const nlp = sokhan({ components: ['normalize', 'tokenize'] });
    const doc = nlp(goldRawText(gold));
    const s = evaluateUd(udRepresentation(gold), udRepresentation(docToConlluSentences(doc)));
    expect(s.Sentences.f1).toBeGreaterThanOrEqual(99.5);
    expect(s.Tokens.f1).toBeGreaterThanOrEqual(99.9);
    expect(s.Words.f1).toBeGreaterThanOrEqual(99.5);
  }, 60_000);
});
