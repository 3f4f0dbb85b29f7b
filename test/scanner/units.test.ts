// Pure pieces of the scanner: hashing, bounded buffers, line splitting, terminal sanitising,
// URL redaction and option parsing. Real processes are tested in the other files.
import { describe, expect, it } from 'vitest';
import {
  parseChoice,
  parseEnvPairs,
  parseHeaderPairs,
  parseSeconds,
  splitAtDoubleDash,
  UsageError,
} from '../../scanner/cli/cli-options.ts';
import { LineSplitter } from '../../scanner/scan/line-splitter.ts';
import { redactUrl } from '../../scanner/scan/redact.ts';
import { TailBuffer } from '../../scanner/scan/tail-buffer.ts';
import { terminalText } from '../../scanner/scan/terminal-text.ts';
import { canonicalJson, hashTool } from '../../scanner/scan/tool-hash.ts';

describe('hashTool', () => {
  const tool = { name: 'a', description: 'd', inputSchema: { type: 'object', properties: { x: { type: 'string' } } } };

  it('is sha256 of the canonical JSON, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }, null] })).toBe('{"a":[{"d":2},null],"b":1}');
    const reordered = { inputSchema: { properties: { x: { type: 'string' } }, type: 'object' }, description: 'd', name: 'a' };
    expect(hashTool(reordered)).toBe(hashTool(tool));
    expect(hashTool(tool)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when anything a model sees changes', () => {
    const hashes = new Set([
      hashTool(tool),
      hashTool({ ...tool, description: 'd ' }),
      hashTool({ ...tool, title: 'T' }),
      hashTool({ ...tool, annotations: { readOnlyHint: true } }),
      hashTool({ ...tool, outputSchema: { type: 'object' } }),
      hashTool({ ...tool, inputSchema: { type: 'object' } }),
    ]);
    expect(hashes.size).toBe(6);
  });
});

describe('TailBuffer', () => {
  it('keeps only the last bytes, whatever was written', () => {
    const buffer = new TailBuffer(10);
    for (let index = 0; index < 1_000; index += 1) buffer.write(Buffer.from(`line ${index}\n`));
    buffer.write(Buffer.from('0123456789ABCDEF'));
    expect(buffer.text()).toBe('6789ABCDEF');
    expect(buffer.droppedBytes).toBeGreaterThan(8_000);
  });
});

describe('LineSplitter', () => {
  it('joins lines across chunks and skips a line over the cap up to its newline', () => {
    const lines: string[] = [];
    let overlong = 0;
    const splitter = new LineSplitter(
      8,
      (line) => lines.push(line),
      () => {
        overlong += 1;
      },
    );
    splitter.push(Buffer.from('ab'));
    splitter.push(Buffer.from('c\r\nde'));
    splitter.push(Buffer.from('f\n0123456'));
    splitter.push(Buffer.from('789abcdef'));
    splitter.push(Buffer.from('more\nok\n'));
    expect(lines).toEqual(['abc', 'def', 'ok']);
    expect(overlong).toBe(1);
  });
});

describe('terminalText', () => {
  it('removes escape sequences, controls, bidi and zero-width characters and keeps one line', () => {
    expect(terminalText('a\u001b[31mred\u001b[0m\u001b]0;title\u0007 b\nc\u202eevil\u202c\u200bz\u001b[2J')).toBe('ared b cevilz');
    expect(terminalText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(terminalText(undefined)).toBe('');
  });
});

describe('redactUrl', () => {
  it('removes user info and secret-looking query values', () => {
    expect(redactUrl('https://u:p@example.com/mcp?api_key=1&token=2&page=3')).toBe(
      'https://example.com/mcp?api_key=REDACTED&token=REDACTED&page=3',
    );
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});

describe('scan option parsing', () => {
  it('parses --env and --header pairs, keeping separators in values', () => {
    expect(parseEnvPairs(['A=1', 'B=x=y', 'EMPTY='])).toEqual({ A: '1', B: 'x=y', EMPTY: '' });
    expect(parseHeaderPairs(['Authorization: Bearer a:b', 'X-Id:7'])).toEqual({ Authorization: 'Bearer a:b', 'X-Id': '7' });
  });

  it.each([
    () => parseEnvPairs(['NOEQUALS']),
    () => parseEnvPairs(['1BAD=x']),
    () => parseHeaderPairs(['no colon']),
    () => parseHeaderPairs(['bad name: x']),
    () => parseSeconds('timeout', '-3'),
    () => parseSeconds('timeout', 'soon'),
    () => parseSeconds('timeout', '0'),
    () => parseChoice('format', 'xml', ['table', 'json']),
  ])('rejects bad values with a UsageError (%#)', (parse) => {
    expect(parse).toThrow(UsageError);
  });

  it('converts seconds and splits at --', () => {
    expect(parseSeconds('timeout', '1.5')).toBe(1_500);
    expect(parseSeconds('timeout', undefined)).toBeUndefined();
    expect(splitAtDoubleDash(['--json', '--', 'node', '--', 'x'])).toEqual({ options: ['--json'], command: ['node', '--', 'x'] });
    expect(splitAtDoubleDash(['http://a/'])).toEqual({ options: ['http://a/'], command: undefined });
  });
});
