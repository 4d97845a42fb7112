/**
 * Human-readable tables: fixed-width columns with units in the headers. Pure string building.
 */

// ---------------------------------------------------------------------------------------------------------
// combinators
// ---------------------------------------------------------------------------------------------------------

/** Render rows as a table; the first `leftCols` columns are left-aligned, the rest right-aligned. */
export const renderTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, leftCols = 1): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>): string =>
    cells.map((c, i) => (i < leftCols ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), sep, ...rows.map(line)].join('\n');
};

/**
 * Compact number: below 1e7, integers and values ≥ 100 (rounded) with thousands separators, smaller values with
 * 2 decimals (≥ 1) or 3 significant digits; from 1e7, 3 significant digits with an SI-style suffix.
 */
export const fmtNum = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e7) {
    const units: Array<[number, string]> = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M']];
    for (const [u, s] of units) if (a >= u) return `${(x / u).toPrecision(3)}${s}`;
  }
  if (Number.isInteger(x)) return groupThousands(x);
  if (a >= 100) return groupThousands(Math.round(x));
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
};

/**
 * An integer with ',' between groups of three digits (`1234567` → `1,234,567`), as `toLocaleString('en-US')`
 * but without loading the Intl number formatter (~30 ms at start-up).
 */
export const groupThousands = (n: number): string => {
  const s = String(Math.abs(n));
  if (!/^\d+$/.test(s)) return String(n);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
};

/** Percentage with one decimal. */
export const fmtPct = (x: number): string => `${(x * 100).toFixed(1)}%`;
