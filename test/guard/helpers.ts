// Real clients through a real guard to real servers. The guard runs in this process (so its clock can be moved
// and its counter store chosen), the servers are real child processes, the client is the SDK's.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { type ClientCapabilities, ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { Policy } from '../../data/schema/policy.ts';
import type { ScanResult } from '../../data/schema/scan-result.ts';
import { generatePolicy, parsePolicy, serializePolicy } from '../../policies-gen/index.ts';
import { classifyScanResult } from '../../scanner/classify/index.ts';
import {
  AuditLog,
  type GuardSession,
  type GuardSettings,
  inheritedEnvironment,
  planLaunch,
  type QuotaStore,
  runGuard,
  stdioUpstream,
} from '../../scanner/guard/index.ts';
import { MemoryQuotaStore } from '../../scanner/guard/state/memory-store.ts';
import type { SandboxOptions } from '../../scanner/sandbox/index.ts';
import { type RealServer, scanRealServer } from '../policy/helpers/real-servers.ts';

const root = new URL('../../', import.meta.url).pathname;
/** The pinned Node 24. */
export const NODE = join(root, 'node_modules/.bin/node');
/** A fixture server's path. */
export const fixture = (name: string) => join(root, 'test/fixtures/servers', `${name}.ts`);
/** A real dev-dependency server's bin. */
export const realBin = (name: string) => join(root, 'node_modules/.bin', name);

/** A clock tests move by hand. */
export class TestClock {
  now = Date.parse('2026-11-24T10:00:10Z');
  readonly read = () => this.now;
  /** Moves to the start of the next minute. */
  nextMinute(): void {
    this.now = (Math.floor(this.now / 60_000) + 1) * 60_000 + 1_000;
  }
}

/** The starter policy of a real server, generated from a real scan classified by the real classifier. */
export async function starterPolicyOf(server: RealServer): Promise<Policy> {
  const scan = classifyScanResult(await scanRealServer(server));
  return parsePolicy(serializePolicy(generatePolicy({ name: server, tools: scan.tools }).policy));
}

/** What a guarded connection needs. */
export interface GuardedOptions {
  policy: Policy;
  command: string;
  args?: string[];
  env?: Record<string, string>;
  /** Capabilities the client declares; with `elicit`, elicitation is added. */
  capabilities?: ClientCapabilities;
  /** Answers the guard's approval requests (the person); when absent the client has no elicitation capability. */
  elicit?: (message: string) => ElicitResult | Promise<ElicitResult>;
  clock?: TestClock;
  store?: QuotaStore;
  auditPath?: string;
  grant?: string;
  approvalTimeoutMs?: number;
  /** How the server is started; default a plain child process (the sandbox has its own tests). */
  sandbox?: SandboxOptions;
}

/** A client connected through a guard, and what the guard logged. */
export interface Guarded {
  client: Client;
  session: GuardSession;
  logs: string[];
  /** Closes the client, the guard and the server (its whole process group). */
  close(): Promise<void>;
}

/** Connects a real SDK client, through an in-process guard, to a real server process. */
export async function guarded(options: GuardedOptions): Promise<Guarded> {
  const clock = options.clock ?? new TestClock();
  const logs: string[] = [];
  const settings: GuardSettings = {
    policy: options.policy,
    store: options.store ?? new MemoryQuotaStore(clock.read),
    grant: options.grant ?? 'default',
    approvalTimeoutMs: options.approvalTimeoutMs ?? 5_000,
    now: clock.read,
    log: (line) => logs.push(line),
    ...(options.auditPath === undefined ? {} : { audit: new AuditLog(options.auditPath) }),
  };
  const upstream = stdioUpstream(
    () =>
      planLaunch(
        { command: options.command, args: options.args ?? [], env: { ...inheritedEnvironment(), ...options.env }, cwd: root },
        options.sandbox ?? { kind: 'none' },
      ),
    () => {},
  );
  const [clientSide, guardSide] = InMemoryTransport.createLinkedPair();
  const capabilities: ClientCapabilities = { ...options.capabilities, ...(options.elicit === undefined ? {} : { elicitation: {} }) };
  const client = new Client({ name: 'guard-test-client', version: '1.0.0' }, { capabilities });
  if (options.elicit !== undefined) {
    const elicit = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => elicit(request.params.message));
  }
  const sessionPromise = runGuard(guardSide, upstream.connect, settings);
  await client.connect(clientSide);
  const session = await sessionPromise;
  return {
    client,
    session,
    logs,
    close: async () => {
      await client.close();
      await session.close();
      await upstream.transport()?.close();
      settings.audit?.close();
      await settings.store.close();
    },
  };
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content[0]?.text ?? '';
}

/** A fresh scratch directory. */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `atlas-guard-${prefix}-`));
}

/** The audit log's lines, parsed. */
export function auditLines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Scans a command with the real CLI (`mcp-atlas scan --json`) and classifies it. */
export async function scanCommand(command: string, args: string[] = []): Promise<ScanResult> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { ScanResultSchema } = await import('../../data/schema/scan-result.ts');
  const { stdout } = await promisify(execFile)(NODE, [join(root, 'scanner/bin/mcp-atlas.js'), 'scan', '--json', '--', command, ...args], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return classifyScanResult(ScanResultSchema.parse(JSON.parse(stdout)));
}

/** The starter policy of a command, from a real scan (see scanCommand). */
export async function starterPolicyOfCommand(command: string, args: string[] = []): Promise<Policy> {
  const scan = await scanCommand(command, args);
  return parsePolicy(serializePolicy(generatePolicy({ name: 'fixture', tools: scan.tools }).policy));
}

/** The guard-target fixture's command line. */
export const TARGET = { command: NODE, args: [fixture('guard-target')] };

/**
 * Starts `mcp-atlas guard <args>` as a client would, sends `initialize`, and returns the guard's exit code and its
 * first reply (a JSON-RPC error when the server could not start).
 */
export async function initializeThroughGuard(
  args: string[],
): Promise<{ code: number | null; reply: { id: number; error?: { message: string } } }> {
  const child = spawn(NODE, [join(root, 'scanner/bin/mcp-atlas.js'), 'guard', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } })}\n`,
  );
  const code = await exited;
  return { code, reply: JSON.parse(stdout.trim().split('\n')[0]!) as { id: number; error?: { message: string } } };
}
