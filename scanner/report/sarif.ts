/**
 * SARIF 2.1.0 report of a classified scan: findings, and tools at high or critical risk, with stable rule ids, an
 * invocation that says whether the scan itself worked, and one upload category per server (docs/ci.md).
 */
import { createHash } from 'node:crypto';
import type { FindingCode, RiskLevel, ScanResult } from '../../data/schema/index.ts';
import { visible } from '../classify/findings/evidence.ts';
import { baseSlug } from '../crawl/slug.ts';
import { SCANNER_VERSION } from '../version.ts';

/** Options of the SARIF renderer. */
export interface SarifOptions {
  /**
   * The file results point at, relative to the repository root (`--sarif-artifact`), e.g. `.mcp.json` or the
   * workflow that declares the server. GitHub code scanning needs one; without it results carry only a logical
   * location (the tool). When the file exists, results point at the first line that mentions the server.
   */
  artifactUri?: string;
  /** The text of that file, to find the line that mentions the server (the CLI reads it when it exists). */
  artifactText?: string;
  /** `runs[0].automationDetails.id`, the upload category; default `mcp-atlas/<slug of the target>/`. */
  category?: string;
  /** The process exit code of the scan, recorded in the invocation. */
  exitCode?: number;
}

interface RuleSpec {
  id: string;
  name: string;
  short: string;
  help: string;
  level: RiskLevel;
}

const FINDING_RULES: Record<FindingCode, Omit<RuleSpec, 'id'>> = {
  'hidden-instructions': {
    name: 'HiddenInstructions',
    short: 'Tool text carries instructions aimed at the model',
    help: 'The description tells the model to hide things from the user, read secret files, or redirect other tools. Do not enable this server until the text is explained; report it to the author.',
    level: 'critical',
  },
  'invisible-unicode': {
    name: 'InvisibleUnicode',
    short: 'Tool text contains invisible Unicode',
    help: 'Zero-width, bidirectional-control or tag characters make the text the model reads differ from what a reviewer sees. Inspect the escaped evidence; tag characters spell hidden ASCII.',
    level: 'high',
  },
  'ansi-escape': {
    name: 'AnsiEscape',
    short: 'Tool text contains terminal escape sequences',
    help: 'ANSI escapes can hide or rewrite text in a terminal while the model still reads it. Treat the description as untrusted.',
    level: 'high',
  },
  'tool-shadowing': {
    name: 'ToolShadowing',
    short: 'Tool tries to change how other tools behave',
    help: "The description references tools outside its own server and instructs the model to change their arguments or behaviour (a cross-server 'shadowing' attack). Run the server isolated or not at all.",
    level: 'high',
  },
  'exfiltration-parameter': {
    name: 'ExfiltrationParameter',
    short: 'Free-text parameter shaped to carry data out',
    help: 'A free-text parameter is described as something the model should fill with files, secrets or the conversation. Block the parameter or the tool with a policy.',
    level: 'critical',
  },
  'annotation-mismatch': {
    name: 'AnnotationMismatch',
    short: 'Annotations declare the tool safer than it is',
    help: 'The readOnlyHint/destructiveHint annotations understate what the tool does. Clients that auto-approve by annotation would run it unasked; rely on the mcp-atlas verdict instead.',
    level: 'medium',
  },
  'rug-pull': {
    name: 'RugPull',
    short: 'Tool definition changed after it was first scanned',
    help: 'The description or schema changed since the first scan. Review the new text before continuing to use the server.',
    level: 'high',
  },
};

const RISK_RULES: Record<'critical' | 'high', Omit<RuleSpec, 'id'>> = {
  critical: {
    name: 'CriticalRiskTool',
    short: 'Tool runs code, moves money, or changes credentials or permissions',
    help: 'Require human approval for every call (or deny the tool) in your MCP client or policy proxy. See docs/risk-model.md for how risk is derived.',
    level: 'critical',
  },
  high: {
    name: 'HighRiskTool',
    short: 'Tool is destructive',
    help: 'The tool deletes, overwrites, kills or revokes. Require approval for calls, or hide the tool if it is not needed.',
    level: 'high',
  },
};

