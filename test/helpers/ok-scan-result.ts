// The ScanResult a test builds itself after listing a real server's tools with the SDK client.
import { type ScanResult, ScanResultSchema } from '../../data/schema/index.ts';

/** What a test listed: how the server was reached, what it said it is, its tools, and when listing began. */
export interface ListedServer {
  transport: ScanResult['transport'];
  serverInfo: ScanResult['serverInfo'];
  /** Tools as listed, each with its `hash`; the schema checks them. */
  tools: unknown[];
  /** `Date.now()` when the listing began. */
  startedAt: number;
}

/** A schema-checked `ok` ScanResult holding only tools (no prompts or resources, no warnings), timed from `startedAt`. */
export function okScanResult({ transport, serverInfo, tools, startedAt }: ListedServer): ScanResult {
  return ScanResultSchema.parse({
    status: 'ok',
    warnings: [],
    transport,
    serverInfo,
    tools,
    prompts: [],
    resources: [],
    resourceTemplates: [],
    scannedAt: new Date(startedAt).toISOString(),
    durationMs: Date.now() - startedAt,
    scannerVersion: 'test',
  });
}
