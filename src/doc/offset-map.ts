/**
 * OffsetMap: maps positions in a derived string ("text") back to positions in the
 * string it was derived from ("source"). Offsets are UTF-16 code units.
 *
 * Only length-changing edits are stored; between edits the two strings run in
 * lock-step with a constant shift. An edit replaces source[srcStart, srcEnd) with
 * text[outStart, outEnd). A position inside an edit maps to the edit's source start
 * (bias 'start') or source end (bias 'end'), so a span that touches part of a
 * replacement claims all of it, and a span never claims characters that were deleted
 * at its edge.
 *
 * Maps compose: `a.then(b)` where a maps mid→source and b maps text→mid gives
 * text→source. Composition is lazy (a chain), which keeps every normaliser pass O(n).
 */
export type Bias = 'start' | 'end';

/** A copy of `a` as an Int32Array (a plain loop: Int32Array.from goes through the iterator protocol, ~2x slower). */
function int32(a: readonly number[]): Int32Array {
  const n = a.length;
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = a[i];
  return t;
}

/** The edit arrays of a map without edits (shared: maps never write their arrays). */
const NO_EDITS = new Int32Array(0);

export class OffsetMap {
  /** Edits, sorted by output position; four parallel arrays. */
  private readonly outStart: Int32Array;
  private readonly outEnd: Int32Array;
  private readonly srcStart: Int32Array;
  private readonly srcEnd: Int32Array;
  /** The map this one's source positions are fed through (lazy composition). */
  private readonly inner: OffsetMap | null;

  /** Length of the derived text and of the source it maps into (after `inner`). */
  readonly textLength: number;
  readonly sourceLength: number;
  private readonly ownSourceLength: number;

  private constructor(
    textLength: number,
    ownSourceLength: number,
    outStart: Int32Array,
    outEnd: Int32Array,
    srcStart: Int32Array,
    srcEnd: Int32Array,
    inner: OffsetMap | null,
  ) {
    this.textLength = textLength;
    this.ownSourceLength = ownSourceLength;
    this.outStart = outStart;
    this.outEnd = outEnd;
    this.srcStart = srcStart;
    this.srcEnd = srcEnd;
    this.inner = inner;
    this.sourceLength = inner ? inner.sourceLength : ownSourceLength;
  }

  static identity(length: number): OffsetMap {
    return new OffsetMap(length, length, NO_EDITS, NO_EDITS, NO_EDITS, NO_EDITS, null);
  }

  /** @internal used by OffsetMapBuilder */
  static fromEdits(
    textLength: number,
    sourceLength: number,
    edits: { outStart: number[]; outEnd: number[]; srcStart: number[]; srcEnd: number[] },
  ): OffsetMap {
    // Typed arrays cost ~0.1-0.2 µs each to allocate: share the empty one (maps never write them).
    if (edits.outStart.length === 0) return new OffsetMap(textLength, sourceLength, NO_EDITS, NO_EDITS, NO_EDITS, NO_EDITS, null);
    return new OffsetMap(
      textLength,
      sourceLength,
      int32(edits.outStart),
      int32(edits.outEnd),
      int32(edits.srcStart),
      int32(edits.srcEnd),
      null,
    );
  }

  /** True when no edit changes any length (positions are the same on both sides). */
  get isIdentity(): boolean {
    return this.outStart.length === 0 && (this.inner === null || this.inner.isIdentity);
  }

  /** Number of stored edits in this link of the chain (for diagnostics and tests). */
  get editCount(): number {
    return this.outStart.length + (this.inner ? this.inner.editCount : 0);
  }

  /** Map a text position (0..textLength) to a source position. */
  toSource(pos: number, bias: Bias = 'start'): number {
    const own = this.ownToSource(pos, bias);
    return this.inner ? this.inner.toSource(own, bias) : own;
  }

  /** Map a text span to the source span it came from. */
  toSourceSpan(start: number, end: number): [number, number] {
    if (start === end) {
      const p = this.toSource(start, 'start');
      return [p, p];
    }
    const s = this.toSource(start, 'start');
    const e = this.toSource(end, 'end');
    return [s, Math.max(s, e)];
  }

  /**
   * A cursor that maps text positions to source positions with the same results as
   * `toSource`/`toSourceSpan`, fast when the positions come in (mostly) increasing order:
   * it walks each link's edits from where the previous query left off instead of a binary
   * search per call. Any order of queries is correct; out-of-order jumps only cost a search.
   */
  cursor(): OffsetMapCursor {
    const links: CursorLink[] = [];
    for (let m: OffsetMap | null = this; m !== null; m = m.inner) {
      links.push({ textLength: m.textLength, outStart: m.outStart, outEnd: m.outEnd, srcStart: m.srcStart, srcEnd: m.srcEnd, at: -1 });
    }
    return new OffsetMapCursor(links);
  }

