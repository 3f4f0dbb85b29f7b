import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { SCANNER_VERSION } from '../version.ts';

/**
 * What the scanner declares in `initialize`, recorded in every result as `clientCapabilities`. Servers offer some
 * tools only to clients that can serve roots, sampling, elicitation or tasks (server-everything registers its
 * sampling, elicitation and roots tools only then), so a listing client that declares nothing under-lists them.
 * Declaring is safe because every request is answered without doing anything: see `createScanClient`.
 */
export const SCAN_CLIENT_CAPABILITIES: Readonly<ClientCapabilities> = Object.freeze({
  roots: { listChanged: false },
  sampling: {},
  elicitation: { form: {}, url: {} },
  tasks: { requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
});

/** The JSON-RPC error code MCP clients use for a request the user (here: the scanner) declines. */
const DECLINED = -1;

/**
 * A fresh MCP client for listing. It declares `SCAN_CLIENT_CAPABILITIES` and answers the server's requests without
 * calling anything: `roots/list` with no roots (nothing of this machine is offered), `sampling/createMessage` with an
 * error (no model is ever called), `elicitation/create` with `decline` (no person is asked). Task requests
 * (`tasks/get`, …) are unknown methods to it, so task-augmented requests fail as well.
 */
export function createScanClient(): Client {
  const client = new Client({ name: 'mcp-atlas', version: SCANNER_VERSION }, { capabilities: structuredClone(SCAN_CLIENT_CAPABILITIES) });
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
  client.setRequestHandler(CreateMessageRequestSchema, async () => {
    throw new McpError(DECLINED, 'mcp-atlas only lists what a server exposes; it declines every sampling request.');
  });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' as const }));
  // Errors are reported through rejected requests; the default handler would only log to the console.
  client.onerror = () => {};
  return client;
}
