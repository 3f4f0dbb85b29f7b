/**
 * Learns each configured server's tools: known npm package versions from the catalogue index (nothing runs), the rest
 * only with --scan, through scanServer with the env and headers the user's config gives. A server that cannot be
 * listed is a result with a status and an error, never an exception.
 */
import PQueue from 'p-queue';
import type { AuditServer, AuditTool, CatalogueIndex, ConfiguredTransport, IndexedTool } from '../../data/schema/audit.ts';
import type { ScannedTool, ScanResult } from '../../data/schema/index.ts';
import { classifyScanResult } from '../classify/index.ts';
import { redactUrl } from '../scan/redact.ts';
import { type ScanOptions, scanServer } from '../scan/scan-server.ts';
import { terminalText } from '../scan/terminal-text.ts';
import { buildScanTarget } from './build-target.ts';
import { packageKey } from './catalogue-index.ts';
import { hashDescription } from './description-hash.ts';
import type { DiscoveredServer } from './discover.ts';
import type { ExpandContext } from './expand-vars.ts';
import { flowRoles } from './flow-roles.ts';
import { mentionsOf } from './mentions.ts';
import { redactArgs } from './redact-args.ts';
import type { StackServer, StackTool } from './stack-analysis.ts';

/** One configured server, resolved: its report entry, what the stack analysis needs, and the scan for policy and SARIF. */
export interface ResolvedServer {
  report: AuditServer;
  stack: StackServer;
  /** The classified scan (or catalogue record scan) when the tools came with full definitions. */
  scan?: ScanResult;
  /** The catalogue tools, when the answer came from the index. */
  indexed?: IndexedTool[];
}

/** Options of {@link resolveServers}. */
export interface ResolveOptions {
  index: CatalogueIndex;
  /** Start or connect to servers the catalogue does not answer for. */
  scan: boolean;
  expand: ExpandContext;
  /** Servers scanned at once. */
  concurrency: number;
  scanOptions: Omit<ScanOptions, 'onProgress'>;
  progress: (line: string) => void;
}

function configuredTransport(server: DiscoveredServer): ConfiguredTransport {
  const t = server.transport;
  if (t.type === 'stdio') {
    return {
      type: 'stdio',
      command: t.command,
      args: redactArgs(t.args),
      envNames: [...new Set([...Object.keys(t.env), ...t.passEnv])].sort(),
    };
  }
  return {
    type: t.type,
    url: redactUrl(t.url),
    headerNames: [...new Set([...Object.keys(t.headers), ...Object.keys(t.headersFromEnv)])].sort(),
  };
}

function fromIndexed(tool: IndexedTool): StackTool {
  return {
    name: tool.name,
    hash: tool.hash,
    descriptionHash: tool.descriptionHash,
    class: tool.class,
    risk: tool.risk,
    tags: tool.tags,
    findings: tool.findings,
    roles: flowRoles(tool.class, tool.tags),
    mentions: tool.mentions,
  };
}

function fromScanned(tool: ScannedTool, own: ReadonlySet<string>): StackTool {
  const c = tool.classification;
  return {
    name: tool.name,
    hash: tool.hash,
    descriptionHash: hashDescription(tool.description),
    ...(c === undefined ? {} : { class: c.class, risk: c.risk }),
    tags: c?.tags ?? [],
    findings: (tool.findings ?? []).map((finding) => ({ code: finding.code, severity: finding.severity })),
    roles: flowRoles(c?.class, c?.tags ?? []),
    mentions: mentionsOf(tool.description, own),
  };
}

function strip(tools: readonly StackTool[]): AuditTool[] {
  return tools.map(({ mentions: _mentions, ...tool }) => tool);
}

