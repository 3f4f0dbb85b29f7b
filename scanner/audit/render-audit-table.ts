/** The audit for people: servers with their source and verdict counts, then the stack findings and changes. Every string from a config or a server goes through terminalText. */
import type { AuditReport, AuditServer } from '../../data/schema/audit.ts';
import { terminalText } from '../scan/terminal-text.ts';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function verdicts(server: AuditServer): string {
  if (server.tools.length === 0) return '—';
  const count = (c: string) => server.tools.filter((tool) => tool.class === c).length;
  const findings = server.tools.reduce((sum, tool) => sum + tool.findings.length, 0);
  return `${count('read')} read, ${count('write')} write, ${count('destructive')} destructive${findings > 0 ? `, ${findings} finding${findings === 1 ? '' : 's'}` : ''}`;
}

function source(server: AuditServer): string {
  if (server.source === 'catalogue') return `catalogue ${terminalText(server.version, 20)}`;
  if (server.source === 'scan') return 'scanned';
  return server.status;
}

/** Renders the report as a table, `width` columns wide. */
export function renderAuditTable(report: AuditReport, width = 120): string {
  const lines: string[] = [];
  const read = report.files.filter((file) => file.status === 'read').length;
  lines.push(`${report.servers.length} server${report.servers.length === 1 ? '' : 's'} in ${read} config file${read === 1 ? '' : 's'}`);
  for (const file of report.files.filter((f) => f.status === 'error')) {
    const at = file.error?.line === undefined ? '' : `:${file.error.line}:${file.error.column ?? 1}`;
    lines.push(`error   ${terminalText(file.path, 200)}${at}: ${terminalText(file.error?.message, 200)}`);
  }
  if (report.servers.length > 0) {
    const rows = report.servers.map((server) => [
      terminalText(server.name, 40) + (server.disabled ? ' (off)' : ''),
      server.client,
      String(server.tools.length),
      source(server),
      verdicts(server),
    ]);
    const header = ['SERVER', 'CLIENT', 'TOOLS', 'SOURCE', 'VERDICTS'];
    const widths = header.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
    lines.push('');
    lines.push(
      header
        .map((name, i) => pad(name, widths[i]!))
        .join('  ')
        .trimEnd(),
    );
    for (const row of rows)
      lines.push(
        row
          .map((cell, i) => pad(cell, widths[i]!))
          .join('  ')
          .trimEnd(),
      );
  }
  const notes = report.servers.filter((server) => server.error !== undefined);
  if (notes.length > 0) {
    lines.push('');
    for (const server of notes)
      lines.push(`${terminalText(server.name, 40)}: ${terminalText(server.error?.message, Math.max(60, width - 30))}`);
  }
  if (report.findings.length > 0) {
    lines.push('');
    for (const finding of report.findings) {
      lines.push(
        `${finding.severity.toUpperCase()} ${finding.code} [${terminalText(finding.agent, 60)}]: ${terminalText(finding.message, 600)}`,
      );
    }
  } else lines.push('', 'No cross-server findings.');
  if (report.changes.length > 0) {
    lines.push('');
    for (const change of report.changes) {
      lines.push(
        `changed ${terminalText(change.server, 40)}/${terminalText(change.tool, 60)}: ${change.kind}${change.rugPull ? ' (rug pull: same version)' : ''}`,
      );
    }
  }
  if (report.lock !== undefined) {
    lines.push(
      '',
      `lock ${terminalText(report.lock.path, 200)}: ${report.lock.written ? (report.lock.existed ? 'updated' : 'created') : 'not written'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
