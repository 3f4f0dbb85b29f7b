import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type Result,
  ResultSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { SCANNER_VERSION } from '../version.ts';
import { CallEnforcer } from './call-enforcer.ts';
import { FORWARD_TIMEOUT_MS, forwardNotification, forwardRequest } from './forward.ts';
import { GuardError } from './guard-error.ts';
import type { GuardSettings } from './guard-settings.ts';
import { printableName, type ToolChange, ToolView } from './tool-view.ts';

// biome-ignore lint/suspicious/noExplicitAny: the handler extra of either SDK endpoint.
type Extra = RequestHandlerExtra<any, any>;

/** Connects a ready-made SDK Client to the guarded server (spawning it, or over HTTP). */
export type ConnectUpstream = (client: Client) => Promise<void>;

/** Most pages the guard reads when it lists the server's tools itself; a server that pages forever is cut off. */
const MAX_LIST_PAGES = 100;

/** One client connected through the guard to one upstream session. */
export interface GuardSession {
  /** The client-facing SDK Server. */
  server: Server;
  /** The upstream-facing SDK Client. */
  client: Client;
  /** Resolves when either side has closed (and the other has been closed with it). */
  closed: Promise<void>;
  /** Closes both sides. */
  close(): Promise<void>;
}

/**
 * Builds a guard session for a client whose `initialize` has arrived: connects upstream declaring the client's own
 * capabilities and identity (so the server can ask for sampling, roots or elicitation exactly when the client
 * could answer), then serves the client with the upstream's capabilities, identity and instructions. `tools/list`
 * and `tools/call` are enforced; every other request and notification, in both directions, is forwarded as it came.
 */
export async function openGuardSession(
  initialize: JSONRPCRequest,
  downstream: Transport,
  connectUpstream: ConnectUpstream,
  settings: GuardSettings,
): Promise<GuardSession> {
  const params = (initialize.params ?? {}) as { capabilities?: ClientCapabilities; clientInfo?: Implementation };
  const clientInfo = params.clientInfo ?? { name: 'mcp-atlas-guard', version: SCANNER_VERSION };
  const client = new Client(clientInfo, { capabilities: params.capabilities ?? {} });
  try {
    await connectUpstream(client);
  } catch (error) {
    await client.close().catch(() => {});
    throw error instanceof GuardError
      ? error
      : new GuardError('UPSTREAM_FAILED', `the guarded server failed to start or initialise: ${(error as Error).message}`, {
          cause: error,
        });
  }
  const upstreamInfo = client.getServerVersion() ?? { name: 'mcp-server', version: '0' };
  const capabilities = client.getServerCapabilities() ?? {};
  const instructions = client.getInstructions();
  const server = new Server(upstreamInfo, { capabilities, ...(instructions === undefined ? {} : { instructions }) });
  // The SDK would answer logging/setLevel itself; the server must hear it.
  server.removeRequestHandler('logging/setLevel');
  const serverName = () => settings.serverName ?? upstreamInfo.name;
  const view = new ToolView(settings.policy, (change) => reportChange(settings, serverName(), change));
  const enforcer = new CallEnforcer(settings, view, server, client, serverName);
  const refresh = coalesced(() => refreshTools(client, view, settings));
  const ready = capabilities.tools === undefined ? Promise.resolve() : refresh();

  server.fallbackRequestHandler = async (request: JSONRPCRequest, extra: Extra): Promise<Result> => {
    if (request.method === 'tools/call') {
      await ready;
      return enforcer.handle(request, extra);
    }
    if (request.method === 'tools/list') {
      const result = await forwardRequest(client, request, extra);
      return { ...result, tools: view.observe((result as { tools?: unknown }).tools) };
    }
    return forwardRequest(client, request, extra);
  };
  server.fallbackNotificationHandler = (notification: Notification) => forwardNotification(client, notification);
  client.fallbackRequestHandler = (request: JSONRPCRequest, extra: Extra) =>
    forwardRequest(server, request, extra, { timeout: FORWARD_TIMEOUT_MS });
  client.fallbackNotificationHandler = async (notification: Notification) => {
    // Learn the new definitions before the client asks for them: a changed tool is hidden from its next listing.
    if (notification.method === 'notifications/tools/list_changed') await refresh();
    await forwardNotification(server, notification);
  };

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing = false;
  const close = async () => {
    if (closing) return closed;
    closing = true;
    await Promise.allSettled([server.close(), client.close()]);
    resolveClosed();
  };
  client.onclose = () => {
    if (!closing) settings.log('guard: the guarded server closed the connection');
    void close();
  };
  server.onclose = () => void close();
  client.onerror = (error) => settings.log(`guard: upstream: ${error.message}`);
  server.onerror = (error) => settings.log(`guard: client: ${error.message}`);
  await server.connect(downstream);
  return { server, client, closed, close };
}

/**
 * Runs `task` at most once at a time: calls made while it runs share one more run after it, so a server that floods
 * `list_changed` costs one listing in flight and one queued, not one per notification.
 */
function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (running === undefined) {
      running = task().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return run();
    });
    return queued;
  };
  return run;
}

/** Lists every tool (all pages, bounded) and replaces what the view knows. */
async function refreshTools(client: Client, view: ToolView, settings: GuardSettings): Promise<void> {
  const tools: unknown[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const result = await client.request({ method: 'tools/list', ...(cursor === undefined ? {} : { params: { cursor } }) }, ResultSchema);
      const listed = (result as { tools?: unknown }).tools;
      if (Array.isArray(listed)) tools.push(...listed);
      const next = (result as { nextCursor?: unknown }).nextCursor;
      if (typeof next !== 'string' || next === cursor) break;
      cursor = next;
    }
  } catch (error) {
    settings.log(`guard: could not list the server's tools: ${(error as Error).message}`);
  }
  view.observe(tools, true);
}

function reportChange(settings: GuardSettings, server: string, change: ToolChange): void {
  const what =
    change.kind === 'changed'
      ? `tool ${printableName(change.tool)} changed since the policy was generated: ${change.outcome}`
      : `new tool ${printableName(change.tool)} (${change.verdict}): ${change.outcome}`;
  settings.log(`guard: ${what}`);
  settings.audit?.write({
    time: new Date(settings.now()).toISOString(),
    event: change.kind === 'changed' ? 'tool_changed' : 'tool_added',
    server,
    tool: change.tool,
    ...(change.verdict === undefined ? {} : { verdict: change.verdict }),
    outcome: change.outcome,
  });
}
