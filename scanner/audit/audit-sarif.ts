/**
 * SARIF 2.1.0 for an audit: every server's tool findings and high-risk tools (scanner/report/sarif.ts, with the
 * configured server name), plus the stack findings under `mcp-atlas/stack/<code>`, in one run.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StackFinding, StackFindingCode } from '../../data/schema/audit.ts';
import type { RiskLevel, ScanResult } from '../../data/schema/index.ts';
import { visible } from '../classify/findings/evidence.ts';
import { renderSarif } from '../report/sarif.ts';

/** A server's scan (or stand-in) with the names the report uses. */
export interface SarifServer {
  name: string;
  configPath: string;
  scan: ScanResult;
}

const STACK_RULES: Record<StackFindingCode, { name: string; short: string; help: string }> = {
  'lethal-trifecta': {
    name: 'LethalTrifecta',
    short: 'One agent can read private data, take in untrusted content and send data out',
    help: 'Injected text in the untrusted content can make the agent send the private data out. Remove one of the three capabilities from this agent, or deny the named tools.',
  },
  'cross-server-shadowing': {
    name: 'CrossServerShadowing',
    short: "A tool's text tries to change how another server's tools behave",
    help: 'Remove the server or hide the tool; a server must not steer another server’s tools.',
  },
  'cross-server-reference': {
    name: 'CrossServerReference',
    short: "A tool's description names another server's tool",
    help: 'Read the description: it should not tell the model how to use tools it does not own.',
  },
  'duplicate-tool-name': {
    name: 'DuplicateToolName',
    short: 'Two servers of one agent expose different tools with the same name',
    help: 'Rename or remove one; the model may call the wrong tool, and a server can take over another’s tool by name.',
  },
  'tools-changed': {
    name: 'ToolsChanged',
    short: 'Tools changed since the last audit',
    help: 'Review the changes, then run `mcp-atlas audit` without --fail-on-change to accept them into the lock file.',
  },
  'rug-pull': {
    name: 'RugPull',
    short: 'A tool description changed while the version stayed the same',
    help: 'Review the new description before using the server; the same version should not change what it tells the model.',
  },
};
const LEVEL: Record<RiskLevel, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SECURITY_SEVERITY: Record<RiskLevel, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '2.0' };

function artifactUri(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') && !inside.startsWith('/') ? inside.split('\\').join('/') : pathToFileURL(path).href;
}

/** The audit as one SARIF run. */
export function renderAuditSarif(
  servers: readonly SarifServer[],
  findings: readonly StackFinding[],
  cwd: string,
  configOf: (serverId: string) => string | undefined,
): string {
  let driver: { rules: unknown[] } & Record<string, unknown> = { name: 'mcp-atlas', rules: [] };
  const results: Record<string, unknown>[] = [];
  for (const server of servers) {
    const scan: ScanResult = { ...server.scan, serverInfo: { name: server.name, version: server.scan.serverInfo?.version ?? '' } };
    const sarif = JSON.parse(renderSarif(scan, { artifactUri: artifactUri(server.configPath, cwd) })) as {
      runs: { tool: { driver: typeof driver }; results: Record<string, unknown>[] }[];
    };
    const run = sarif.runs[0]!;
    driver = run.tool.driver;
    results.push(...run.results);
  }
  if (servers.length === 0) {
    const empty = JSON.parse(
      renderSarif({
        status: 'ok',
        warnings: [],
        transport: { type: 'stdio', command: '', args: [], envNames: [] },
        tools: [],
        prompts: [],
        resources: [],
        resourceTemplates: [],
        scannedAt: new Date(0).toISOString(),
        durationMs: 0,
        scannerVersion: '',
      }),
    ) as {
      runs: { tool: { driver: typeof driver } }[];
    };
    driver = empty.runs[0]!.tool.driver;
  }
  const base = driver.rules.length;
  const codes = Object.keys(STACK_RULES) as StackFindingCode[];
  driver.rules.push(
    ...codes.map((code) => ({
      id: `mcp-atlas/stack/${code}`,
      name: STACK_RULES[code].name,
      shortDescription: { text: STACK_RULES[code].short },
      fullDescription: { text: `${STACK_RULES[code].short}.` },
      help: { text: STACK_RULES[code].help, markdown: STACK_RULES[code].help },
      properties: { tags: ['security', 'mcp'] },
    })),
  );
  for (const finding of findings) {
    const first = finding.tools[0];
    const config = first === undefined ? undefined : configOf(first.serverId);
    results.push({
      ruleId: `mcp-atlas/stack/${finding.code}`,
      ruleIndex: base + codes.indexOf(finding.code),
      level: LEVEL[finding.severity],
      message: { text: visible(finding.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: config === undefined ? 'mcp-atlas.lock.json' : artifactUri(config, cwd) },
            region: { startLine: 1 },
          },
          logicalLocations: finding.tools
            .slice(0, 10)
            .map((t) => ({ name: visible(t.tool), fullyQualifiedName: `${visible(t.server)}/${visible(t.tool)}`, kind: 'function' })),
        },
      ],
      properties: { 'security-severity': SECURITY_SEVERITY[finding.severity], agent: visible(finding.agent) },
    });
  }
  return `${JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver }, results }] }, null, 2)}\n`;
}
