/** A readable table of classified tools for terminals. Untrusted strings are made safe first. */
import type { Classification, Finding } from '../../data/schema/index.ts';
import { visible } from './findings/evidence.ts';

/** What the table shows per tool. */
export interface TableRow {
  name: string;
  classification: Classification;
  findings: Finding[];
}

const NAME_WIDTH = 40;

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}… ` : text.padEnd(width + 1);
}

/**
 * Renders one line per tool (class, risk, confidence, name, tags, first reason) and one indented line per finding.
 * Names, reasons and evidence come from the server: control and invisible characters are shown as \u escapes.
 */
export function renderClassifyTable(rows: readonly TableRow[]): string {
  const lines = [`${pad('CLASS', 11)}${pad('RISK', 8)}${pad('CONF', 4)}${pad('TOOL', NAME_WIDTH)}TAGS / WHY`];
  const counts = { read: 0, write: 0, destructive: 0, findings: 0 };
  for (const row of rows) {
    const c = row.classification;
    counts[c.class]++;
    counts.findings += row.findings.length;
    const why = visible(c.reasons[0] ?? '');
    const tags = c.tags.length > 0 ? `[${c.tags.join(',')}] ` : '';
    const flag = c.mismatch === undefined ? '' : ' (declared safer)';
    lines.push(
      `${pad(c.class, 11)}${pad(c.risk, 8)}${pad(c.confidence.toFixed(2), 4)}${pad(visible(row.name), NAME_WIDTH)}${tags}${why}${flag}`,
    );
    for (const f of row.findings)
      lines.push(`    ! ${f.severity} ${f.code}${f.field === undefined ? '' : ` in ${visible(f.field)}`}: ${visible(f.evidence)}`);
  }
  lines.push(
    '',
    `${rows.length} tool${rows.length === 1 ? '' : 's'}: ${counts.read} read, ${counts.write} write, ${counts.destructive} destructive; ${counts.findings} finding${counts.findings === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}
