import { describe, expect, it } from 'vitest';
import { ConlluError, miscGet, miscHas, parseConllu, sentenceText, writeConllu } from './conllu.js';

const Z = '\u200c';
const sample = [
  '# sent_id = t1',
  `# text = کتابش را دید.`,
  '1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_',
  '1\tکتاب\tکتاب\tNOUN\tN_IANM\tNumber=Sing\t4\tobj\t_\t_',
  '2\tش\tاو\tPRON\tPR_JOPER\tPerson=3\t1\tnmod\t_\t_',
  '3\tرا\tرا\tADP\tPOSTP\t_\t1\tcase\t_\t_',
  '4\tدید\tدید\tVERB\tV_ACT\t_\t0\troot\t_\tSpaceAfter=No',
  '5\t.\t.\tPUNCT\tPUNC\t_\t4\tpunct\t_\t_',
  '',
  `# text = خانواده${Z}اش`,
  `1-2\tخانواده${Z}اش\t_\t_\t_\t_\t_\t_\t_\t_`,
  `1\tخانواده${Z}\tخانواده\tNOUN\t_\t_\t0\troot\t_\t_`,
  '2\tاش\tاو\tPRON\t_\t_\t1\tnmod\t_\t_',
  '',
].join('\n');

describe('CoNLL-U reader/writer', () => {
  it('reads multi-word tokens, comments and SpaceAfter', () => {
    const s = parseConllu(sample);
    expect(s).toHaveLength(2);
    expect(s[0].sentId).toBe('t1');
    expect(s[0].text).toBe('کتابش را دید.');
    expect(s[0].tokens.map((t) => t.form)).toEqual(['کتابش', 'را', 'دید', '.']);
    expect(s[0].tokens[0].multiword).toBe(true);
    expect(s[0].tokens[0].words.map((w) => w.form)).toEqual(['کتاب', 'ش']);
    expect(s[0].tokens[2].spaceAfter).toBe(false);
    expect(sentenceText(s[0])).toBe('کتابش را دید.');
    expect(s[1].tokens[0].words[0].form).toBe(`خانواده${Z}`);
  });
  it('round-trips through the writer', () => {
    expect(writeConllu(parseConllu(sample))).toBe(sample + '\n');
  });
  it('reports malformed input with its line number', () => {
    expect(() => parseConllu('1\ta\t_\n')).toThrow(ConlluError);
    expect(() => parseConllu('2\ta\t_\t_\t_\t_\t0\troot\t_\t_\n')).toThrow(/line 1/);
    expect(() => parseConllu('1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n\n')).toThrow(/missing its words/);
  });
  it('reads MISC keys', () => {
    expect(miscHas('SpaceAfter=No|Norm=x', 'SpaceAfter', 'No')).toBe(true);
    expect(miscGet('SpaceAfter=No|Norm=x', 'Norm')).toBe('x');
    expect(miscGet('_', 'Norm')).toBeUndefined();
  });
});
