import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CodedMessage, TransportInfo } from '../../data/schema/index.ts';
import type { ScanError } from './scan-error.ts';

/** Budget and cancellation for connecting. */
export interface ConnectBudget {
  /** Time for spawn/connect plus `initialize`, in ms. */
  timeoutMs: number;
  /** Aborted when the whole-scan deadline passes. */
  signal: AbortSignal;
}

/** One connection to one server, whatever the transport. `close()` is always called, whatever happened. */
export interface ServerSession {
  /** How the server is reached (secrets removed); updated when HTTP falls back to SSE. */
  transportInfo(): TransportInfo;
  /** Connects and initialises; throws a ScanError saying why it could not. */
  connect(budget: ConnectBudget): Promise<Client>;
  /** Turns an error raised while listing (after `initialize`) into a ScanError. */
  explainListingError(error: unknown, method: string, requestTimeoutMs: number): ScanError;
  /** Ends the connection and, for stdio, kills the server's process group. */
  close(): Promise<void>;
  /** The kept stderr tail, if the transport has one. */
  stderrTail(): string | undefined;
  /** The protocol version agreed in `initialize`, once connected. */
  protocolVersion(): string | undefined;
  /** Transport-level warnings (skipped stdout lines, …). */
  warnings(): CodedMessage[];
}

/** Waits for `promise`, but no longer than `ms`: then rejects with `onTimeout()`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    const onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : onTimeout());
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Makes `transport` remember the protocol version the client agreed on in `initialize`
 * (the SDK hands it to the transport but does not expose it otherwise).
 */
export function watchProtocolVersion(transport: Transport): () => string | undefined {
  let agreed: string | undefined;
  const original = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version: string) => {
    agreed = version;
    original?.(version);
  };
  return () => agreed;
}