  /** Map a source position to a text position (the inverse, same biases). */
  fromSource(pos: number, bias: Bias = 'start'): number {
    const own = this.inner ? this.inner.fromSource(pos, bias) : pos;
    return this.ownFromSource(own, bias);
  }

  /** Compose: `this` maps mid→source, `next` maps text→mid; the result maps text→source. */
  then(next: OffsetMap): OffsetMap {
    if (next.inner !== null) {
      // Re-link `next`'s chain onto this map.
      const innerComposed = this.then(next.inner);
      return new OffsetMap(
        next.textLength,
        next.ownSourceLength,
        next.outStart,
        next.outEnd,
        next.srcStart,
        next.srcEnd,
        innerComposed,
      );
    }
    if (next.outStart.length === 0) return this;
    if (this.isIdentity) return next;
    return new OffsetMap(
      next.textLength,
      next.ownSourceLength,
      next.outStart,
      next.outEnd,
      next.srcStart,
      next.srcEnd,
      this,
    );
  }

  /** JSON-friendly form: flattened edits of the whole chain, as [outStart,outEnd,srcStart,srcEnd]. */
  toJSON(): { textLength: number; sourceLength: number; edits: number[][] } {
    const edits: number[][] = [];
    // Flatten by sampling edit boundaries of this link mapped fully to the root source.
    for (let i = 0; i < this.outStart.length; i++) {
      const os = this.outStart[i];
      const oe = this.outEnd[i];
      edits.push([os, oe, this.toSource(os, 'start'), this.toSource(oe, 'end')]);
    }
    return { textLength: this.textLength, sourceLength: this.sourceLength, edits };
  }

  private ownToSource(pos: number, bias: Bias): number {
    if (pos < 0) pos = 0;
    else if (pos > this.textLength) pos = this.textLength;
    const n = this.outStart.length;
    if (n === 0) return pos;
    // Find the last edit with outStart <= pos.
    let lo = 0;
    let hi = n - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.outStart[mid] <= pos) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Several zero-width edits (deletions) can share an outStart; choose per bias.
    if (idx >= 0 && bias === 'end') {
      while (idx > 0 && this.outStart[idx - 1] === pos && this.outStart[idx] === pos) idx--;
    }
    if (idx < 0) return pos;
    const os = this.outStart[idx];
    const oe = this.outEnd[idx];
    if (pos === os) {
      // At the start of an edit: for 'end' bias, the span ends before the edit.
      return bias === 'end' ? this.srcStart[idx] : pos === oe ? this.srcEnd[idx] : this.srcStart[idx];
    }
    if (pos < oe) return bias === 'start' ? this.srcStart[idx] : this.srcEnd[idx];
    // After the edit: constant shift.
    return pos - oe + this.srcEnd[idx];
  }

  private ownFromSource(pos: number, bias: Bias): number {
    if (pos < 0) pos = 0;
    else if (pos > this.ownSourceLength) pos = this.ownSourceLength;
    const n = this.srcStart.length;
    if (n === 0) return pos;
    let lo = 0;
    let hi = n - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.srcStart[mid] <= pos) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (idx >= 0 && bias === 'end') {
      while (idx > 0 && this.srcStart[idx - 1] === pos && this.srcStart[idx] === pos) idx--;
    }
    if (idx < 0) return pos;
    const ss = this.srcStart[idx];
    const se = this.srcEnd[idx];
    if (pos === ss) return bias === 'end' ? this.outStart[idx] : pos === se ? this.outEnd[idx] : this.outStart[idx];
    if (pos < se) return bias === 'start' ? this.outStart[idx] : this.outEnd[idx];
    return pos - se + this.outEnd[idx];
  }
}

interface CursorLink {
  textLength: number;
  outStart: Int32Array;
  outEnd: Int32Array;
  srcStart: Int32Array;
  srcEnd: Int32Array;
  /** Index of the last edit with outStart <= the previous query position (-1: none). */
  at: number;
}

/** Beyond this many steps a cursor move falls back to a binary search. */
const CURSOR_WALK = 8;

/**
 * Sequential text→source mapper made by `OffsetMap.cursor()`. Gives exactly what
 * `OffsetMap.toSource` / `toSourceSpan` give for every position and bias.
 */
