import type { ScanResult, ScanStatus } from '../../data/schema/index.ts';
import { SCANNER_VERSION } from '../version.ts';

/** A scan result for a server the crawler never got to connect to (install failed, runtime missing). */
export function syntheticResult(input: {
  status: ScanStatus;
  code: string;
  message: string;
  command: string;
  args: string[];
  envNames?: string[];
  requiredEnv?: string[];
  startedAt: Date;
}): ScanResult {
  return {
    status: input.status,
    error: { code: input.code, message: input.message },
    warnings: [],
    transport: { type: 'stdio', command: input.command, args: input.args, envNames: input.envNames ?? [] },
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
    ...(input.requiredEnv !== undefined && input.requiredEnv.length > 0 ? { requiredEnv: input.requiredEnv } : {}),
    scannedAt: input.startedAt.toISOString(),
    durationMs: Math.max(0, Date.now() - input.startedAt.getTime()),
    scannerVersion: SCANNER_VERSION,
  };
}
