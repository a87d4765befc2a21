import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignLetters, damageDelete, damageSpace, evalZwnj, letterBoundaries, type ZwnjReport } from './zwnj.js';
import { parseConllu, sentenceText } from './conllu.js';
import { normalizeText } from '../text/normalize.js';
import { describeGold } from '../util/gold-test.js';
import { dataPath } from '../util/data-path.js';

const Z = '\u200c';

describe('zwnj scorer', () => {
  it('damages the gold both ways', () => {
    expect(damageDelete(`می${Z}شود`)).toBe('میشود');
    expect(damageSpace(`می${Z}شود`)).toBe('می شود');
  });

  it('classifies boundaries between letters, ignoring marks and kashida', () => {
    const b = letterBoundaries(`بـا${Z}ب ب\u064eب.ب`);
    // letters: ب ا ب ب ب ب ; boundaries before each
    expect(b.bounds).toEqual([0, 0, 1, 2, 0, 2]);
  });

  it('aligns letter sequences that differ', () => {
    expect([...alignLetters([1, 2, 3], [1, 2, 3])]).toEqual([0, 1, 2]);
    expect([...alignLetters([1, 2, 3, 4], [1, 3, 4])]).toEqual([0, -1, 1, 2]);
    expect([...alignLetters([1, 2, 3], [1, 9, 2, 3])]).toEqual([0, 2, 3]);
  });

  it('counts fixed, missed and damaged boundaries', () => {
    const gold = [`کتاب${Z}ها را می${Z}خوانم`, 'میز بزرگ'];
    const perfect = evalZwnj(gold, () => '');
    // an empty output fixes nothing (letters unaligned) and damages nothing
    expect(perfect.delete).toEqual({ to_fix: 2, fixed: 0, damaged: 0, rate: 0 });
    const oracle: Record<string, string> = {
      'کتابها را میخوانم': `کتاب${Z}ها را می${Z}خوانم`,
      'کتاب ها را می خوانم': `کتاب${Z}ها را می خوانم`,
      'میز بزرگ': `می${Z}ز بزرگ`,
    };
    const r = evalZwnj(gold, (t) => oracle[t] ?? t);
    expect(r.delete).toEqual({ to_fix: 2, fixed: 2, damaged: 1, rate: 100 });
    expect(r.space).toEqual({ to_fix: 2, fixed: 1, damaged: 1, rate: 50 });
  });

  it('treats none and ZWNJ alike after a non-joining letter', () => {
    // gold ZWNJ after ر: deleting it changes nothing that counts
    const r = evalZwnj([`کار${Z}ها`], (t) => t);
    expect(r.delete.to_fix).toBe(0);
    expect(r.space.to_fix).toBe(1);
    expect(r.space.fixed).toBe(0);
    const fixed = evalZwnj([`کار${Z}ها`], (t) => t.replace(' ', ''));
    expect(fixed.space.fixed).toBe(1);
  });

  it('reports 100 when there is nothing to fix', () => {
    expect(evalZwnj(['کتاب'], (t) => t).delete.rate).toBe(100);
  });
});

function goldTexts(rel: string): string[] {
  return parseConllu(readFileSync(dataPath(rel), 'utf8'), rel).map((s) => s.text ?? sentenceText(s));
}

function fmt(r: ZwnjReport): string {
  return `delete ${r.delete.rate}% (${r.delete.fixed}/${r.delete.to_fix}, damaged ${r.delete.damaged}); space ${r.space.rate}% (${r.space.fixed}/${r.space.to_fix}, damaged ${r.space.damaged})`;
}

const PERDT_TEST = 'ud-persian-perdt/fa_perdt-ud-test.conllu';
const PERDT_DEV = 'ud-persian-perdt/fa_perdt-ud-dev.conllu';
const SERAJI_DEV = 'ud-persian-seraji/fa_seraji-ud-dev.conllu';

describeGold('zwnj restoration on gold data (full default normalize)', [PERDT_TEST, PERDT_DEV, SERAJI_DEV], () => {
  const fix = (t: string) => normalizeText(t);

  it('reports PerDT dev and Seraji dev (tuning data: in-sample, for information)', () => {
    for (const rel of [PERDT_DEV, SERAJI_DEV]) {
      const r = evalZwnj(goldTexts(rel), fix);
      // eslint-disable-next-line no-console
      console.log(`zwnj ${rel}: ${fmt(r)}`);
      expect(r.delete.to_fix).toBeGreaterThan(0);
    }
  });

  // Issue 2's acceptance bars (delete ≥ 97, space ≥ 98, damaged ≤ 20) are NOT reached yet:
  // measured 95.16 / 93.01 with 83 / 82 damaged (sixth session; see models/MODEL_CARD.halfspace.md). By default
  // this guards the measured level against regressions; SOKHAN_ACCEPTANCE=1 checks the bars
  // themselves (and fails today).
  const acceptance = process.env.SOKHAN_ACCEPTANCE === '1';
  const bar = acceptance ? { del: 97, space: 98, damaged: 20 } : { del: 95.0, space: 92.8, damaged: 85 };
  it(`PerDT test: delete ≥ ${bar.del}, space ≥ ${bar.space}, damaged ≤ ${bar.damaged}${acceptance ? ' (acceptance bars)' : ' (regression floor)'}`, () => {
    const r = evalZwnj(goldTexts(PERDT_TEST), fix);
    // eslint-disable-next-line no-console
    console.log(`zwnj ${PERDT_TEST}: ${fmt(r)}`);
    expect(r.delete.rate).toBeGreaterThanOrEqual(bar.del);
    expect(r.space.rate).toBeGreaterThanOrEqual(bar.space);
    expect(r.delete.damaged).toBeLessThanOrEqual(bar.damaged);
    expect(r.space.damaged).toBeLessThanOrEqual(bar.damaged);
  });
});
