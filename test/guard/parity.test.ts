// "Every rule of the starter policy is enforced as `policy check` says it would be": random call sequences replayed
// through the reference evaluator and through the guard (real client, real guard, the real servers' exact tool
// definitions served by the guard-target fixture), decision for decision and rule for rule.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy, PolicyCall } from '../../data/schema/policy.ts';
import type { ScanResult } from '../../data/schema/scan-result.ts';
import { evaluateCalls, generatePolicy, parsePolicy, serializePolicy } from '../../policies-gen/index.ts';
import { classifyScanResult } from '../../scanner/classify/index.ts';
import { scanRealServer } from '../policy/helpers/real-servers.ts';
import { fullArgs, satisfyingArgs } from '../policy/helpers/satisfy.ts';
import { auditLines, fixture, type Guarded, guarded, NODE, scanCommand, scratch, TARGET, TestClock } from './helpers.ts';

const DAY = 86_400_000;

interface Setup {
  policy: Policy;
  toolNames: string[];
  guard: Guarded;
  audit: string;
  clock: TestClock;
}

async function setUp(server: string, scanned: Promise<ScanResult>): Promise<Setup> {
  const scan = await scanned;
  const policy = parsePolicy(serializePolicy(generatePolicy({ name: server, tools: scan.tools }).policy));
  const dir = scratch(`parity-${server}`);
  const definitions = scan.tools.map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
    name,
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    inputSchema,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    ...(annotations === undefined ? {} : { annotations }),
  }));
  writeFileSync(join(dir, 'tools.json'), JSON.stringify(definitions));
  const audit = join(dir, 'audit.jsonl');
  const clock = new TestClock();
  const guard = await guarded({ policy, ...TARGET, env: { GUARD_TARGET_TOOLS: join(dir, 'tools.json') }, auditPath: audit, clock });
  return { policy, toolNames: scan.tools.map((tool) => tool.name), guard, audit, clock };
}

/** The evaluator's decision as the guard reports it: `approval` with no way to ask is a refusal by the same rule. */
function asGuardWould(decision: { decision: string; rule: string }): [string, string] {
  return [decision.decision === 'approval' ? 'deny' : decision.decision, decision.rule];
}

const SERVERS: Array<[string, () => Promise<ScanResult>]> = [
  ['server-memory', async () => classifyScanResult(await scanRealServer('memory'))],
  ['server-filesystem', async () => classifyScanResult(await scanRealServer('filesystem'))],
  // A poisoned tool whose name carries an escape sequence: the starter policy hides it.
  ['the hostile-text fixture', () => scanCommand(NODE, [fixture('hostile-text')])],
];

describe.each(SERVERS)('the starter policy of %s', (server, scan) => {
  let setup: Setup;
  let run = 0;
  beforeAll(async () => {
    setup = await setUp(server, scan());
  }, 60_000);
  afterAll(async () => {
    await setup?.guard.close();
  });

  it('decides every call through the guard exactly as policy check does', async () => {
    const { policy, toolNames } = setup;
    const entryOf = (tool: string) => (Object.hasOwn(policy.tools ?? {}, tool) ? policy.tools![tool] : undefined);
    const callArb = fc.record({
      tool: fc.constantFrom(...toolNames, 'tool_added_later'),
      args: fc.constantFrom('satisfying', 'full', 'empty', 'outside'),
      // Seconds since the previous burst: within the same minute, or into a later one.
      dt: fc.constantFrom(0, 0, 1, 20, 61),
      // Bursts long enough to exhaust the 30 and 60 a minute limits.
      repeat: fc.integer({ min: 1, max: 65 }),
    });
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { minLength: 1, maxLength: 8 }), async (bursts) => {
        const planned = bursts.flatMap((burst) =>
          Array.from({ length: burst.repeat }, (_, i) => ({ ...burst, dt: i === 0 ? burst.dt : 0 })),
        );
        // Each run in a day of its own, so no window is shared with an earlier run.
        run += 1;
        let at = Date.parse('2026-11-24T10:00:00Z') + run * 2 * DAY;
        const calls: PolicyCall[] = planned.map(({ tool, args, dt }) => {
          at += dt * 1000;
          const entry = entryOf(tool);
          const values =
            args === 'satisfying'
              ? satisfyingArgs(entry)
              : args === 'full'
                ? fullArgs(entry)
                : args === 'empty'
                  ? {}
                  : { path: '/etc/passwd', sql: 'DROP TABLE x' };
          return { tool, args: values, at: new Date(at).toISOString() };
        });
        const expected = evaluateCalls(policy, calls).map(asGuardWould);
        const before = auditLines(setup.audit).length;
        for (const call of calls) {
          setup.clock.now = Date.parse(call.at);
          await setup.guard.client.callTool({ name: call.tool, arguments: call.args });
        }
        const seen = auditLines(setup.audit)
          .slice(before)
          .filter((line) => line.event === 'call')
          .map((line) => [line.decision, line.rule]);
        expect(seen).toEqual(expected);
        for (const [decision, rule] of expected) kinds.add(`${decision} ${rule.replace(/^tools(\.[^.[]+|\[".*"\])/, 'tools.*')}`);
      }),
      // A fixed seed: the same calls every run, so the coverage checks below cannot fail by chance.
      { numRuns: 15, seed: 20261203 },
    );
    // The runs covered the starter policy's kinds of rule, so the agreement above means something.
    const covered = [...kinds].join('\n');
    expect(covered).toMatch(/^deny default$/m);
    if (server === 'the hostile-text fixture') {
      expect(covered).toMatch(/^hidden hide$/m);
      return;
    }
    expect(covered).toMatch(/^allow tools\.\*$/m);
    expect(covered).toMatch(/^deny tools\.\*\.limits\[0\]$/m);
    expect(covered).toMatch(/^deny tools\.\*\.deny_if\[0\]$/m);
    if (server === 'server-filesystem') expect(covered).toMatch(/^deny tools\.\*\.require\[0\]$/m);
  }, 240_000);
});
