import type { Protocol, RequestHandlerExtra, RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type JSONRPCRequest,
  McpError,
  type Notification,
  type Request,
  type Result,
  ResultSchema,
} from '@modelcontextprotocol/sdk/types.js';

// biome-ignore lint/suspicious/noExplicitAny: both SDK endpoints (Client and Server) are Protocols of different message types.
type AnyProtocol = Protocol<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: the handler's extra of either endpoint.
type AnyExtra = RequestHandlerExtra<any, any>;

/** How long a forwarded request may take without progress; the client's own timeout and cancellation come first. */
export const FORWARD_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * Sends a request received on one side to the other side as it came (method, params, `_meta`), and returns the
 * result untouched: no schema but the JSON-RPC envelope, so fields the SDK does not know survive. Cancellation of
 * the original aborts the forwarded one (the SDK sends `notifications/cancelled`); progress comes back under the
 * original progress token.
 */
export async function forwardRequest(
  to: AnyProtocol,
  request: JSONRPCRequest,
  extra: AnyExtra,
  options: Partial<RequestOptions> = {},
): Promise<Result> {
  const params = request.params as Request['params'];
  const token = params?._meta?.progressToken;
  const requestOptions: RequestOptions = {
    signal: extra.signal,
    timeout: FORWARD_TIMEOUT_MS,
    resetTimeoutOnProgress: true,
    ...options,
  };
  // Progress is relayed in the order it came, and the result waits for the last of it: a client must not see
  // progress for a request it already has the answer to (the SDK drops it, and the count looks short).
  let progressSent: Promise<void> = Promise.resolve();
  if (token !== undefined) {
    requestOptions.onprogress = (progress) => {
      progressSent = progressSent.then(() =>
        extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken: token } }).catch(() => {}),
      );
    };
  }
  try {
    return await to.request(
      { method: request.method, ...(params === undefined ? {} : { params }) } as Request,
      ResultSchema,
      requestOptions,
    );
  } catch (error) {
    throw passThroughError(error);
  } finally {
    await progressSent;
  }
}

/** Sends a notification received on one side to the other; a side that is gone drops it. */
export async function forwardNotification(to: AnyProtocol, notification: Notification): Promise<void> {
  try {
    await to.notification(notification);
  } catch {
    // The other side closed, or does not take this notification: nothing to deliver it to.
  }
}

/**
 * A JSON-RPC error from the other side, ready to be thrown back with its own code, message and data. The SDK's
 * McpError prefixes "MCP error N: " to the message; the prefix is taken off so the client reads what the server said.
 */
export function passThroughError(error: unknown): Error {
  if (error instanceof McpError) {
    const prefix = `MCP error ${error.code}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return Object.assign(new Error(message), { code: error.code, ...(error.data === undefined ? {} : { data: error.data }) });
  }
  return error instanceof Error ? error : new Error(String(error));
}
