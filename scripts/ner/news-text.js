// The raw Fars/Varzesh3 news of persian-news-langml, as read by scripts/train-ner.js: the
// paragraphs (title, abstract, body) of every article, in file and article order. Only derived
// numbers (word classes, word vectors, weights learnt from machine-tagged sentences) may end up
// in a model; never the text.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { normalize } from '../../dist/text/normalize.js';
import { tokenize } from '../../dist/tokenize/tokenize.js';

/** The articles' paragraphs (strings), or [] when the folder is missing. */
export function newsParagraphs(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json.gz')).sort()) {
    for (const a of JSON.parse(gunzipSync(readFileSync(`${dir}/${f}`)).toString('utf8'))) {
      for (const p of [a.title, a.abstract, ...(a.paragraphs ?? [])]) {
        if (typeof p === 'string' && p.trim()) out.push(p);
      }
    }
  }
  return out;
}

/** A paragraph as one token sequence, split by a simple regex (the word classes' and word vectors' input). */
const tokenRe = /[\p{L}\p{M}\p{N}\u200c]+|[^\s\p{L}\p{M}\p{N}\u200c]/gu;
export function regexTokens(paragraph) {
  return paragraph.match(tokenRe) ?? [];
}

/**
 * Paragraphs as sentences of token forms, through sokhan's own normaliser, sentence splitter and
 * tokenizer (as the pipeline gives them to the NER component).
 */
export function pipelineSentences(paragraphs) {
  const out = [];
  for (const p of paragraphs) {
    const n = normalize(p);
    const t = tokenize(n.text, { map: n.map, source: p });
    for (const s of t.sentences) {
      const forms = [];
      for (let i = s.tokenStart; i < s.tokenEnd; i++) {
        const tok = t.tokens[i];
        forms.push(tok.form ?? n.text.slice(tok.start, tok.end));
      }
      if (forms.length > 0) out.push(forms);
    }
  }
  return out;
}
