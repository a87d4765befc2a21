/**
 * CoNLL-U reader and writer (https://universaldependencies.org/format.html).
 * The reader is strict about structure and reports the line number of any problem.
 */
export interface ConlluWord {
  id: number;
  form: string;
  lemma: string;
  upos: string;
  xpos: string;
  feats: string;
  head: number | null;
  deprel: string;
  deps: string;
  misc: string;
}

export interface ConlluToken {
  /** Surface form: the multi-word token's FORM, or the single word's FORM. */
  form: string;
  /** The syntactic words (one for an ordinary token). */
  words: ConlluWord[];
  /** True when this token came from an `N-M` range line. */
  multiword: boolean;
  /** MISC of the range line (multi-word) or of the word. */
  misc: string;
  spaceAfter: boolean;
}

export interface ConlluSentence {
  comments: string[];
  sentId?: string;
  text?: string;
  tokens: ConlluToken[];
  /** 1-based line number of the sentence's first line in the file. */
  line: number;
}

export class ConlluError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly file?: string,
  ) {
    super(`${file ? file + ':' : 'line '}${line}: ${message}`);
    this.name = 'ConlluError';
  }
}

export function miscHas(misc: string, key: string, value?: string): boolean {
  if (misc === '_' || misc === '') return false;
  for (const part of misc.split('|')) {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (k === key && (value === undefined || part.slice(eq + 1) === value)) return true;
  }
  return false;
}

export function miscGet(misc: string, key: string): string | undefined {
  if (misc === '_' || misc === '') return undefined;
  for (const part of misc.split('|')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === key) return part.slice(eq + 1);
  }
  return undefined;
}

function parseWord(cols: string[], lineNo: number, file?: string): ConlluWord {
  const id = Number(cols[0]);
  if (!Number.isInteger(id) || id < 1) throw new ConlluError(`bad word ID "${cols[0]}"`, lineNo, file);
  const head = cols[6] === '_' ? null : Number(cols[6]);
  if (head !== null && (!Number.isInteger(head) || head < 0)) throw new ConlluError(`bad HEAD "${cols[6]}"`, lineNo, file);
  return {
    id,
    form: cols[1],
    lemma: cols[2],
    upos: cols[3],
    xpos: cols[4],
    feats: cols[5],
    head,
    deprel: cols[7],
    deps: cols[8],
    misc: cols[9],
  };
}

/** Parse CoNLL-U text. Empty nodes (`N.M` ids) are skipped, as the CoNLL 2018 scorer does. */
export function parseConllu(input: string, file?: string): ConlluSentence[] {
  const sentences: ConlluSentence[] = [];
  const lines = input.split(/\r?\n/);
  let cur: ConlluSentence | null = null;
  let pendingRange: { from: number; to: number; token: ConlluToken } | null = null;
  let expectId = 1;
  const close = (lineNo: number) => {
    if (!cur) return;
    if (pendingRange) throw new ConlluError(`multi-word token ${pendingRange.from}-${pendingRange.to} is missing its words`, lineNo, file);
    if (cur.tokens.length === 0) throw new ConlluError('sentence has no words', cur.line, file);
    sentences.push(cur);
    cur = null;
    expectId = 1;
  };
  for (let li = 0; li < lines.length; li++) {
    const lineNo = li + 1;
    const line = lines[li];
    if (line.trim() === '') {
      close(lineNo);
      continue;
    }
    cur ??= { comments: [], tokens: [], line: lineNo };
    if (line.startsWith('#')) {
      if (cur.tokens.length > 0) throw new ConlluError('comment line inside a sentence', lineNo, file);
      cur.comments.push(line);
      const m = /^#\s*(sent_id|text)\s*=\s?(.*)$/.exec(line);
      if (m) {
        if (m[1] === 'sent_id') cur.sentId = m[2].trim();
        else cur.text = m[2];
      }
      continue;
    }
    const cols = line.split('\t');
    if (cols.length !== 10) throw new ConlluError(`expected 10 tab-separated columns, found ${cols.length}`, lineNo, file);
    const idCol = cols[0];
    if (idCol.includes('.')) continue; // empty node
    const dash = idCol.indexOf('-');
    if (dash > 0) {
      const from = Number(idCol.slice(0, dash));
      const to = Number(idCol.slice(dash + 1));
      if (!Number.isInteger(from) || !Number.isInteger(to) || to < from || from !== expectId) {
        throw new ConlluError(`bad multi-word range "${idCol}"`, lineNo, file);
      }
      if (pendingRange) throw new ConlluError('nested multi-word ranges', lineNo, file);
      const token: ConlluToken = { form: cols[1], words: [], multiword: true, misc: cols[9], spaceAfter: !miscHas(cols[9], 'SpaceAfter', 'No') };
      pendingRange = { from, to, token };
      continue;
    }
    const w = parseWord(cols, lineNo, file);
    if (w.id !== expectId) throw new ConlluError(`word ID ${w.id} out of order (expected ${expectId})`, lineNo, file);
    expectId++;
    if (pendingRange) {
      pendingRange.token.words.push(w);
      if (w.id === pendingRange.to) {
        cur.tokens.push(pendingRange.token);
        pendingRange = null;
      }
    } else {
      cur.tokens.push({ form: w.form, words: [w], multiword: false, misc: w.misc, spaceAfter: !miscHas(w.misc, 'SpaceAfter', 'No') });
    }
  }
  close(lines.length);
  return sentences;
}

/** The sentence text rebuilt from its tokens and SpaceAfter flags (used when `# text` is absent). */
export function sentenceText(s: ConlluSentence): string {
  let out = '';
  for (let i = 0; i < s.tokens.length; i++) {
    out += s.tokens[i].form;
    if (s.tokens[i].spaceAfter && i < s.tokens.length - 1) out += ' ';
  }
  return out;
}

const clean = (v: string | undefined | null): string => (v === undefined || v === null || v === '' ? '_' : v.replace(/[\t\n\r]/g, ' '));

/** Serialise sentences to CoNLL-U. */
export function writeConllu(sentences: readonly ConlluSentence[]): string {
  const out: string[] = [];
  for (const s of sentences) {
    for (const c of s.comments) out.push(c);
    for (const t of s.tokens) {
      if (t.multiword) {
        const a = t.words[0].id;
        const b = t.words[t.words.length - 1].id;
        out.push([`${a}-${b}`, clean(t.form), '_', '_', '_', '_', '_', '_', '_', clean(t.misc)].join('\t'));
      }
      for (const w of t.words) {
        out.push(
          [String(w.id), clean(w.form), clean(w.lemma), clean(w.upos), clean(w.xpos), clean(w.feats), w.head === null ? '_' : String(w.head), clean(w.deprel), clean(w.deps), clean(w.misc)].join('\t'),
        );
      }
    }
    out.push('');
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
