/**
 * Vertical positions for labels that want to sit at `ys` (canvas px, any order) without
 * overlapping: each label is at least `gap` px from the next, moved as little as needed
 * (top-down, then pulled back up from the bottom edge), and kept within `[top, bottom]`.
 * Returns the positions in the order of `ys`.
 */
export function spreadLabels(
  ys: readonly number[],
  gap: number,
  top: number,
  bottom: number,
): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(ys.length);
  let prev = -Infinity;
  const placed = order.map(({ y }) => {
    const at = Math.max(y, prev + gap, top);
    prev = at;
    return at;
  });
  // Labels pushed past the bottom come back up, keeping the gap.
  let next = Infinity;
  for (let k = placed.length - 1; k >= 0; k--) {
    placed[k] = Math.min(placed[k]!, bottom, next - gap);
    next = placed[k]!;
  }
  order.forEach(({ i }, k) => (out[i] = placed[k]!));
  return out;
}
