import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { formatBytes, SandboxError } from '../sandbox/index.ts';
import { ProcessGroupTransport } from '../scan/stdio-transport.ts';
import { GuardError } from './guard-error.ts';
import type { ConnectUpstream } from './guard-session.ts';
import type { LaunchPlan } from './launch.ts';

/** Longest line the guard accepts from a stdio server: a large file read fits, an endless line does not. */
export const MAX_UPSTREAM_LINE_BYTES = 64 * 1024 * 1024;
/** How long the server has to answer `initialize`. */
const INITIALIZE_TIMEOUT_MS = 60_000;

/**
 * Connects to a stdio server started from the plan `launch` makes (in the sandbox, or not): its own process group (killed whole when the guard ends), lines
 * capped, stdout lines that are not JSON-RPC skipped, and its stderr passed on to ours (the client's log).
 */
export function stdioUpstream(
  launch: () => Promise<LaunchPlan>,
  onStderr: (chunk: Buffer) => void,
): { connect: ConnectUpstream; transport: () => ProcessGroupTransport | undefined } {
  let transport: ProcessGroupTransport | undefined;
  return {
    transport: () => transport,
    connect: async (client: Client) => {
      let plan: LaunchPlan;
      try {
        plan = await launch();
      } catch (error) {
        // The command does not exist, or the sandbox could not be made for it: the client hears why in its initialize.
        if (error instanceof SandboxError) throw new GuardError('UPSTREAM_FAILED', error.message, { cause: error });
        throw error;
      }
      transport = new ProcessGroupTransport({
        command: plan.command,
        args: plan.args,
        env: plan.env,
        cwd: plan.cwd,
        maxStderrBytes: 16 * 1024,
        maxLineBytes: MAX_UPSTREAM_LINE_BYTES,
        // A client may send large requests the server reads slowly; one line's worth may wait, no more.
        maxPendingWriteBytes: MAX_UPSTREAM_LINE_BYTES,
        killGraceMs: 2_000,
        onStderr,
        ...(plan.ceiling ? { ceiling: plan.ceiling } : {}),
      });
      try {
        await client.connect(transport, { timeout: INITIALIZE_TIMEOUT_MS });
      } catch (error) {
        const exit = transport.exitInfo;
        const tail = transport.stderrTail().trim().split('\n').slice(-3).join(' | ');
        await transport.close().catch(() => {});
        const why = transport.overMemory
          ? `it went over its memory ceiling of ${formatBytes(plan.memoryLimitBytes ?? 0)} and its sandbox was killed (raise it with --memory-limit)`
          : exit === undefined
            ? (error as Error).message
            : `it exited (code ${exit.code ?? exit.signal})`;
        throw new GuardError(
          'UPSTREAM_FAILED',
          `\`${plan.serverCommand}\` did not initialise: ${why}${tail === '' ? '' : ` — stderr: ${tail.slice(0, 300)}`}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}

/**
 * Connects to a Streamable HTTP server. `headers` is read on every request, so the client's current credentials
 * (a refreshed `Authorization`, say) reach the server as the client sends them.
 */
export function httpUpstream(url: URL, headers: Record<string, string>): ConnectUpstream {
  return async (client: Client) => {
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
    try {
      await client.connect(transport, { timeout: INITIALIZE_TIMEOUT_MS });
    } catch (error) {
      await transport.close().catch(() => {});
      throw new GuardError('UPSTREAM_FAILED', `${url.origin}${url.pathname} did not initialise: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}
