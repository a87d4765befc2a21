/**
 * Speaker resolution and entity building. Quotes are resolved in reading order:
 * - a name joins the entity whose name it equals or ends with (surname), or starts a new one;
 * - a pronoun, zero subject or «این …» description refers to the most recent subject;
 * - a title («رئیس …», «سرمربی …») joins an entity holding a similar title, else the most recent subject;
 * - a title or pronoun before any named subject (typically in the headline/lead) is provisional
 *   and joins the first named speaker that follows; one that never finds a name becomes an entity
 *   named by its title («مقام نیروهای ائتلافی»).
 */
import type { QuoteCand, SpeakerMention, SpeakerType } from './quotes.js';
import { cleanName, foldKey } from './text.js';

export interface Ent {
  name: string;
  keys: string[];
  type: SpeakerType;
  titles: string[];
  ranks: string[];
  provisional: boolean;
  /** Provisional entity introduced by an indefinite description in the body («یک مقام …»): never merged into a later name. */
  standalone: boolean;
  /** Mentions in normalised offsets. */
  mentions: { start: number; end: number }[];
  mergedInto?: Ent;
}

function root(e: Ent): Ent {
  while (e.mergedInto) e = e.mergedInto;
  return e;
}

const STRIP_HEADS = new Set(['این', 'همین', 'یک', 'آن'].map(foldKey));

export function titleKeys(t: string): string[] {
  const ks = cleanName(t).split(/[ \u200c]+/).map(foldKey).filter(Boolean);
  while (ks.length && STRIP_HEADS.has(ks[0])) ks.shift();
  return ks;
}

/** Same head word and (containment or Jaccard ≥ 0.5). */
export function similarTitles(a: string, b: string): boolean {
  const x = titleKeys(a);
  const y = titleKeys(b);
  if (!x.length || !y.length || x[0] !== y[0]) return false;
  const sx = new Set(x);
  const sy = new Set(y);
  let inter = 0;
  for (const k of sx) if (sy.has(k)) inter++;
  if (inter === sx.size || inter === sy.size) return true;
  return inter / (sx.size + sy.size - inter) >= 0.5;
}

function cleanTitle(t: string): string {
  const parts = cleanName(t).split(' ');
  while (parts.length > 1 && STRIP_HEADS.has(foldKey(parts[0]))) parts.shift();
  return parts.join(' ');
}

function endsWithKeys(full: string[], part: string[]): boolean {
  // Compare joined keys at a token boundary, so «محسن‌بیگی» matches «محسن بیگی».
  const p = part.join('');
  if (!p) return false;
  let acc = '';
  for (let i = full.length - 1; i >= 0; i--) {
    acc = full[i] + acc;
    if (acc === p) return true;
    if (acc.length > p.length) return false;
  }
  return false;
}

export interface Resolved {
  quote: QuoteCand;
  entity: Ent;
}

export class SpeakerResolver {
  readonly entities: Ent[] = [];
  private last: Ent | null = null;

  private add(e: Ent): Ent {
    this.entities.push(e);
    return e;
  }

  private live(): Ent[] {
    return this.entities.filter((e) => !e.mergedInto);
  }

  /** Find a (non-provisional) entity for a name mention; upgrades the canonical name when the mention is longer. */
  findByName(keys: string[], type?: SpeakerType): Ent | null {
    const live = this.live().filter((e) => !e.provisional);
    for (let i = live.length - 1; i >= 0; i--) {
      const e = live[i];
      if (type && e.type !== type && !(e.type === 'PER' && type === 'PER')) {
        if (!(e.type !== 'PER' && type !== 'PER')) continue;
      }
      if (e.keys.join('') === keys.join('') || endsWithKeys(e.keys, keys)) return e;
    }
    for (let i = live.length - 1; i >= 0; i--) {
      const e = live[i];
      if (e.type === 'PER' && type === 'PER' && endsWithKeys(keys, e.keys) && e.keys.length < keys.length) return e;
    }
    return null;
  }

  private mergeProvisional(into: Ent): void {
    for (const e of this.live()) {
      if (e === into || !e.provisional || e.standalone) continue;
      e.mergedInto = into;
      for (const t of e.titles) if (!into.titles.some((x) => similarTitles(x, t))) into.titles.push(t);
      into.mentions.push(...e.mentions);
    }
    if (this.last && this.last.mergedInto) this.last = root(this.last);
  }

  /**
   * Register a name seen with a title anywhere («… فراتینی وزیر خارجه ایتالیا …») before quotes are
   * resolved, so that a title-only speaker in the lead can find the person. Salience is not changed.
   */
  preRegister(m: SpeakerMention): void {
    if (m.kind !== 'name' || !m.keys || !m.titles.length || m.type !== 'PER') return;
    let e = this.findByName(m.keys, m.type);
    if (!e) e = this.add({ name: m.text, keys: m.keys, type: m.type, titles: [], ranks: [...m.ranks], provisional: false, standalone: false, mentions: [] });
    for (const t of m.titles) if (!e.titles.some((x) => similarTitles(x, t))) e.titles.push(cleanTitle(t));
  }

  /** Live, named entities (for the entity list). */
  named(): Ent[] {
    return this.live().filter((e) => !e.provisional);
  }

