// Test-only helper (excluded from the build by tsconfig.build.json): a gold sentence written
// inline as `word/B_TYPE word/I_TYPE word …` (PEYMA's tags) or `word/B-type …` (Arman's);
// a word without a slash is O.
import type { CorpusSentence } from '../train.js';

export function toySentence(line: string, corpus: CorpusSentence['corpus'] = 'peyma'): CorpusSentence {
  const tokens: string[] = [];
  const tags: { prefix: 'B' | 'I' | 'O'; raw: string | null }[] = [];
  for (const w of line.split(' ')) {
    const [tok, tag] = w.split('/');
    tokens.push(tok);
    tags.push(tag ? { prefix: tag[0] as 'B' | 'I', raw: tag.slice(2) } : { prefix: 'O', raw: null });
  }
  return { tokens, tags, line: 1, corpus };
}

/** Five PEYMA-style sentences written for the tests (names, places, an organisation, a percentage). */
export function toyPeymaData(): CorpusSentence[] {
  return [
    'علی/B_PER رضایی/I_PER به تهران/B_LOC رفت .',
    'مریم/B_PER احمدی/I_PER در شیراز/B_LOC است .',
    'شرکت/B_ORG ملی/I_ORG نفت/I_ORG در تهران/B_LOC است .',
    'او به شیراز/B_LOC رفت .',
    'قیمت ۲۰/B_PCT درصد/I_PCT بالا رفت .',
  ].map((line) => toySentence(line));
}
