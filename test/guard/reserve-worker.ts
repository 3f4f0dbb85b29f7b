// One of several processes racing for the same quota: reserves `count` times against a limit and prints how many
// reservations it got. Usage: node reserve-worker.ts <state spec> <count> <max>
import { quotaClaim } from '../../policies-gen/index.ts';
import { openQuotaStore } from '../../scanner/guard/index.ts';

const [spec, count, max] = process.argv.slice(2);
const at = Date.parse('2026-11-24T10:00:30Z');
const store = await openQuotaStore(spec, 'race', () => at);
const limit = { counter: 'raced', window: 'minute', max: Number(max), scope: 'grant' } as const;
const shared = { counter: 'raced_hour', window: 'hour', max: 1_000_000, scope: 'grant' } as const;
let granted = 0;
await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    const reservation = await store.reserve([quotaClaim('g', limit, 'a', at), quotaClaim('g', shared, 'b', at)]);
    if (reservation.ok) granted += 1;
  }),
);
await store.close();
process.stdout.write(`${granted}\n`);