const RULES: RuleSpec[] = [
  ...Object.entries(FINDING_RULES).map(([code, spec]) => ({ id: `mcp-atlas/${code}`, ...spec })),
  { id: 'mcp-atlas/risk-critical', ...RISK_RULES.critical },
  { id: 'mcp-atlas/risk-high', ...RISK_RULES.high },
];
const RULE_INDEX = new Map(RULES.map((r, i) => [r.id, i]));
const SECURITY_SEVERITY: Record<RiskLevel, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '2.0' };
const LEVEL: Record<RiskLevel, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * The default upload category of a scan: `mcp-atlas/<slug>/`, the slug made from what was scanned (the command and
 * its arguments with directories dropped, or the URL's host and path), so it is the same whether the scan worked or
 * not and differs between servers. The trailing slash is the form GitHub's upload action writes itself.
 */
export function sarifCategory(transport: ScanResult['transport']): string {
  let words: string[];
  if (transport.type === 'stdio') {
    words = [shortWord(transport.command), ...transport.args.map(shortWord)];
  } else {
    let url: URL | undefined;
    try {
      url = new URL(transport.url);
    } catch {
      url = undefined;
    }
    words = url === undefined ? [transport.url] : [url.host, url.pathname];
  }
  return `mcp-atlas/${baseSlug(words.join(' '))}/`;
}

/** A path as the package it lies in (`…/node_modules/@scope/pkg/dist/index.js` -> `@scope/pkg`), else its last segment. */
function shortWord(word: string): string {
  const at = word.lastIndexOf('node_modules/');
  if (at !== -1) {
    const inPackage = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(word.slice(at));
    if (inPackage?.[1] !== undefined) return inPackage[1];
  }
  if (!word.includes('/') || word.startsWith('@')) return word;
  return word.replace(/\/+$/, '').split('/').pop() ?? word;
}

/** Words that identify the server in a config or workflow file, most specific first (never the bare runtime name). */
function serverNeedles(result: ScanResult): string[] {
  if (result.transport.type !== 'stdio') return [result.transport.url];
  const packageLike = result.transport.args.filter((arg) => !arg.startsWith('-') && /[A-Za-z]/.test(arg));
  return [...packageLike, ...packageLike.map(shortWord)].filter((word) => word.length >= 3);
}

/** The 1-based line of `text` that first mentions the server, if any. */
function lineMentioning(text: string, needles: readonly string[]): number | undefined {
  const lines = text.split('\n');
  for (const needle of needles) {
    const at = lines.findIndex((line) => line.includes(needle));
    if (at !== -1) return at + 1;
  }
  return undefined;
}

/** Renders a classified scan result as SARIF 2.1.0 JSON. Tools without classification contribute only their findings. */
export function renderSarif(result: ScanResult, options: SarifOptions = {}): string {
  const server = result.serverInfo?.name ?? (result.transport.type === 'stdio' ? result.transport.command : result.transport.url);
  const line =
    options.artifactUri !== undefined && options.artifactText !== undefined
      ? lineMentioning(options.artifactText, serverNeedles(result))
      : undefined;
  const physicalLocation =
    options.artifactUri === undefined
      ? undefined
      : { artifactLocation: { uri: options.artifactUri }, ...(line === undefined ? {} : { region: { startLine: line } }) };
  const results: unknown[] = [];
  const add = (ruleId: string, severity: RiskLevel, tool: string, text: string, key: string, properties: Record<string, unknown>): void => {
    results.push({
      ruleId,
      ruleIndex: RULE_INDEX.get(ruleId),
      level: LEVEL[severity],
      message: { text },
      locations: [
        {
          ...(physicalLocation === undefined ? {} : { physicalLocation }),
          logicalLocations: [{ name: visible(tool), fullyQualifiedName: `${visible(server)}/${visible(tool)}`, kind: 'function' }],
        },
      ],
      partialFingerprints: { 'mcpAtlasFinding/v1': fingerprint(ruleId, server, tool, key) },
      properties: { 'security-severity': SECURITY_SEVERITY[severity], ...properties },
    });
  };
  for (const tool of result.tools) {
    const name = visible(tool.name);
    for (const f of tool.findings ?? []) {
      add(
        `mcp-atlas/${f.code}`,
        f.severity,
        tool.name,
        `Tool \`${name}\`: ${visible(f.message)} Evidence: ${f.evidence}`,
        `${f.field ?? ''}`,
        {
          severity: f.severity,
          ...(f.field === undefined ? {} : { field: f.field }),
        },
      );
    }
    const c = tool.classification;
    if (c !== undefined && (c.risk === 'critical' || c.risk === 'high')) {
      const why = c.reasons.slice(0, 3).map(visible).join('; ');
      add(`mcp-atlas/risk-${c.risk}`, c.risk, tool.name, `Tool \`${name}\` is ${c.class} (${c.risk} risk): ${why}.`, c.risk, {
        class: c.class,
        tags: c.tags,
        confidence: c.confidence,
      });
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcp-atlas',
            version: SCANNER_VERSION,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.short },
              fullDescription: { text: `${r.short}.` },
              help: { text: r.help, markdown: r.help },
              defaultConfiguration: { level: LEVEL[r.level] },
              properties: { tags: ['security', 'mcp'], 'security-severity': SECURITY_SEVERITY[r.level], precision: 'medium' },
            })),
          },
        },
        automationDetails: { id: options.category ?? sarifCategory(result.transport) },
        invocations: [invocation(result, options.exitCode)],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/**
 * The run's invocation: `executionSuccessful` is false unless the scan reached the server and listed it, so a CI
 * upload of a failed scan is not read as "no problems any more" (GitHub refuses to process such a run instead of
 * closing the open alerts of its category: docs/ci.md). The scan status, error and warnings travel with it.
 */
function invocation(result: ScanResult, exitCode: number | undefined): Record<string, unknown> {
  const started = Date.parse(result.scannedAt);
  const notifications = [
    ...(result.error === undefined
      ? []
      : [
          {
            level: 'error',
            descriptor: { id: result.error.code },
            message: { text: `Scan ${result.status}: ${visible(result.error.message)}` },
          },
        ]),
    ...result.warnings
      .slice(0, 50)
      .map((warning) => ({ level: 'warning', descriptor: { id: warning.code }, message: { text: visible(warning.message) } })),
  ];
  return {
    executionSuccessful: result.status === 'ok',
    ...(exitCode === undefined ? {} : { exitCode }),
    exitCodeDescription: `scan status ${result.status}`,
    ...(Number.isNaN(started)
      ? {}
      : { startTimeUtc: new Date(started).toISOString(), endTimeUtc: new Date(started + result.durationMs).toISOString() }),
    ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
    properties: { scanStatus: result.status },
  };
}
