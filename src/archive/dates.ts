import { toGregorian, isValidJalaaliDate } from 'jalaali-js';

/**
 * Article dates from Fars News links.
 *
 * A Fars link ends in a numeric news id whose leading digits are the Jalali (Solar Hijri)
 * publication date:
 *  - new ids (14 digits, from about 1398): `yyyymmdd` + 6-digit serial, e.g.
 *    `https://www.farsnews.ir/news/14000424000463/…` → 1400-04-24 → 2021-07-15;
 *  - old ids (10 digits): `yymmdd` + 4-digit serial in the 13yy century, e.g.
 *    `https://www.farsnews.ir/news/8707060255` → 1387-07-06 → 2008-09-27.
 * The Jalali date is converted with jalaali-js. An id whose date is not a valid Jalali date
 * (or outside 1370–1450) gives no date rather than a wrong one.
 */
export interface LinkDate {
  newsId: string;
  jalali: string;
  iso: string;
}

const FARS_ID = /farsnews\.(?:ir|com)\/(?:[a-z]+\/)?news\/(\d{10,16})/i;

export function farsLinkDate(link: string): LinkDate | null {
  const m = FARS_ID.exec(link);
  if (!m) return null;
  const id = m[1];
  let jy: number;
  let jm: number;
  let jd: number;
  if (id.length >= 12 && (id.startsWith('13') || id.startsWith('14'))) {
    jy = Number(id.slice(0, 4));
    jm = Number(id.slice(4, 6));
    jd = Number(id.slice(6, 8));
  } else if (id.length === 10) {
    jy = 1300 + Number(id.slice(0, 2));
    jm = Number(id.slice(2, 4));
    jd = Number(id.slice(4, 6));
  } else return null;
  if (jy < 1370 || jy > 1450 || !isValidJalaaliDate(jy, jm, jd)) return null;
  const g = toGregorian(jy, jm, jd);
  return { newsId: id, jalali: `${jy}-${pad(jm)}-${pad(jd)}`, iso: `${g.gy}-${pad(g.gm)}-${pad(g.gd)}` };
}

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * A date bound given by a user: ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (Gregorian), or the same
 * with a year below 1700, taken as Jalali (e.g. `1399-05`). Persian digits are accepted.
 * `end` picks the last day of a partial date. Returns an ISO date or throws a RangeError.
 */
export function parseDateBound(s: string, end: boolean): string {
  const t = s.trim().replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/\//g, '-');
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(t);
  if (!m) throw new RangeError(`not a date: "${s}" (use YYYY, YYYY-MM or YYYY-MM-DD; a year below 1700 is Jalali)`);
  const y = Number(m[1]);
  let mo = m[2] ? Number(m[2]) : end ? 12 : 1;
  if (mo < 1 || mo > 12) throw new RangeError(`not a date: "${s}" (month ${mo})`);
  if (y < 1700) {
    let d = m[3] ? Number(m[3]) : end ? (mo <= 6 ? 31 : mo <= 11 ? 30 : 29) : 1;
    if (!m[3] && end && mo === 12 && isValidJalaaliDate(y, 12, 30)) d = 30;
    if (!isValidJalaaliDate(y, mo, d)) throw new RangeError(`not a Jalali date: "${s}"`);
    const g = toGregorian(y, mo, d);
    return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
  }
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : end ? last : 1;
  if (d < 1 || d > last) throw new RangeError(`not a date: "${s}" (day ${d})`);
  mo = Math.trunc(mo);
  return `${y}-${pad(mo)}-${pad(d)}`;
}
