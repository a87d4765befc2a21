/**
 * Max-marginals of a first-order sequence model (the layout of `src/ml/viterbi.ts`: `emit[i*L + y]`,
 * `trans[prev*(L+1) + cur]` with index L for START/END, −Infinity for a forbidden transition).
 *
 * For every position i and label y, the score of the best path that has label y at i is
 * `alpha[i][y] + beta[i][y]`, where `alpha` is the best prefix score ending in y (emission of i
 * included) and `beta` the best suffix score after it (END transition included). The margin of
 * position i against a path is the path's score minus the best score of any path with another
 * label at i: how much the model would have to change its mind there (0 on a tie; never
 * negative when `path` is a best path). Used to pick confidently tagged sentences for
 * self-training (`selectSelfTraining`).
 */
export function tokenMargins(emit: Float32Array | Float64Array, n: number, L: number, trans: Float32Array | Float64Array, path: Int32Array): Float64Array {
  const out = new Float64Array(n);
  if (n === 0) return out;
  const S = L + 1;
  const alpha = new Float64Array(n * L);
  const beta = new Float64Array(n * L);
  for (let y = 0; y < L; y++) alpha[y] = trans[L * S + y] + emit[y];
  for (let i = 1; i < n; i++) {
    const b = i * L;
    const pb = b - L;
    for (let y = 0; y < L; y++) {
      let best = -Infinity;
      for (let p = 0; p < L; p++) {
        const s = alpha[pb + p] + trans[p * S + y];
        if (s > best) best = s;
      }
      alpha[b + y] = best + emit[b + y];
    }
  }
  const last = (n - 1) * L;
  for (let y = 0; y < L; y++) beta[last + y] = trans[y * S + L];
  for (let i = n - 2; i >= 0; i--) {
    const b = i * L;
    const nb = b + L;
    for (let y = 0; y < L; y++) {
      let best = -Infinity;
      for (let c = 0; c < L; c++) {
        const s = trans[y * S + c] + emit[nb + c] + beta[nb + c];
        if (s > best) best = s;
      }
      beta[b + y] = best;
    }
  }
  for (let i = 0; i < n; i++) {
    const b = i * L;
    const own = alpha[b + path[i]] + beta[b + path[i]];
    let other = -Infinity;
    for (let y = 0; y < L; y++) {
      if (y === path[i]) continue;
      const s = alpha[b + y] + beta[b + y];
      if (s > other) other = s;
    }
    out[i] = other === -Infinity ? Infinity : own - other;
  }
  return out;
}