  /**
   * Note a sentence-initial name (updates salience for later pronouns). A name not seen before
   * becomes an entity only when it comes with a title («یوشیهیده سوگا نخست وزیر ژاپن …»).
   */
  noteSubject(m: SpeakerMention): void {
    if (m.kind !== 'name' || !m.keys) return;
    let e = this.findByName(m.keys, m.type);
    if (!e && m.titles.length > 0 && m.clean !== false) {
      e = this.add({ name: m.text, keys: m.keys, type: m.type, titles: m.titles.map(cleanTitle), ranks: [...m.ranks], provisional: false, standalone: false, mentions: [] });
    }
    if (e) {
      this.last = e;
      e.mentions.push({ start: m.nameStart ?? m.start, end: m.nameEnd ?? m.end });
    }
  }

  /**
   * Resolve without changing salience: a headline that reports someone else's words
   * («قلعه‌نویی از من خواست …») must not become the antecedent of the lead's title.
   */
  resolveQuiet(m: SpeakerMention, zone: 'title' | 'lead' | 'body'): Ent {
    const last = this.last;
    const e = this.resolve(m, zone);
    if (last === null || !e.provisional) this.last = last;
    return e;
  }

  resolve(m: SpeakerMention, zone: 'title' | 'lead' | 'body'): Ent {
    const span = { start: m.start, end: m.end };
    if (m.kind === 'name') {
      let e = this.findByName(m.keys!, m.type);
      if (e) {
        const cand = m.text;
        if (m.keys!.join('').length > e.keys.join('').length && endsWithKeys(m.keys!, e.keys)) {
          e.name = cand;
          e.keys = m.keys!;
        }
      } else e = this.add({ name: m.text, keys: m.keys!, type: m.type, titles: [], ranks: [], provisional: false, standalone: false, mentions: [] });
      for (const t of m.titles) if (!e.titles.some((x) => similarTitles(x, t))) e.titles.push(cleanTitle(t));
      for (const r of m.ranks) if (!e.ranks.includes(r)) e.ranks.push(r);
      e.mentions.push(span);
      this.mergeProvisional(e);
      this.last = e;
      return e;
    }
    if (m.kind === 'title') {
      const live = this.live();
      for (let i = live.length - 1; i >= 0; i--) {
        const e = live[i];
        if (e.titles.some((t) => similarTitles(t, m.text))) {
          e.mentions.push(span);
          this.last = e;
          return e;
        }
      }
      // «یک کارشناس …» in the body introduces someone new, unless the clause says it continues.
      const newcomer = !!m.indefinite && zone === 'body' && !m.continued;
      if (this.last && !newcomer) {
        const e = root(this.last);
        if (!e.titles.some((t) => similarTitles(t, m.text))) e.titles.push(cleanTitle(m.text));
        e.mentions.push(span);
        return e;
      }
      const e = this.add({
        name: cleanTitle(m.text), keys: titleKeys(m.text), type: 'PER', titles: [cleanTitle(m.text)], ranks: [...m.ranks],
        provisional: true, standalone: newcomer && this.last !== null, mentions: [span],
      });
      this.last = e;
      return e;
    }
    // pronoun, anaphor, zero
    if (this.last) {
      const e = root(this.last);
      if (m.kind !== 'zero') e.mentions.push(span);
      return e;
    }
    const e = this.add({
      name: m.text || 'نامشخص', keys: [], type: 'PER', titles: m.kind === 'anaphor' && m.text ? [m.text] : [], ranks: [],
      provisional: true, standalone: false, mentions: m.kind === 'zero' ? [] : [span],
    });
    this.last = e;
    return e;
  }

  /** Final entity of a resolved one (after merges). */
  final(e: Ent): Ent {
    return root(e);
  }
}

/**
 * A one-word name (a surname) gains its first name from a context that marks it as a name:
 * a rank before it («سید جمال‌الدین حسینی») or a title after it («… حسینی، نویسنده …»).
 */
export function expandName(e: Ent, paras: readonly { toks: readonly { key: string; kind: string; text: string }[] }[], isRank: (i: number, toks: readonly { key: string; kind: string; text: string }[]) => boolean, isTitleAt: (i: number, toks: readonly { key: string; kind: string; text: string }[]) => boolean, isNameWord: (key: string) => boolean): void {
  if (e.type !== 'PER' || e.keys.length !== 1 || e.provisional) return;
  for (const p of paras) {
    const t = p.toks;
    for (let j = 1; j < t.length; j++) {
      if (t[j].key !== e.keys[0]) continue;
      const f = t[j - 1];
      if (f.kind !== 'word' || !isNameWord(f.key)) continue;
      const titled = isTitleAt(j + 1, t) || (t[j + 1]?.text === '،' && isTitleAt(j + 2, t));
      let first = j - 1;
      if (j >= 3 && t[j - 2].kind === 'word' && isNameWord(t[j - 2].key) && isRank(j - 3, t)) first = j - 2;
      if (!(isRank(first - 1, t) || titled)) continue;
      const words = t.slice(first, j + 1).map((x) => x.text);
      e.name = cleanName(words.join(' '));
      e.keys = t.slice(first, j + 1).map((x) => x.key);
      return;
    }
  }
}
