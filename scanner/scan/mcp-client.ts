import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SCANNER_VERSION } from '../version.ts';

/** A fresh MCP client that declares no capabilities: the scanner only lists, it never serves roots or sampling. */
export function createScanClient(): Client {
  const client = new Client({ name: 'mcp-atlas', version: SCANNER_VERSION }, { capabilities: {} });
  // Errors are reported through rejected requests; the default handler would only log to the console.
  client.onerror = () => {};
  return client;
}
