import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { GuardError } from './guard-error.ts';
import { type ConnectUpstream, type GuardSession, openGuardSession } from './guard-session.ts';
import type { GuardSettings } from './guard-settings.ts';
import { InitializeGate } from './initialize-gate.ts';

/**
 * Serves one client on `downstream` (stdio, or an in-memory transport in tests): waits for its `initialize`, connects
 * upstream, and proxies until either side closes. When the upstream cannot be reached, the client's `initialize` is
 * answered with a JSON-RPC error that says why, and the GuardError is thrown.
 */
export async function runGuard(downstream: Transport, connectUpstream: ConnectUpstream, settings: GuardSettings): Promise<GuardSession> {
  const gate = new InitializeGate(downstream);
  await gate.open();
  let initialize: JSONRPCRequest;
  try {
    initialize = await gate.initialize;
  } catch (error) {
    await gate.close().catch(() => {});
    throw new GuardError('UPSTREAM_FAILED', `no session: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await openGuardSession(initialize, gate, connectUpstream, settings);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await downstream
      .send({ jsonrpc: '2.0', id: initialize.id, error: { code: -32603, message: `mcp-atlas guard: ${message}` } })
      .catch(() => {});
    await gate.close().catch(() => {});
    throw error;
  }
}
