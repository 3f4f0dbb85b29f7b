// The OS sandbox every stdio server runs in: scan, crawl (and later audit and guard) call prepareLaunch().
export type { Mount } from './bwrap-args.ts';
export { type MemoryCeiling, type MemoryEnforcement, releaseAllCeilings } from './memory-ceiling.ts';
export { INSTALL_HINT, type SandboxSupport, sandboxSupport } from './probe.ts';
export { type LaunchRequest, prepareLaunch, type SandboxedLaunch } from './sandbox.ts';
export { SandboxError, type SandboxErrorCode } from './sandbox-error.ts';
export {
  DEFAULT_MEMORY_LIMIT_BYTES,
  DEFAULT_SANDBOX,
  DEFAULT_SCRATCH_BYTES,
  formatBytes,
  MIN_MEMORY_LIMIT_BYTES,
  parseByteSize,
  SANDBOX_HOME,
  type SandboxOptions,
} from './sandbox-options.ts';