function assemble(
  server: DiscoveredServer,
  fields: Omit<AuditServer, 'id' | 'name' | 'client' | 'scope' | 'configPath' | 'disabled' | 'transport' | 'package' | 'tools'>,
  tools: StackTool[],
): Pick<ResolvedServer, 'report' | 'stack'> {
  const report: AuditServer = {
    id: server.id,
    name: server.name,
    client: server.client,
    scope: server.scope,
    configPath: server.configPath,
    disabled: server.disabled,
    transport: configuredTransport(server),
    ...(server.package === undefined ? {} : { package: server.package }),
    ...fields,
    tools: strip(tools),
  };
  return {
    report,
    stack: { id: server.id, name: server.name, client: server.client, scope: server.scope, disabled: server.disabled, tools },
  };
}

function notScannedMessage(server: DiscoveredServer, index: CatalogueIndex): string {
  if (server.disabled) return 'Disabled in the config; not scanned.';
  const pkg = server.package;
  if (pkg !== undefined) {
    const known = Object.keys(index.packages)
      .filter((key) => key.startsWith(`${pkg.name}@`))
      .map((key) => key.slice(pkg.name.length + 1));
    if (pkg.version === undefined && known.length > 0)
      return `The config does not pin a version of ${pkg.name}; the catalogue has ${known.join(', ')}. Pin one (\`${pkg.name}@${known[0]}\`) or run with --scan.`;
    if (known.length > 0)
      return `The catalogue has ${pkg.name} at ${known.join(', ')}, not ${pkg.version}; run with --scan to list this version.`;
  }
  return 'Not in the catalogue; run with --scan to start it (with the env and headers of its config) and list its tools.';
}

async function scanOne(server: DiscoveredServer, options: ResolveOptions): Promise<ResolvedServer> {
  const cwd = server.scope === 'project' ? options.expand.project : options.expand.home;
  const built = buildScanTarget(server.transport, options.expand, cwd, server.client === 'gemini-cli');
  if (!built.ok) {
    return assemble(
      server,
      {
        source: 'none',
        status: 'needs_input',
        error: {
          code: 'NEEDS_INPUT',
          message: `The config asks the user for ${built.inputs.join(', ')} when the client starts; it cannot be scanned offline.`,
        },
      },
      [],
    );
  }
  options.progress(`scanning ${terminalText(server.name, 60)} (${server.client})…`);
  const scanned = classifyScanResult(await scanServer(built.target, { ...options.scanOptions }));
  const own = new Set(scanned.tools.map((tool) => tool.name));
  const tools = scanned.tools.map((tool) => fromScanned(tool, own));
  const version = server.package?.version ?? scanned.serverInfo?.version;
  options.progress(`${terminalText(server.name, 60)}: ${scanned.status}, ${tools.length} tool${tools.length === 1 ? '' : 's'}`);
  const resolved = assemble(
    server,
    {
      source: scanned.status === 'ok' ? 'scan' : 'none',
      status: scanned.status,
      ...(scanned.error === undefined ? {} : { error: scanned.error }),
      ...(version === undefined ? {} : { version }),
    },
    scanned.status === 'ok' ? tools : [],
  );
  return { ...resolved, scan: scanned };
}

/** Resolves every server, in discovery order; scans run `concurrency` at a time. */
export async function resolveServers(servers: readonly DiscoveredServer[], options: ResolveOptions): Promise<ResolvedServer[]> {
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  return Promise.all(
    servers.map(async (server): Promise<ResolvedServer> => {
      const pkg = server.package;
      const entry = pkg?.version === undefined ? undefined : options.index.packages[packageKey(pkg.name, pkg.version)];
      if (pkg?.version !== undefined && entry !== undefined && Object.hasOwn(options.index.packages, packageKey(pkg.name, pkg.version))) {
        const tools = entry.tools.map(fromIndexed);
        return {
          ...assemble(server, { source: 'catalogue', status: 'ok', catalogueSlug: entry.slug, version: pkg.version }, tools),
          indexed: entry.tools,
        };
      }
      if (!options.scan || server.disabled) {
        return assemble(
          server,
          { source: 'none', status: 'not_scanned', error: { code: 'NOT_SCANNED', message: notScannedMessage(server, options.index) } },
          [],
        );
      }
      return (await queue.add(() => scanOne(server, options)))!;
    }),
  );
}
