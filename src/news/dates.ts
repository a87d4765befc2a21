/**
 * Dates and numbers in news text. Jalali (۸ مرداد ۱۴۰۱, 1401/05/08, ۲۷/۲/۹۰) and Gregorian
 * (۲۰ ژوئیه ۲۰۲۲, 2022/07/20) dates become ISO 8601 through jalaali-js; number words
 * (شش هزار و ۱۲۷) become numbers. Token-based, linear time.
 */
import { isValidJalaaliDate, toGregorian } from 'jalaali-js';
import type { Tok } from './text.js';
import { foldKey } from './text.js';

const JALALI_MONTHS: Record<string, number> = {};
['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'].forEach((m, i) => (JALALI_MONTHS[foldKey(m)] = i + 1));
JALALI_MONTHS[foldKey('امرداد')] = 5;
const GREG_MONTHS: Record<string, number> = {};
([
  ['ژانویه', 'ژانویهٔ', 'ژانویه‌ی', 'جنوری'], ['فوریه', 'فبروری'], ['مارس', 'مارچ'], ['آوریل', 'اپریل', 'آپریل'], ['مه', 'می', 'مئی'], ['ژوئن', 'جون'],
  ['ژوئیه', 'جولای', 'ژوییه', 'جولای'], ['اوت', 'آگوست', 'اگوست', 'آگست'], ['سپتامبر'], ['اکتبر'], ['نوامبر'], ['دسامبر'],
] as string[][]).forEach((names, i) => names.forEach((n) => (GREG_MONTHS[foldKey(n)] = i + 1)));

export interface DateHit {
  start: number;
  end: number;
  iso: string;
  calendar: 'jalali' | 'gregorian';
}

function ascii(s: string): string {
  let o = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x06f0 && c <= 0x06f9) o += String.fromCharCode(c - 0x06f0 + 48);
    else if (c >= 0x0660 && c <= 0x0669) o += String.fromCharCode(c - 0x0660 + 48);
    else o += ch;
  }
  return o;
}
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function intOf(t: Tok | undefined): number | null {
  if (!t || t.kind !== 'num') return null;
  const a = ascii(t.text);
  for (const ch of a) if (ch < '0' || ch > '9') return null;
  return Number(a);
}

function jalaliIso(y: number, m: number, d: number | null): string | null {
  if (y < 100) y += y < 50 ? 1400 : 1300;
  if (y < 1200 || y > 1500 || m < 1 || m > 12) return null;
  if (d === null) {
    const g = toGregorian(y, m, 1);
    return `${g.gy}-${pad(g.gm)}`; // the Gregorian month in which the Jalali month starts
  }
  if (!isValidJalaaliDate(y, m, d)) return null;
  const g = toGregorian(y, m, d);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}
function gregIso(y: number, m: number, d: number | null): string | null {
  if (y < 1000 || y > 2200 || m < 1 || m > 12) return null;
  if (d === null) return `${y}-${pad(m)}`;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const K_MAH = foldKey('ماه');
const K_SAL = foldKey('سال');

/** Find dates in one line's tokens. */
export function findDates(toks: readonly Tok[]): DateHit[] {
  const out: DateHit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    // Numeric: 1401/05/08, 27/2/90, 2022/07/20
    if (t.kind === 'num') {
      const parts = ascii(t.text).split('/');
      if (parts.length === 3 && parts.every((p) => /^\d{1,4}$/.test(p))) {
        const [a, b, c] = parts.map(Number);
        let iso: string | null = null;
        let cal: 'jalali' | 'gregorian' = 'jalali';
        if (parts[0].length === 4) {
          if (a >= 1200 && a <= 1500) iso = jalaliIso(a, b, c);
          else if (a >= 1800 && a <= 2200) {
            iso = gregIso(a, b, c);
            cal = 'gregorian';
          }
        } else if (parts[2].length === 4 || parts[2].length === 2) {
          if (c >= 1800 && c <= 2200) {
            iso = gregIso(c, b, a);
            cal = 'gregorian';
          } else iso = jalaliIso(c, b, a);
        }
        if (iso) out.push({ start: t.start, end: t.end, iso, calendar: cal });
        continue;
      }
    }
    // Day? Month [ماه] [سال]? Year?
    const mk = t.kind === 'word' ? t.key : '';
    const jm = JALALI_MONTHS[mk];
    const gm = GREG_MONTHS[mk];
    if (!jm && !gm) continue;
    // «مه»/«می»/«تیر»/«مهر»/«دی» are also ordinary words: require a number next to them.
    const day = intOf(toks[i - 1]);
    let j = i + 1;
    if (toks[j]?.key === K_MAH) j++;
    if (toks[j]?.key === K_SAL) j++;
    const year = intOf(toks[j]);
    const hasDay = day !== null && day >= 1 && day <= 31;
    const hasYear = year !== null && ((jm && (year >= 1200 && year <= 1500)) || (gm && year >= 1000 && year <= 2200) || (jm && year < 100 && hasDay));
    if (!hasDay && !hasYear) continue;
    if (!hasYear) continue; // a day and month without a year has no ISO date
    const iso = jm ? jalaliIso(year!, jm, hasDay ? day : null) : gregIso(year!, gm, hasDay ? day : null);
    if (!iso) continue;
    const s = hasDay ? toks[i - 1].start : t.start;
    out.push({ start: s, end: toks[j].end, iso, calendar: jm ? 'jalali' : 'gregorian' });
    i = j;
  }
  return out;
}

