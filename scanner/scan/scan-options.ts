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
      /** Working directory of the server; default `process.cwd()`. */
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
  /** Bytes of stderr kept (the tail), recorded as `stderrTail`. */
  maxStderrBytes: number;
  /** Longest stdout line (one JSON-RPC message) accepted over stdio, in bytes. */
  maxMessageBytes: number;
  /** Most per-item warnings (`TOOL_DROPPED`, …) recorded before they are summarised. */
  maxItemWarnings: number;
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
  maxStderrBytes: 64 * 1024,
  maxMessageBytes: 32 * 1024 * 1024,
  maxItemWarnings: 100,
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
}

/** Default timeouts, in ms. */
export const DEFAULT_TIMEOUTS = Object.freeze({ connectTimeoutMs: 30_000, requestTimeoutMs: 20_000, totalTimeoutMs: 90_000 });