export class OffsetMapCursor {
  private readonly links: CursorLink[];
  /**
   * Text positions lo..hi (inclusive) lie, in every link, strictly after an edit (or before
   * the first) and before the next one: there the whole chain is pos + shift, for both biases.
   */
  private lo = 1;
  private hi = 0;
  private shift = 0;

  /** @internal made by OffsetMap.cursor() */
  constructor(links: CursorLink[]) {
    this.links = links;
  }

  /** Same as `OffsetMap.toSource(pos, bias)`. */
  toSource(pos: number, bias: Bias = 'start'): number {
    if (pos >= this.lo && pos <= this.hi) return pos + this.shift;
    const links = this.links;
    const endBias = bias === 'end';
    const pos0 = pos;
    let lo = -Infinity;
    let hi = Infinity;
    let valid = true;
    for (let k = 0; k < links.length; k++) {
      const l = links[k];
      const out = linkToSource(l, pos, endBias);
      if (valid) {
        // The constant-shift stretch of this link around `pos`, in outer text positions.
        const d = pos - pos0;
        const n = l.outStart.length;
        const idx = l.at;
        let a: number;
        let b: number;
        if (pos < 0 || pos > l.textLength) valid = false;
        else if (idx < 0) {
          a = 0;
          b = n > 0 ? l.outStart[0] - 1 : l.textLength;
        } else {
          const os = l.outStart[idx];
          const oe = l.outEnd[idx];
          if (pos > os && pos >= oe) {
            a = Math.max(os + 1, oe);
            b = idx + 1 < n ? Math.min(l.outStart[idx + 1] - 1, l.textLength) : l.textLength;
          } else valid = false;
        }
        if (valid) {
          lo = Math.max(lo, a! - d);
          hi = Math.min(hi, b! - d);
        }
      }
      pos = out;
    }
    if (valid && lo <= pos0 && pos0 <= hi) {
      this.lo = lo;
      this.hi = hi;
      this.shift = pos - pos0;
    } else {
      this.lo = 1;
      this.hi = 0;
    }
    return pos;
  }

  /** Same as `OffsetMap.toSourceSpan(start, end)`. */
  toSourceSpan(start: number, end: number): [number, number] {
    if (start === end) {
      const p = this.toSource(start, 'start');
      return [p, p];
    }
    const s = this.toSource(start, 'start');
    const e = this.toSource(end, 'end');
    return [s, Math.max(s, e)];
  }
}

/** One link of the chain: the same computation as OffsetMap.ownToSource, with a moving start index. */
function linkToSource(l: CursorLink, pos: number, endBias: boolean): number {
  if (pos < 0) pos = 0;
  else if (pos > l.textLength) pos = l.textLength;
  const outStart = l.outStart;
  const n = outStart.length;
  if (n === 0) return pos;
  // Move to the last edit with outStart <= pos.
  let idx = l.at;
  let steps = 0;
  while (idx + 1 < n && outStart[idx + 1] <= pos) {
    idx++;
    if (++steps > CURSOR_WALK) {
      idx = lastAtOrBefore(outStart, pos);
      break;
    }
  }
  if (idx >= 0 && outStart[idx] > pos) {
    steps = 0;
    while (idx >= 0 && outStart[idx] > pos) {
      idx--;
      if (++steps > CURSOR_WALK) {
        idx = lastAtOrBefore(outStart, pos);
        break;
      }
    }
  }
  l.at = idx;
  if (idx < 0) return pos;
  // Several zero-width edits (deletions) can share an outStart; choose per bias.
  if (endBias) {
    while (idx > 0 && outStart[idx - 1] === pos && outStart[idx] === pos) idx--;
  }
  const os = outStart[idx];
  const oe = l.outEnd[idx];
  if (pos === os) return endBias ? l.srcStart[idx] : pos === oe ? l.srcEnd[idx] : l.srcStart[idx];
  if (pos < oe) return endBias ? l.srcEnd[idx] : l.srcStart[idx];
  return pos - oe + l.srcEnd[idx];
}

/** Index of the last element <= pos in a sorted array, or -1. */
function lastAtOrBefore(a: Int32Array, pos: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= pos) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return idx;
}

/**
 * Length-changing edits in output order, for a pass that writes its own output (a code-unit
 * buffer) instead of using OffsetMapBuilder. `add` merges exactly as the builder does, so
 * both ways of building give the same map.
 */
export class EditList {
  readonly outStart: number[] = [];
  readonly outEnd: number[] = [];
  readonly srcStart: number[] = [];
  readonly srcEnd: number[] = [];

