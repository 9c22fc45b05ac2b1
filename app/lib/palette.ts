/** Colors of the app's charts and incident marks, chosen to stay apart on a light background. */

/** Line colors for series, in order (Tableau 10, slightly deepened). */
export const SERIES_COLORS: readonly string[] = [
  '#2f6fb0',
  '#e07b24',
  '#3a9a4a',
  '#c7393f',
  '#7d5ba6',
  '#8a5a44',
  '#d0679d',
  '#6b6f76',
  '#a3a425',
  '#1fa3b4',
];

/** Color of series number `i`, cycling through {@link SERIES_COLORS}. */
export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length]!;
}

const INCIDENT_COLORS: Record<string, string> = {
  'rejection-spike': '#d9480f',
  'restaurant-closed': '#7048e8',
  'broker-outage': '#1c7ed6',
  'payment-outage': '#e8a100',
};

/** Color of an incident kind; kinds without their own color share a neutral one. */
export function incidentColor(kind: string): string {
  return INCIDENT_COLORS[kind] ?? '#868e96';
}

/** `#rrggbb` with an alpha, as `rgba(…)`. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`invalid color: ${hex} (expected #rrggbb)`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h!, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Shading of firing intervals on a chart. */
export const FIRING_FILL = 'rgba(224, 49, 49, 0.16)';
/** The alert threshold line. */
export const THRESHOLD_COLOR = '#e03131';
/** The replay cursor, on charts and the timeline. */
export const CURSOR_COLOR = '#212529';