const UNITS: Record<string, number> = {};
const UNIT_WORDS: [string, number][] = [
  ['صفر', 0], ['یک', 1], ['دو', 2], ['سه', 3], ['چهار', 4], ['پنج', 5], ['شش', 6], ['شیش', 6], ['هفت', 7], ['هشت', 8], ['نه', 9],
  ['ده', 10], ['یازده', 11], ['دوازده', 12], ['سیزده', 13], ['چهارده', 14], ['پانزده', 15], ['پونزده', 15], ['شانزده', 16], ['هفده', 17], ['هجده', 18], ['هیجده', 18], ['نوزده', 19],
  ['بیست', 20], ['سی', 30], ['چهل', 40], ['پنجاه', 50], ['شصت', 60], ['هفتاد', 70], ['هشتاد', 80], ['نود', 90],
  ['صد', 100], ['یکصد', 100], ['دویست', 200], ['سیصد', 300], ['چهارصد', 400], ['پانصد', 500], ['ششصد', 600], ['هفتصد', 700], ['هشتصد', 800], ['نهصد', 900],
];
for (const [w, n] of UNIT_WORDS) UNITS[foldKey(w)] = n;
const SCALES: Record<string, number> = {};
for (const [w, n] of [['هزار', 1e3], ['میلیون', 1e6], ['ملیون', 1e6], ['میلیارد', 1e9], ['بیلیون', 1e9], ['تریلیون', 1e12]] as [string, number][]) SCALES[foldKey(w)] = n;
const K_VA = foldKey('و');
/** Number words that are usually something else when they stand alone (indefinite یک, negative نه …). */
const AMBIGUOUS = new Set(['یک', 'نه', 'سی', 'ده', 'صفر', 'صد'].map(foldKey));

export interface NumberHit {
  start: number;
  end: number;
  value: number;
}

function numValue(t: Tok): number | null {
  if (t.kind === 'num') {
    const a = ascii(t.text).replace(/٬|,/g, '').replace('٫', '.');
    if (/^\d+(\.\d+)?$/.test(a)) return Number(a);
    return null;
  }
  if (t.kind === 'word' && t.key in UNITS) return UNITS[t.key];
  return null;
}

/**
 * Numbers: digit tokens and number-word phrases joined by «و» with scales
 * («شش هزار و ۱۲۷» → 6127, «یک میلیون و 522 هزار» → 1522000). A lone «یک» (indefinite article),
 * «دو»/«سه»… as parts of other words are not numbers unless followed by a scale or another number.
 */
export function findNumbers(toks: readonly Tok[]): NumberHit[] {
  const out: NumberHit[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    const v0 = numValue(t);
    if (v0 === null || (t.kind === 'num' && t.text.includes('/'))) {
      i++;
      continue;
    }
    let total = 0; // completed scale groups
    let group = 0; // current group below the next scale
    let j = i;
    let last = i;
    let words = 0;
    let lastWasScale = false;
    let parts = 0;
    for (;;) {
      const tj = toks[j];
      if (!tj) break;
      const v = numValue(tj);
      if (v !== null && !(tj.kind === 'num' && tj.text.includes('/'))) {
        if (parts > 0 && !lastWasScale && tj.kind === 'num' && toks[j - 1]?.key !== K_VA) break;
        group += v;
        if (tj.kind === 'word') words++;
        parts++;
        last = j;
        lastWasScale = false;
        j++;
      } else if (tj.kind === 'word' && tj.key in SCALES && parts > 0) {
        const sc = SCALES[tj.key];
        total += (group || 1) * sc;
        group = 0;
        last = j;
        lastWasScale = true;
        words++;
        j++;
      } else break;
      // «و» continues the number only when another number part follows.
      if (toks[j]?.key === K_VA && toks[j + 1] && (numValue(toks[j + 1]) !== null || toks[j + 1].key in SCALES)) j++;
      else if (!(toks[j] && (toks[j].key in SCALES))) break;
    }
    const value = total + group;
    const single = last === i && t.kind === 'word';
    if (!(single && AMBIGUOUS.has(t.key))) out.push({ start: t.start, end: toks[last].end, value });
    i = last + 1;
  }
  return out;
}
