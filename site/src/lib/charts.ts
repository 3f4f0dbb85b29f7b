/** One bar of a chart. */
export interface BarInput {
  label: string;
  value: number;
  href?: string;
  /** CSS class suffix for the colour, e.g. a risk level. */
  tone?: string;
}

/** A bar with its geometry in a 0..100 wide viewBox. */
export interface BarGeometry extends BarInput {
  y: number;
  width: number;
}

/** Layout of a horizontal bar chart: rows 24 units apart, widths proportional to the largest value. Pure. */
export function barLayout(bars: readonly BarInput[], rowHeight = 24): { bars: BarGeometry[]; height: number } {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  return {
    bars: bars.map((bar, index) => ({ ...bar, y: index * rowHeight, width: bar.value === 0 ? 0 : Math.max(0.5, (bar.value / max) * 100) })),
    height: bars.length * rowHeight,
  };
}
