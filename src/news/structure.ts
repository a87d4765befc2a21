import { tokenizeLine, type Tok } from './text.js';

export type Zone = 'title' | 'lead' | 'body';

/** One line of the (normalised) article. */
export interface Para {
  index: number;
  start: number;
  end: number;
  zone: Zone;
  toks: Tok[];
}

/** A sentence: token range [a, b) of one paragraph. */
export interface Sent {
  para: number;
  a: number;
  b: number;
  start: number;
  end: number;
}

export interface Layout {
  /** Whether the first block is a title and the second a lead (JSON input knows; raw text is guessed). */
  hasTitle: boolean;
  hasLead: boolean;
}

/**
 * Lines → paragraphs with zones. Blocks are separated by blank lines (the canonical JSON
 * assembly puts one between title, lead and body).
 */
export function paragraphs(text: string, layout: Layout | null): Para[] {
  const lines: { start: number; end: number; block: number }[] = [];
  let block = 0;
  let pos = 0;
  let prevBlank = false;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let e = nl;
    if (e > pos && text[e - 1] === '\r') e--;
    const blank = text.slice(pos, e).trim().length === 0;
    if (blank) {
      if (lines.length > 0 && !prevBlank) block++;
      prevBlank = true;
    } else {
      lines.push({ start: pos, end: e, block });
      prevBlank = false;
    }
    pos = nl + 1;
  }
  const blocks = lines.length ? lines[lines.length - 1].block + 1 : 0;
  let lay = layout;
  if (!lay) {
    // Raw text: a short first line without a final full stop is a title; with 3+ blocks the second is the lead.
    const first = lines[0];
    const firstText = first ? text.slice(first.start, first.end).trim() : '';
    const titleLike = !!first && lines.length > 1 && firstText.length <= 160 && !/[.!؟?]$/.test(firstText);
    lay = { hasTitle: titleLike, hasLead: titleLike && blocks >= 3 };
  }
  const out: Para[] = [];
  for (const l of lines) {
    let zone: Zone = 'body';
    if (lay.hasTitle) {
      if (layout ? l.block === 0 : l === lines[0]) zone = 'title';
      else if (lay.hasLead && l.block === 1) zone = 'lead';
    } else if (lay.hasLead && l.block === 0) zone = 'lead';
    out.push({ index: out.length, start: l.start, end: l.end, zone, toks: tokenizeLine(text, l.start, l.end) });
  }
  return out;
}

const FINAL = new Set(['.', '!', '?', '؟', '…']);

/** Split each paragraph into sentences at final punctuation (a number keeps its inner dot). */
export function sentences(paras: readonly Para[]): Sent[] {
  const out: Sent[] = [];
  for (const p of paras) {
    let a = 0;
    const n = p.toks.length;
    for (let i = 0; i < n; i++) {
      const t = p.toks[i];
      // An ellipsis («و...», «…») inside a line usually continues the sentence.
      const ellipsis = t.text === '…' || (t.text === '.' && (p.toks[i + 1]?.text === '.' || p.toks[i - 1]?.text === '.'));
      if (ellipsis && i + 1 < n && p.toks[i + 1].kind !== 'punct') continue;
      if (ellipsis && i + 1 < n) continue;
      // «آ.اس», «ب.ظ»: a dot glued to letters on both sides is an abbreviation, not a sentence end.
      const prev = p.toks[i - 1];
      const next = p.toks[i + 1];
      if (t.text === '.' && prev && next && prev.kind === 'word' && next.kind === 'word' && prev.end === t.start && next.start === t.end) continue;
      if (t.kind === 'punct' && FINAL.has(t.text)) {
        let b = i + 1;
        // Keep closing quotes/brackets and repeated marks with the sentence.
        while (b < n && p.toks[b].kind === 'punct' && (FINAL.has(p.toks[b].text) || p.toks[b].text === '»' || p.toks[b].text === ')')) b++;
        if (b > a) out.push({ para: p.index, a, b, start: p.toks[a].start, end: p.toks[b - 1].end });
        a = b;
        i = b - 1;
      }
    }
    if (a < n) out.push({ para: p.index, a, b: n, start: p.toks[a].start, end: p.toks[n - 1].end });
  }
  return out;
}
