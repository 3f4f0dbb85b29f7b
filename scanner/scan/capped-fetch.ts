/**
 * A `fetch` for the SDK's HTTP transports that never lets a server's body grow the scanner's memory without bound.
 * The SDK reads bodies whole (`response.json()`, `response.text()` for error statuses) and SSE lines whole, so an
 * endless body or a line that never ends would otherwise grow until the process dies.
 */

/** A body or SSE line went past the cap; what the scanner did about it. */
export interface BodyCut {
  /** `body`: a response body longer than the cap; `sse-line`: an SSE line longer than the cap. */
  kind: 'body' | 'sse-line';
  /** The HTTP status of the response that was cut. */
  status: number;
  /** The cap, in bytes. */
  maxBytes: number;
}

/** Raised into the SDK (as a failed read) when a successful response's body or an SSE line passes the cap. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  /** Always `HTTP_BODY_TOO_LARGE`. */
  readonly code = 'HTTP_BODY_TOO_LARGE';
  /** What was cut. */
  readonly cut: BodyCut;
  constructor(cut: BodyCut) {
    super(
      cut.kind === 'body'
        ? `The server sent an HTTP body longer than ${cut.maxBytes} bytes (HTTP ${cut.status}); it was cut off.`
        : `The server sent an SSE line longer than ${cut.maxBytes} bytes; the stream was cut off.`,
    );
    this.cut = cut;
  }
}

type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Counts bytes through a body. Error statuses (>= 400) are cut short quietly: the SDK still sees the status and the
 * first `maxBytes` of the message. A successful body past the cap, or an SSE line past it, fails the read with
 * BodyTooLargeError: a truncated JSON-RPC reply would be misread.
 */
function capStream(body: ReadableStream<Uint8Array>, status: number, sse: boolean, maxBytes: number, onCut: (cut: BodyCut) => void) {
  let total = 0;
  let line = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (sse) {
          // Only the bytes since the last line break count: a long-lived stream of short events is fine.
          for (let i = 0; i < chunk.length; i++) {
            const byte = chunk[i]!;
            line = byte === 0x0a || byte === 0x0d ? 0 : line + 1;
            if (line > maxBytes) {
              const cut: BodyCut = { kind: 'sse-line', status, maxBytes };
              onCut(cut);
              controller.error(new BodyTooLargeError(cut));
              return;
            }
          }
          controller.enqueue(chunk);
          return;
        }
        total += chunk.length;
        if (total <= maxBytes) {
          controller.enqueue(chunk);
          return;
        }
        const cut: BodyCut = { kind: 'body', status, maxBytes };
        onCut(cut);
        if (status >= 400) {
          controller.enqueue(chunk.subarray(0, chunk.length - (total - maxBytes)));
          controller.terminate();
        } else controller.error(new BodyTooLargeError(cut));
      },
    }),
  );
}

/**
 * Wraps `base` (the global fetch by default) so every response body is read through the caps of `capStream`.
 * `onCut` hears of each cut, so the session can record it as a warning or a status.
 */
export function cappedFetch(maxBytes: number, onCut: (cut: BodyCut) => void, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const response = await base(url, init);
    if (response.body === null) return response;
    const sse = (response.headers.get('content-type') ?? '').toLowerCase().includes('text/event-stream');
    const body = capStream(response.body, response.status, sse, maxBytes, onCut);
    const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // The SSE client reads these to follow redirects; a constructed Response would lose them.
    Object.defineProperty(wrapped, 'url', { value: response.url });
    Object.defineProperty(wrapped, 'redirected', { value: response.redirected });
    return wrapped;
  };
}
