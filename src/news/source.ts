import { AGENCIES, DESK_HEADS, MEDIA_HEADS } from './lexicon.js';
import { cleanName, foldKey, type Tok } from './text.js';

/** A source phrase found in the token stream (offsets in normalised text). */
export interface SourceHit {
  agency?: string;
  desk?: string;
  dateline?: string;
  /** «به نقل از …»: the office or medium the agency quotes. */
  via?: string;
  /** Which pattern: 'report' («به گزارش»), 'via' («به نقل از»), 'dateline', 'prefix' («خبرگزاری فارس:»). */
  pattern: 'report' | 'via' | 'dateline' | 'prefix';
  start: number;
  end: number;
  /** Token index just after the phrase (and its comma/colon/dash). */
  next: number;
}

const K_BE = foldKey('به');
const K_GOZARESH = foldKey('گزارش');
const K_NAGHL = foldKey('نقل');
const K_AZ = foldKey('از');

function join(toks: readonly Tok[], a: number, b: number, text: string): string {
  if (b <= a) return '';
  return cleanName(text.slice(toks[a].start, toks[b - 1].end));
}

function isPunct(t: Tok | undefined, ch: string): boolean {
  return !!t && t.kind === 'punct' && t.text === ch;
}
function isComma(t: Tok | undefined): boolean {
  return !!t && t.kind === 'punct' && (t.text === '،' || t.text === ',');
}

/** Strip a media head word (روزنامه, شبکه خبری …) from a name, and surrounding guillemets. */
export function mediaName(toks: readonly Tok[], a: number, b: number, text: string): string {
  const m = MEDIA_HEADS.matchAt(toks, a, b);
  if (m && m.end < b) a = m.end;
  while (a < b && toks[a].kind === 'punct') a++;
  while (b > a && toks[b - 1].kind === 'punct') b--;
  return join(toks, a, b, text);
}

/**
 * Parse a source phrase starting at token i: «به گزارش [خبرنگار …] AGENCY [«…»] [از CITY] [به نقل از …]،»,
 * «به نقل از X،», «AGENCY:» (lead prefix) or a dateline «CITY - AGENCY -». Returns null if none starts here.
 */
export function parseSourceAt(toks: readonly Tok[], i: number, end: number, text: string): SourceHit | null {
  const t = toks[i];
  if (!t) return null;
  // AGENCY ":" prefix, e.g. «خبرگزاری فارس:».
  const ag = AGENCIES.matchAt(toks, i, end);
  if (ag && toks[ag.end] && toks[ag.end].kind === 'punct' && (toks[ag.end].text === ':' || (/[-–—]/.test(toks[ag.end].text) && i === 0))) {
    // «خبرگزاری فارس:» or «خبرگزاری فارس - …» at the start of a line.
    let n = ag.end + 1;
    if (toks[n] && toks[n].kind === 'punct' && /[-–—]/.test(toks[n].text)) n++;
    return { agency: ag.value.name, pattern: 'prefix', start: t.start, end: toks[n - 1].end, next: n };
  }
  // Dateline «CITY - AGENCY -».
  if (t.kind === 'word') {
    for (let j = i + 1; j < Math.min(end, i + 4); j++) {
      if (toks[j].kind === 'punct' && (toks[j].text === '-' || toks[j].text === '–' || toks[j].text === '—')) {
        const a2 = AGENCIES.matchAt(toks, j + 1, end);
        if (a2 && toks[a2.end] && toks[a2.end].kind === 'punct' && /[-–—]/.test(toks[a2.end].text)) {
          return { agency: a2.value.name, dateline: join(toks, i, j, text), pattern: 'dateline', start: t.start, end: toks[a2.end].end, next: a2.end + 1 };
        }
        break;
      }
      if (toks[j].kind === 'punct') break;
    }
  }
  if (t.key !== K_BE || !toks[i + 1]) return null;
  let j: number;
  let viaOnly = false;
  if (toks[i + 1].key === K_GOZARESH) j = i + 2;
  else if (toks[i + 1].key === K_NAGHL && toks[i + 2]?.key === K_AZ) {
    j = i + 3;
    viaOnly = true;
  } else return null;
  const hit: SourceHit = { pattern: viaOnly ? 'via' : 'report', start: t.start, end: toks[j - 1].end, next: j };
  // Find the comma that closes the phrase (within a reasonable reach).
  let comma = -1;
  for (let k = j; k < Math.min(end, j + 25); k++) {
    if (isComma(toks[k])) {
      comma = k;
      break;
    }
    if (toks[k].kind === 'punct' && (toks[k].text === ':' || toks[k].text === '.')) break;
  }
  const limit = comma >= 0 ? comma : Math.min(end, j + 12);
  let k = j;
  if (!viaOnly && toks[k] && DESK_HEADS.has(toks[k].key)) {
    // Desk: «خبرنگار دفاعی», «گروه بین‌الملل» … up to the agency.
    let a = -1;
    let am: ReturnType<typeof AGENCIES.matchAt> = null;
    for (let q = k + 1; q < Math.min(limit, k + 8); q++) {
      am = AGENCIES.matchAt(toks, q, limit);
      if (am) {
        a = q;
        break;
      }
    }
    if (a > 0 && am) {
      hit.desk = join(toks, k, a, text);
      hit.agency = am.value.name;
      k = am.end;
    } else {
      hit.desk = join(toks, k, limit, text);
      k = limit;
    }
  } else {
    // «به گزارش «ورزش سه» و به نقل از …»: the agency in guillemets.
    if (isPunct(toks[k], '«')) {
      let q = k + 1;
      while (q < Math.min(limit, k + 6) && !isPunct(toks[q], '»')) q++;
      if (isPunct(toks[q], '»') && q > k + 1) {
        const inner = AGENCIES.matchAt(toks, k + 1, q);
        hit.agency = inner && inner.end === q ? inner.value.name : join(toks, k + 1, q, text);
        k = q + 1;
        if (toks[k] && toks[k].key === foldKey('و')) k++;
      }
    }
    const am = hit.agency ? null : AGENCIES.matchAt(toks, k, limit);
    if (am) {
      hit.agency = am.value.name;
      k = am.end;
    } else if (comma >= 0 && !hit.agency) {
      // «به نقل از روابط عمومی …» names an office, not an agency.
      if (viaOnly) hit.via = join(toks, k, comma, text) || undefined;
      else hit.agency = mediaName(toks, k, comma, text) || undefined;
      k = comma;
    }
  }
  // «توانا» sub-brand in guillemets right after the agency.
  if (isPunct(toks[k], '«')) {
    let q = k + 1;
    while (q < Math.min(limit, k + 5) && !isPunct(toks[q], '»')) q++;
    if (isPunct(toks[q], '»')) k = q + 1;
  }
  // «از CITY».
  if (toks[k] && toks[k].key === K_AZ && k + 1 < limit && toks[k + 1].kind === 'word') {
    let q = k + 1;
    while (q < limit && q < k + 3 && toks[q].kind === 'word' && toks[q].key !== K_BE) q++;
    hit.dateline = join(toks, k + 1, q, text);
    k = q;
  }
  // «به نقل از X» after the agency.
  if (toks[k] && toks[k].key === K_BE && toks[k + 1]?.key === K_NAGHL && toks[k + 2]?.key === K_AZ && k + 3 < limit) {
    hit.via = join(toks, k + 3, limit, text);
    k = limit;
  }
  if (comma >= 0) k = comma + 1;
  k = Math.max(j, Math.min(k, end, toks.length));
  hit.end = toks[k - 1].end;
  hit.next = k;
  return hit;
}
