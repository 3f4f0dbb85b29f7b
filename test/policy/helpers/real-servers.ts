import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type ScanResult, ScanResultSchema } from '../../../data/schema/scan-result.ts';
import { hashTool } from '../../../scanner/scan/tool-hash.ts';
import { okScanResult } from '../../helpers/ok-scan-result.ts';

const root = new URL('../../../', import.meta.url).pathname;
/** The pinned Node 24 every test process uses. */
export const NODE = join(root, 'node_modules/.bin/node');
/** The real CLI entry. */
export const CLI = join(root, 'scanner/bin/mcp-atlas.js');

/** The real dev-dependency servers, with the arguments they need. */
export const REAL_SERVERS = {
  memory: { bin: 'mcp-server-memory', args: () => [] as string[] },
  filesystem: { bin: 'mcp-server-filesystem', args: () => [mkdtempSync(join(tmpdir(), 'atlas-policy-fs-'))] },
  everything: { bin: 'mcp-server-everything', args: () => [] as string[] },
} as const;
export type RealServer = keyof typeof REAL_SERVERS;

/**
 * Scans a real dev-dependency server: through the real CLI (`mcp-atlas scan --json`) when the scan command exists,
 * otherwise by listing its tools with the SDK client over stdio (a real process either way).
 */
export function scanRealServer(server: RealServer): Promise<ScanResult> {
  let scan = scans.get(server);
  if (scan === undefined) {
    scan = scanOnce(server);
    scans.set(server, scan);
  }
  return scan;
}

/** One scan per server and test file: the servers do not change within a run. */
const scans = new Map<RealServer, Promise<ScanResult>>();

async function scanOnce(server: RealServer): Promise<ScanResult> {
  const { bin, args } = REAL_SERVERS[server];
  const command = join(root, 'node_modules/.bin', bin);
  const serverArgs = args();
  if (existsSync(join(root, 'scanner/cli/scan-command.ts'))) {
    const { stdout } = await promisify(execFile)(NODE, [CLI, 'scan', '--json', '--', command, ...serverArgs], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return ScanResultSchema.parse(JSON.parse(stdout));
  }
  return listWithSdk(command, serverArgs);
}

async function listWithSdk(command: string, args: string[]): Promise<ScanResult> {
  const started = Date.now();
  const client = new Client({ name: 'mcp-atlas-policy-tests', version: '0' });
  const transport = new StdioClientTransport({ command, args, stderr: 'ignore' });
  await client.connect(transport);
  try {
    const listed = await client.listTools();
    const info = client.getServerVersion();
    return okScanResult({
      transport: { type: 'stdio', command, args, envNames: [] },
      serverInfo: info === undefined ? undefined : { name: info.name, version: info.version },
      tools: listed.tools.map((tool) => ({ ...tool, hash: hashTool(tool as Parameters<typeof hashTool>[0]) })),
      startedAt: started,
    });
  } finally {
    await client.close();
  }
}
