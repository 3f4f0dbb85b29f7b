// What a sources entry's arguments can do in the sandbox: a crawl runs servers from `/`, and a bare subcommand (`run`,
// as @auth0/auth0-mcp-server and @cloudflare/mcp-server-cloudflare declare) used to reach the server as `/run`, with the
// host's /run bound into the sandbox. An entry's arguments are untrusted (a registry writes them): a host path among
// them must not become visible to the server. Real crawl, real sandbox, a fixture package that reports its argv.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crawl } from '../../scanner/crawl/crawl.ts';
import { NpmCache } from '../../scanner/crawl/npm-cache.ts';
import { makeTestCache, npmSource, readRecords } from './helpers.ts';

describe('arguments from a sources entry', () => {
  it('reach the server as written, and a host path among them is not shown to it', async () => {
    const work = await mkdtemp(join(tmpdir(), 'atlas-argpaths-'));
    const secret = join(work, 'host-secret.txt');
    await writeFile(secret, 'host-secret-7d1e\n');
    const source = await npmSource('dev.mcp-atlas.fixture/argv-reporter', '@mcp-atlas-fixture/argv-reporter', {
      packageArguments: [
        { type: 'positional', value: 'run' },
        { type: 'positional', value: secret },
        { type: 'named', name: '--config', value: secret },
      ],
    });
    const summary = await crawl([{ server: source }], {
      out: join(work, 'data'),
      cache: new NpmCache({ root: await makeTestCache(), offline: true }),
      scanOptions: { connectTimeoutMs: 8000, requestTimeoutMs: 8000, totalTimeoutMs: 20_000 },
    });
    expect(summary.errors).toBe(0);
    const record = (await readRecords(join(work, 'data'))).get('dev-mcp-atlas-fixture-argv-reporter');
    expect(record?.scan.status).toBe('ok');
    const said = Object.fromEntries((record?.scan.tools ?? []).map((tool) => [tool.name, tool.description]));
    expect(said).toEqual({
      argument_1: 'Reports argument "run": not visible.',
      argument_2: `Reports argument ${JSON.stringify(secret)}: not visible.`,
      argument_3: 'Reports argument "--config": not visible.',
      argument_4: `Reports argument ${JSON.stringify(secret)}: not visible.`,
    });
    expect(JSON.stringify(record)).not.toContain('host-secret-7d1e');
  }, 60_000);
});
