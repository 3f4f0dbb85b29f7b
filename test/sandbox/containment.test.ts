// Servers that try to outlive the scan (setsid, double fork, `setsid -f`), flood requests without reading their
// stdin, or allocate past the memory ceiling: each ends with a clear status and leaves no process behind.
import { describe, expect, it } from 'vitest';
import { ScanResultSchema } from '../../data/schema/index.ts';
import type { SandboxOptions } from '../../scanner/sandbox/index.ts';
import { type ScanOptions, scanServer } from '../../scanner/scan/scan-server.ts';
import { MARKER_VARIABLE, newMarker, processesWithMarker, survivorsAfter } from '../helpers/processes.ts';
import { fixtureCommand } from '../helpers/run-cli.ts';
import { haveSandbox } from '../helpers/sandbox.ts';

/** Scans a fixture with a marker, counting at most how many marked processes lived at once during the scan. */
async function scanMarked(name: string, args: string[], options: ScanOptions) {
  const marker = newMarker();
  const [command, ...rest] = fixtureCommand(name, ...args);
  let most = 0;
  const poll = setInterval(() => {
    most = Math.max(most, processesWithMarker(marker).length);
  }, 50);
  const startedAt = Date.now();
  try {
    const result = await scanServer({ kind: 'stdio', command, args: rest, env: { [MARKER_VARIABLE]: marker } }, options);
    expect(ScanResultSchema.safeParse(result).error).toBeUndefined();
    return { result, elapsedMs: Date.now() - startedAt, most, survivors: await survivorsAfter(marker, 2_000) };
  } finally {
    clearInterval(poll);
  }
}

describe.skipIf(!haveSandbox)('escapes', () => {
  it.each([
    ['after a good scan', [], 'ok'],
    ['after a timed-out scan', ['hang'], 'timeout'],
  ] as const)('setsid, double fork and setsid -f all die with the sandbox %s', async (_when, args, status) => {
    const { result, most, survivors } = await scanMarked('escapes', [...args], { connectTimeoutMs: 4_000, totalTimeoutMs: 20_000 });
    expect(result.status).toBe(status);
    // The server and its three escapees (at least) were running during the scan …
    expect(most).toBeGreaterThanOrEqual(4);
    // … and none of them outlives it.
    expect(survivors).toEqual([]);
  });
});

describe.skipIf(!haveSandbox)('a server that floods requests without reading its stdin', () => {
  it('is cut off with STDIN_NOT_READ once the pending writes pass the cap', async () => {
    const { result, elapsedMs, survivors } = await scanMarked('stdin-flood', [], { connectTimeoutMs: 20_000 });
    expect(result.status).toBe('protocol_error');
    expect(result.error?.code).toBe('STDIN_NOT_READ');
    expect(result.error?.message).toContain('4096 KiB');
    expect(elapsedMs).toBeLessThan(20_000);
    expect(survivors).toEqual([]);
  });

  it('honours a smaller cap', async () => {
    const { result } = await scanMarked('stdin-flood', [], { limits: { maxPendingWriteBytes: 64 * 1024 } });
    expect(result.error).toMatchObject({ code: 'STDIN_NOT_READ', message: expect.stringContaining('64 KiB') });
  });
});

const LIMIT = 160 * 1024 * 1024;

describe.skipIf(!haveSandbox)('the memory ceiling', () => {
  it.each<[string, SandboxOptions['memoryEnforcement'], RegExp]>([
    ['a cgroup', 'cgroup', /^cgroup-v[12]$/],
    ['RSS sampling', 'rss', /^rss$/],
  ])('kills a sandbox whose processes together go past it (%s) with status resource_limit', async (_how, memoryEnforcement, expected) => {
    const sandbox: SandboxOptions = { kind: 'bwrap', memoryLimitBytes: LIMIT, memoryEnforcement };
    const { result, elapsedMs, survivors } = await scanMarked('memory-hog', ['4096'], { connectTimeoutMs: 30_000, sandbox });
    const enforcement = result.transport.type === 'stdio' ? result.transport.sandbox?.memoryEnforcement : undefined;
    if (memoryEnforcement === 'cgroup' && enforcement === 'rss') {
      process.stderr.write('memory ceiling: no memory cgroup can be made here; the cgroup case fell back to RSS sampling\n');
    } else {
      expect(enforcement).toMatch(expected);
    }
    expect(result.status).toBe('resource_limit');
    expect(result.error?.code).toBe('MEMORY_LIMIT');
    expect(result.error?.message).toContain('160 MiB');
    expect(elapsedMs).toBeLessThan(30_000);
    expect(survivors).toEqual([]);
  });

  it('lets a server under it run', async () => {
    const { result } = await scanMarked('well-behaved', [], { sandbox: { kind: 'bwrap', memoryLimitBytes: LIMIT } });
    expect(result.status).toBe('ok');
    expect(result.transport).toMatchObject({ sandbox: { memoryLimitBytes: LIMIT } });
  });
});