  /** Record that source [ss, se) became text [os, oe); call only when the lengths differ. */
  add(os: number, oe: number, ss: number, se: number): void {
    const k = this.outStart.length - 1;
    // Merge with the previous edit when they touch on both sides.
    if (k >= 0 && this.outEnd[k] === os && this.srcEnd[k] === ss) {
      this.outEnd[k] = oe;
      this.srcEnd[k] = se;
      return;
    }
    this.outStart.push(os);
    this.outEnd.push(oe);
    this.srcStart.push(ss);
    this.srcEnd.push(se);
  }

  get length(): number {
    return this.outStart.length;
  }

  /** Empty the list (a pass may keep one list and reuse it call after call). */
  clear(): void {
    this.outStart.length = 0;
    this.outEnd.length = 0;
    this.srcStart.length = 0;
    this.srcEnd.length = 0;
  }

  toMap(textLength: number, sourceLength: number): OffsetMap {
    return OffsetMap.fromEdits(textLength, sourceLength, this);
  }
}

/**
 * Builds a string and its OffsetMap in one left-to-right pass over a source string.
 * Use `keep(n)` to copy source characters, `replace(n, out)` to substitute, `insert(s)`
 * and `skip(n)` (delete). Adjacent length-changing operations merge into one edit.
 */
export class OffsetMapBuilder {
  private parts: string[] = [];
  private out = 0;
  private src = 0;
  private readonly e = new EditList();
  /** Index into `source` up to which characters are pending a bulk copy. */
  private pendingFrom = 0;
  /** Output ranges of same-length replacements, as [start, end) pairs (touching ones merged). */
  private readonly same: number[] = [];

  constructor(private readonly source: string) {}

  /** Current source position. */
  get position(): number {
    return this.src;
  }

  /** Copy `n` source characters unchanged. */
  keep(n: number): void {
    this.src += n;
    this.out += n;
  }

  /** Copy source up to absolute position `pos`. */
  keepTo(pos: number): void {
    if (pos > this.src) this.keep(pos - this.src);
  }

  /** Replace the next `n` source characters with `text`. */
  replace(n: number, text: string): void {
    this.flush();
    this.parts.push(text);
    if (n !== text.length) this.e.add(this.out, this.out + text.length, this.src, this.src + n);
    else if (n > 0) {
      const c = this.same;
      const k = c.length;
      if (k > 0 && c[k - 1] === this.out) c[k - 1] = this.out + n;
      else c.push(this.out, this.out + n);
    }
    this.out += text.length;
    this.src += n;
    this.pendingFrom = this.src;
  }

  /** Delete the next `n` source characters. */
  skip(n: number): void {
    this.replace(n, '');
  }

  /** Insert text that has no source. */
  insert(text: string): void {
    this.replace(0, text);
  }

  /**
   * Finish: copy the rest of the source and return the text and its map. `changed` lists the
   * output ranges that did not come from a plain copy, as [start, end) pairs in order (a
   * deletion is an empty range at its place): every other output character is the source
   * character at the mapped position, so a later pass may look only there.
   */
  finish(): { text: string; map: OffsetMap; readonly changed: readonly number[] } {
    this.keepTo(this.source.length);
    this.flush();
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    const e = this.e;
    const same = this.same;
    let changed: number[] | null = null;
    return {
      text,
      map: OffsetMap.fromEdits(text.length, this.source.length, e),
      // Worked out only when asked for (the last ZWNJ clean-up asks): the length-changing edits
      // and the same-length replacements, merged in output order.
      get changed(): readonly number[] {
        changed ??= mergeRanges(e.outStart, e.outEnd, same);
        return changed;
      },
    };
  }

  private flush(): void {
    if (this.src > this.pendingFrom) this.parts.push(this.source.slice(this.pendingFrom, this.src));
    this.pendingFrom = this.src;
  }
}

/** Ranges [a[k], b[k]) and the pairs in `pairs`, both in order, as one ordered list of pairs. */
function mergeRanges(a: readonly number[], b: readonly number[], pairs: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < pairs.length) {
    let s: number;
    let e: number;
    if (j >= pairs.length || (i < a.length && a[i] <= pairs[j])) {
      s = a[i];
      e = b[i];
      i++;
    } else {
      s = pairs[j];
      e = pairs[j + 1];
      j += 2;
    }
    const k = out.length;
    if (k > 0 && out[k - 1] >= s) out[k - 1] = Math.max(out[k - 1], e);
    else out.push(s, e);
  }
  return out;
}
