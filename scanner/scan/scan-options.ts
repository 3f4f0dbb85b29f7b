import type { SandboxOptions } from '../sandbox/index.ts';

/** What to scan: a command started over stdio, or an HTTP endpoint. */
export type ScanTarget =
  | {
      kind: 'stdio';
      /** Executable to start. */
      command: string;
      /** Its arguments. */
      args: string[];
      /** Variables passed to the server; nothing else of the scanner's environment is (only PATH, and HOME set to a scratch dir). */
      env?: Record<string, string>;
      /**
       * The caller's working directory (default `process.cwd()`): relative paths in the command line are resolved
       * against it. Without the sandbox it is also the server's working directory; in the sandbox that is its scratch HOME.
       */
      cwd?: string;
    }
  | {
      kind: 'http';
      /** Endpoint URL: Streamable HTTP first, then the legacy SSE transport. */
      url: string;
      /** Extra HTTP headers (e.g. `Authorization`); only their names are recorded. */
      headers?: Record<string, string>;
    };

/** Caps that keep a hostile server from exhausting memory or time; hitting one is recorded as a warning. */
export interface ScanLimits {
  /** Most tools kept (`TOOLS_CAP_HIT`). */
  maxTools: number;
  /** Most prompts, resources and resource templates kept, each (`PROMPTS_CAP_HIT`, …). */
  maxItems: number;
  /** Most pages requested per list (`PAGES_CAP_HIT`). */
  maxPages: number;
  /** Longest description kept, in characters; longer ones are cut (`DESCRIPTIONS_TRUNCATED`). */
  maxDescriptionChars: number;
  /** Longest `instructions` kept, in characters. */
  maxInstructionsChars: number;
  /** Largest input/output schema kept, in bytes of JSON; a larger one is replaced by a stub (`SCHEMAS_TRUNCATED`). */
  maxSchemaBytes: number;
  /** Longest tool name accepted, in characters; a longer one drops the tool. */
  maxNameChars: number;
  /** Longest title kept (a tool's, `annotations.title`, `serverInfo.title`, a prompt's), in characters (`TITLES_TRUNCATED`). */
  maxTitleChars: number;
  /**
   * Longest other string kept (serverInfo name and version, annotation values, prompt arguments, URIs, MIME types),
   * in characters (`FIELDS_TRUNCATED`).
   */
  maxFieldChars: number;
  /** Deepest nesting kept in a schema or annotation; a deeper schema is replaced by a stub (`SCHEMAS_TOO_DEEP`). */
  maxDepth: number;
  /** Most characters of JSON kept for a tool's annotations or a prompt's or resource's fields besides its description. */
  maxStructureChars: number;
  /** Bytes of stderr kept (the tail), recorded as `stderrTail`. */
  maxStderrBytes: number;
  /** Longest stdout line (one JSON-RPC message) accepted over stdio, in bytes. */
  maxMessageBytes: number;
  /** Largest HTTP body read (each response; error bodies are cut short to it), and longest SSE line, in bytes (`HTTP_BODY_TOO_LARGE`). */
  maxHttpBodyBytes: number;
  /** Most per-item warnings (`TOOL_DROPPED`, …) recorded before they are summarised. */
  maxItemWarnings: number;
  /** Most bytes written to a stdio server's stdin that it has not read yet; past this it is cut off (`STDIN_NOT_READ`). */
  maxPendingWriteBytes: number;
}

/** The caps used when a scan does not set its own. */
export const DEFAULT_LIMITS: Readonly<ScanLimits> = Object.freeze({
  maxTools: 5_000,
  maxItems: 5_000,
  maxPages: 200,
  maxDescriptionChars: 64 * 1024,
  maxInstructionsChars: 64 * 1024,
  maxSchemaBytes: 256 * 1024,
  maxNameChars: 512,
  maxTitleChars: 1024,
  maxFieldChars: 8 * 1024,
  maxDepth: 64,
  maxStructureChars: 64 * 1024,
  maxStderrBytes: 64 * 1024,
  maxMessageBytes: 32 * 1024 * 1024,
  maxHttpBodyBytes: 32 * 1024 * 1024,
  maxItemWarnings: 100,
  maxPendingWriteBytes: 4 * 1024 * 1024,
});

/** How long to wait and how much to keep. Every field has a default that fits slow real servers. */
export interface ScanOptions {
  /** Spawn/connect plus `initialize`, in ms (default 30 000). */
  connectTimeoutMs?: number;
  /** Each list request, in ms (default 20 000). */
  requestTimeoutMs?: number;
  /** The whole scan, in ms (default 90 000). */
  totalTimeoutMs?: number;
  /** Overrides of DEFAULT_LIMITS. */
  limits?: Partial<ScanLimits>;
  /** Environment variables the server needs, recorded into `result.requiredEnv`. */
  requiredEnv?: string[];
  /** Receives one line of progress text at a time (the CLI writes it to stderr). */
  onProgress?: (line: string) => void;
  /** How a stdio server is isolated; default {@link DEFAULT_SANDBOX} (bubblewrap, no network, 1 GiB). */
  sandbox?: SandboxOptions;
  /** Aborting it (Ctrl-C, a crawl shutting down) ends the scan at once: the server is killed and the result says so. */
  signal?: AbortSignal;
}

/** Default timeouts, in ms. */
export const DEFAULT_TIMEOUTS = Object.freeze({ connectTimeoutMs: 30_000, requestTimeoutMs: 20_000, totalTimeoutMs: 90_000 });
