// Pure helpers that turn API answers into HTML: offset mapping and layered highlighting.
// No DOM access here, so the logic is easy to reason about (and to test).

/** Escape text for HTML. */
export function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const faDigits = new Intl.NumberFormat('fa-IR', { useGrouping: true });
export function fa(n) {
  return faDigits.format(n);
}

const jalali = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const gregMonth = new Intl.DateTimeFormat('fa-IR-u-ca-gregory', { year: 'numeric', month: 'short', timeZone: 'UTC' });

/** An ISO date (YYYY-MM-DD) as a Persian-calendar date, e.g. «۳۰ اردیبهشت ۱۴۰۰»; else as given. */
export function faDate(iso) {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? iso : jalali.format(d);
}

/** A month key (YYYY-MM, Gregorian) as a short label, e.g. «مهٔ ۲۰۲۱». */
export function faMonth(key) {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  return m ? gregMonth.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15))) : key;
}

/**
 * Map a position in the input to the normalised text, using the changes that
 * /api/normalize reports (sorted; each with start/end in the text and
 * sourceStart/sourceEnd in the input). Between changes both run in lock-step.
 * bias 'start' maps into a change to its text start, 'end' to its text end.
 */
export function sourceToText(changes, pos, bias) {
  let lo = 0;
  let hi = changes.length - 1;
  let idx = -1; // last change with sourceStart <= pos
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid].sourceStart <= pos) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Several changes can start at pos (an insertion before a replacement); use the first for 'end'.
  if (bias === 'end') while (idx > 0 && changes[idx - 1].sourceStart === pos && changes[idx].sourceStart === pos) idx--;
  if (idx < 0) return pos;
  const c = changes[idx];
  if (pos === c.sourceStart && bias === 'end') return c.start; // a span ending here ends before the change
  if (pos < c.sourceEnd) return bias === 'start' ? c.start : c.end;
  return pos - c.sourceEnd + c.end;
}

const WORD_BREAK = /[\s.,;:!?،؛؟«»()\[\]{}"'\-–—…\/]/u;

/** Widen [s, e) in `text` to whole words (a change inside a word marks the word). */
export function toWord(text, s, e) {
  while (s > 0 && !WORD_BREAK.test(text[s - 1])) s--;
  while (e < text.length && !WORD_BREAK.test(text[e])) e++;
  return [s, e];
}

/**
 * Render `text` with layers of [start, end) ranges. Each layer item: {start, end, cls, attrs}.
 * The text is cut at every boundary; each piece is one <span> carrying the classes and
 * attributes of every range over it. Zero-width items (deletions) become markers.
 */
export function layered(text, items) {
  const cuts = new Set([0, text.length]);
  const spans = [];
  const markers = new Map();
  for (const it of items) {
    const s = Math.max(0, Math.min(text.length, it.start));
    const e = Math.max(s, Math.min(text.length, it.end));
    if (e === s) {
      if (!markers.has(s)) markers.set(s, []);
      markers.get(s).push(it);
      cuts.add(s);
      continue;
    }
    cuts.add(s);
    cuts.add(e);
    spans.push({ ...it, start: s, end: e });
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Sweep: spans sorted by start, an active list kept small.
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let next = 0;
  let active = [];
  let html = '';
  for (let k = 0; k < points.length; k++) {
    const p = points[k];
    for (const m of markers.get(p) ?? []) html += `<span class="${esc(m.cls)}"${attrs(m.attrs)}></span>`;
    if (k === points.length - 1) break;
    const q = points[k + 1];
    active = active.filter((a) => a.end > p);
    while (next < spans.length && spans[next].start <= p) {
      if (spans[next].end > p) active.push(spans[next]);
      next++;
    }
    const piece = esc(text.slice(p, q));
    if (active.length === 0) {
      html += piece;
      continue;
    }
    const cls = [...new Set(active.flatMap((a) => a.cls.split(' ')))].join(' ');
    const at = {};
    for (const a of active) Object.assign(at, a.attrs ?? {});
    // Attributes that mark the start of a range (ids) only on its first piece.
    for (const a of active) if (a.start !== p && a.firstAttrs) for (const key of Object.keys(a.firstAttrs)) delete at[key];
    for (const a of active) if (a.start === p && a.firstAttrs) Object.assign(at, a.firstAttrs);
    html += `<span class="${esc(cls)}"${attrs(at)}>${piece}</span>`;
  }
  return html;
}

function attrs(o) {
  if (!o) return '';
  let s = '';
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) s += ` ${k}="${esc(v)}"`;
  return s;
}

export const TYPE_LABELS = {
  PER: 'شخص',
  ORG: 'سازمان',
  LOC: 'مکان',
  FAC: 'تأسیسات',
  EVENT: 'رویداد',
  PRODUCT: 'محصول',
  DATE: 'تاریخ',
  TIME: 'زمان',
  MONEY: 'پول',
  PERCENT: 'درصد',
};

export const CHANGE_LABELS = {
  halfspace: 'نیم‌فاصله',
  zwnj: 'نیم‌فاصلهٔ نابجا',
  letter: 'یکسان‌سازی حرف',
  digit: 'رقم',
  punctuation: 'نشانه‌گذاری',
  space: 'فاصله',
  invisible: 'نویسهٔ نامرئی',
  diacritic: 'اعراب',
  other: 'دیگر',
};

/** Show invisible characters in tooltips. */
export function visible(s) {
  return s.replace(/\u200c/g, '[نیم‌فاصله]').replace(/ /g, '[فاصله]').replace(/[\u200d-\u200f\ufeff\u00ad]/g, '[نامرئی]') || '∅';
}

/**
 * The canonical text of a JSON article, the same rule as src/news/article.ts (articleText):
 * [title, lead ?? abstract, body] joined by a blank line; paragraphs joined by "\n".
 */
export function articleText(a) {
  const nonBlank = (x) => typeof x === 'string' && x.trim().length > 0;
  const lead = nonBlank(a.lead) ? a.lead : a.abstract;
  let body;
  if (typeof a.body === 'string') body = a.body;
  else {
    const paras = Array.isArray(a.body) ? a.body : Array.isArray(a.paragraphs) ? a.paragraphs : [];
    body = paras.filter(nonBlank).join('\n');
  }
  return [a.title, lead, body].filter(nonBlank).join('\n\n');
}
