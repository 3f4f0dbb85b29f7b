import type { ScannedTool, ScanResult } from '../../data/schema/index.ts';
import { terminalText } from './terminal-text.ts';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Declared annotations in short form: `read-only`, `destructive`, `additive`, `idempotent`, `closed-world`; `—` when none. */
export function annotationSummary(tool: ScannedTool): string {
  const a = tool.annotations;
  if (!a) return '—';
  const parts: string[] = [];
  if (a.readOnlyHint === true) parts.push('read-only');
  if (a.readOnlyHint !== true && a.destructiveHint === true) parts.push('destructive');
  if (a.readOnlyHint !== true && a.destructiveHint === false) parts.push('additive');
  if (a.idempotentHint === true) parts.push('idempotent');
  if (a.openWorldHint === false) parts.push('closed-world');
  if (a.openWorldHint === true) parts.push('open-world');
  return parts.length === 0 ? '—' : parts.join(', ');
}

function headline(result: ScanResult): string {
  const server = result.serverInfo
    ? `${terminalText(result.serverInfo.name, 60)} ${terminalText(result.serverInfo.version, 30)}`
    : 'server';
  const via = result.transport.type === 'stdio' ? 'stdio' : `${result.transport.type} ${terminalText(result.transport.url, 100)}`;
  const protocol = result.protocolVersion ? `, protocol ${terminalText(result.protocolVersion, 20)}` : '';
  const counts = [
    plural(result.tools.length, 'tool'),
    plural(result.prompts.length, 'prompt'),
    plural(result.resources.length, 'resource'),
    plural(result.resourceTemplates.length, 'resource template'),
  ].join(', ');
  return `${server} (${via}${protocol}): ${counts} — ${result.status} in ${(result.durationMs / 1000).toFixed(1)} s`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * A readable table of a scan for a terminal: one line per tool (name, title, annotations, class/risk when
 * classified, description cut to fit `width`), then prompts/resources, findings, warnings and the error.
 * Every server string is sanitised.
 */
export function renderScanTable(result: ScanResult, width = 120): string {
  const lines = [headline(result)];
  if (result.error) lines.push(`error: ${terminalText(result.error.message, 400)} [${result.error.code}]`);
  if (result.tools.length > 0) {
    const classified = result.tools.some((tool) => tool.classification !== undefined);
    const rows = result.tools.map((tool) => [
      terminalText(tool.name, 40),
      terminalText(tool.title ?? tool.annotations?.title, 30),
      annotationSummary(tool),
      ...(classified ? [tool.classification ? `${tool.classification.class}/${tool.classification.risk}` : '—'] : []),
    ]);
    const header = ['TOOL', 'TITLE', 'ANNOTATIONS', ...(classified ? ['CLASS/RISK'] : [])];
    const widths = header.map((name, column) => Math.max(name.length, ...rows.map((row) => row[column]?.length ?? 0)));
    const fixed = widths.reduce((sum, columnWidth) => sum + columnWidth + 2, 0);
    const descriptionWidth = Math.max(20, width - fixed);
    lines.push('');
    lines.push(`${header.map((name, column) => pad(name, widths[column] ?? 0)).join('  ')}  DESCRIPTION`);
    result.tools.forEach((tool, index) => {
      const cells = (rows[index] ?? []).map((cell, column) => pad(cell, widths[column] ?? 0));
      lines.push(`${cells.join('  ')}  ${terminalText(tool.description, descriptionWidth)}`.trimEnd());
    });
  }
  const others = [
    ...result.prompts.map((prompt) => `prompt    ${terminalText(prompt.name, 60)}`),
    ...result.resources.map((resource) => `resource  ${terminalText(resource.uri, 100)}`),
    ...result.resourceTemplates.map((template) => `template  ${terminalText(template.uriTemplate, 100)}`),
  ];
  if (others.length > 0) {
    lines.push('');
    lines.push(...others.slice(0, 50));
    if (others.length > 50) lines.push(`… and ${others.length - 50} more`);
  }
  const findings = [
    ...(result.serverFindings ?? []).map((finding) => ({ tool: `the server (${finding.field ?? 'server'})`, finding })),
    ...result.tools.flatMap((tool) => (tool.findings ?? []).map((finding) => ({ tool: tool.name, finding }))),
  ];
  if (findings.length > 0) {
    lines.push('');
    for (const { tool, finding } of findings) {
      lines.push(`finding ${finding.severity} ${finding.code} on ${terminalText(tool, 80)}: ${terminalText(finding.message, 300)}`);
    }
  }
  if (result.warnings.length > 0) {
    lines.push('');
    for (const warning of result.warnings) lines.push(`warning ${warning.code}: ${terminalText(warning.message, 300)}`);
  }
  return `${lines.join('\n')}\n`;
}
