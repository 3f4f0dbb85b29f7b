import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPolicy, type GeneratedPolicy, generatePolicy, POLICY_FORMATS } from '../../policies-gen/index.ts';
import { renderJson } from '../../policies-gen/json-writer.ts';
import { scanRealServer } from './helpers/real-servers.ts';
import { withHandVerdicts } from './helpers/verdicts.ts';

/**
 * Golden files: every export of the real @modelcontextprotocol/server-filesystem (hand-checked verdicts, so the
 * files only move when the generator or the server changes). Regenerate with UPDATE_GOLDEN=1.
 */
const dir = new URL('../golden/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';
let generated: GeneratedPolicy;

beforeAll(async () => {
  generated = generatePolicy({ name: 'filesystem', tools: withHandVerdicts(await scanRealServer('filesystem')).tools });
});

describe('golden exports of the real filesystem server', () => {
  const files = [
    ...POLICY_FORMATS.map(({ format, fileSuffix }) => ({
      file: `server-filesystem${fileSuffix}`,
      render: () => exportPolicy(generated, format, { serverKey: 'filesystem' }),
    })),
    { file: 'server-filesystem.rationale.json', render: () => renderJson(generated.rationale) },
  ];
  for (const { file, render } of files) {
    it(file, () => {
      const text = render();
      if (update) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(new URL(file, dir), text);
      }
      expect(text).toBe(readFileSync(new URL(file, dir), 'utf8'));
      expect(render()).toBe(text);
    });
  }
});
