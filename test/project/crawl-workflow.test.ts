// The sharded crawl workflow (.github/workflows/crawl.yml): its matrix matches its shard count, every shard starts from
// the catalogue, and the merge step's glob picks the shard folders out of the artifacts' layout. The crawl and merge
// commands themselves are run by test/crawl/shard.test.ts; the runners, artifacts and pull request need GitHub.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-cli.ts';

interface Step {
  name?: string;
  run?: string;
}
interface Workflow {
  env: { SHARDS: number };
  jobs: { shard: { strategy: { matrix: { index: number[] } }; steps: Step[] }; merge: { needs: string; steps: Step[] } };
}
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/crawl.yml'), 'utf8')) as Workflow;
const runOf = (steps: Step[], name: string) => steps.find((step) => step.name?.startsWith(name))?.run ?? '';

describe('the crawl workflow', () => {
  it('has one matrix job per shard, each crawling its shard from the committed catalogue', () => {
    const { SHARDS } = workflow.env;
    expect(workflow.jobs.shard.strategy.matrix.index).toEqual(Array.from({ length: SHARDS }, (_, i) => i + 1));
    const crawl = runOf(workflow.jobs.shard.steps, 'Crawl shard');
    for (const flag of ['--from data', '--shard "${{ matrix.index }}/${{ env.SHARDS }}"', '--discard-installs', '--json'])
      expect(crawl).toContain(flag);
    expect(workflow.jobs.merge.needs).toBe('shard');
  });

  it("merges exactly the shards' record folders out of the downloaded artifacts", () => {
    const merge = runOf(workflow.jobs.merge.steps, 'Merge the shards');
    const glob = /merge (\S+) --out data/.exec(merge)?.[1];
    expect(glob).toBeDefined();
    const work = mkdtempSync(join(tmpdir(), 'atlas-workflow-'));
    for (const i of [1, 2]) {
      // download-artifact puts each artifact in shards/<artifact name>/, keeping the uploaded paths.
      mkdirSync(join(work, 'shards', `shard-${i}`, `shard-${i}`, 'servers'), { recursive: true });
      writeFileSync(join(work, 'shards', `shard-${i}`, `shard-${i}.summary.json`), '{}');
    }
    const expanded = spawnSync('bash', ['-c', `printf '%s\\n' ${glob}`], { cwd: work, encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    expect(expanded).toEqual(['shards/shard-1/shard-1/', 'shards/shard-2/shard-2/']);
  });
});
