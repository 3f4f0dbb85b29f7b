// A server that writes a progress notification and the response behind it in one chunk (as a busy pipe delivers
// them): the real SDK client over ProcessGroupTransport must see the progress before the result. The SDK runs
// notification handlers a microtask late and settles responses at once, so without the transport's ordering the
// progress is dropped (the guard lost the last progress update this way under load).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProcessGroupTransport } from '../../scanner/scan/stdio-transport.ts';
import { NODE } from '../helpers/run-cli.ts';

const SERVER = `
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') {
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'one-chunk', version: '1' } } }) + '\\n');
  } else if (m.method === 'tools/call') {
    const token = m.params._meta.progressToken;
    const progress = (n) => JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: n, total: 2 } });
    process.stdout.write(progress(1) + '\\n' + progress(2) + '\\n' + JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { content: [] } }) + '\\n');
  }
});`;

describe('ProcessGroupTransport message order', () => {
  it('hands the client every progress notification before the response that follows it in the same chunk', async () => {
    const transport = new ProcessGroupTransport({
      command: NODE,
      args: ['-e', SERVER],
      env: { PATH: process.env.PATH ?? '' },
      cwd: process.cwd(),
      maxStderrBytes: 4096,
      maxLineBytes: 1024 * 1024,
      maxPendingWriteBytes: 1024 * 1024,
    });
    const client = new Client({ name: 'order-test', version: '1' });
    await client.connect(transport);
    try {
      for (let round = 0; round < 5; round += 1) {
        const seen: number[] = [];
        await client.request({ method: 'tools/call', params: { name: 'x', arguments: {} } }, z.looseObject({}), {
          onprogress: (p) => {
            seen.push(p.progress);
          },
        });
        expect(seen).toEqual([1, 2]);
      }
    } finally {
      await client.close();
    }
  });
});
