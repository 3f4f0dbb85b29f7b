import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCRequest, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

/** Messages held while the guard connects upstream; a client that floods before `initialize` is answered is cut off. */
const MAX_HELD = 1_000;

/**
 * Wraps the client-facing transport so the guard can read the client's `initialize` before the SDK `Server`
 * exists: the server must answer with the upstream's capabilities, and the upstream must be told the client's.
 * Messages are held from `open()` until the Server connects (its `start()`), then delivered in order.
 */
export class InitializeGate implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  readonly #inner: Transport;
  readonly #held: Array<{ message: JSONRPCMessage; extra?: MessageExtraInfo }> = [];
  #delivering = false;
  #resolveInit: ((request: JSONRPCRequest) => void) | undefined;
  #rejectInit: ((error: Error) => void) | undefined;
  /** The client's `initialize` request, once it arrives; rejects if the client goes away first. */
  readonly initialize: Promise<JSONRPCRequest>;

  constructor(inner: Transport) {
    this.#inner = inner;
    this.initialize = new Promise((resolve, reject) => {
      this.#resolveInit = resolve;
      this.#rejectInit = reject;
    });
    this.initialize.catch(() => {});
  }

  /** Starts the inner transport and begins holding messages. */
  async open(): Promise<void> {
    this.#inner.onmessage = (message, extra) => {
      if (this.#delivering) {
        this.onmessage?.(message, extra);
        return;
      }
      if (this.#held.length >= MAX_HELD) {
        this.#rejectInit?.(new Error('the client sent too many messages before initialize'));
        void this.#inner.close();
        return;
      }
      this.#held.push(extra === undefined ? { message } : { message, extra });
      if ('method' in message && message.method === 'initialize' && 'id' in message) this.#resolveInit?.(message as JSONRPCRequest);
    };
    this.#inner.onclose = () => {
      this.#rejectInit?.(new Error('the client closed the connection before initialize'));
      this.onclose?.();
    };
    this.#inner.onerror = (error) => this.onerror?.(error);
    await this.#inner.start();
  }

  /** Called by the SDK Server's connect: delivers what was held, then passes messages straight through. */
  async start(): Promise<void> {
    queueMicrotask(() => {
      for (const { message, extra } of this.#held.splice(0)) this.onmessage?.(message, extra);
      this.#delivering = true;
    });
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.#inner.send(message, options);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  get sessionId(): string | undefined {
    return this.#inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.#inner.setProtocolVersion?.(version);
  }
}
