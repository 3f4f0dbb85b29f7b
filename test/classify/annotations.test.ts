// Annotations: read with the spec's defaults, used as evidence, never obeyed against stronger evidence.
import { describe, expect, it } from 'vitest';
import { classifyTool } from '../../scanner/classify/index.ts';
import { realTool } from './real-tools.ts';

describe('declared annotations', () => {
  it('defaults absent hints to the worst case', () => {
    expect(classifyTool({ name: 'list_things' }).declared).toEqual({
      explicit: false,
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
      class: 'destructive',
    });
  });

  it('reads the real filesystem server hints (readOnlyHint on reads, destructiveHint false on create_directory)', () => {
    const read = realTool('filesystem', 'read_text_file');
    expect(classifyTool(read.tool, read.context).declared).toMatchObject({
      explicit: true,
      readOnlyHint: true,
      openWorldHint: false,
      class: 'read',
    });
    const mkdir = realTool('filesystem', 'create_directory');
    const verdict = classifyTool(mkdir.tool, mkdir.context);
    expect(verdict.declared.class).toBe('write');
    expect(verdict.reasons.at(-1)).toBe('author declared destructiveHint: false, which agrees');
  });

  it('flags a mismatch only when the author declares the tool safer', () => {
    const safer = classifyTool({ name: 'send_email', description: 'Send an email.', annotations: { readOnlyHint: true } });
    expect(safer.class).toBe('write');
    expect(safer.mismatch).toContain('readOnlyHint: true');
    const writeOnDelete = classifyTool({ name: 'delete_repo', annotations: { readOnlyHint: false, destructiveHint: false } });
    expect(writeOnDelete.class).toBe('destructive');
    expect(writeOnDelete.mismatch).toContain('destructiveHint: false');
    const cautious = classifyTool({ name: 'update_issue', annotations: { destructiveHint: true } });
    expect(cautious.class).toBe('write');
    expect(cautious.mismatch).toBeUndefined();
  });

  it('adopts explicit hints only when its own evidence is thin', () => {
    // A bare `sync` could be a read or a write: the model is unsure (below 0.6), so the author's explicit hint decides.
    const opaque = { name: 'sync' };
    expect(classifyTool(opaque).confidence).toBeLessThan(0.6);
    expect(classifyTool({ ...opaque, annotations: { readOnlyHint: true } }).class).toBe('read');
    // Where the model is sure, a hint that says safer is recorded as a mismatch rather than obeyed.
    const sure = classifyTool({ name: 'delete_repo', annotations: { readOnlyHint: true } });
    expect(sure.class).toBe('destructive');
    expect(sure.mismatch).toBeDefined();
  });

  it('--ignore-annotations classifies as if none were given', () => {
    const tool = { name: 'delete_file', annotations: { readOnlyHint: true } };
    const verdict = classifyTool(tool, undefined, { ignoreAnnotations: true });
    expect(verdict.declared.explicit).toBe(false);
    expect(verdict.mismatch).toBeUndefined();
    expect(verdict.class).toBe('destructive');
  });

  it('tolerates junk annotations and junk tools', () => {
    expect(classifyTool({ name: 'get_x', annotations: { readOnlyHint: 'yes' } }).declared.explicit).toBe(false);
    for (const junk of [null, 42, 'x', [], { name: 7 }, { name: 'x', inputSchema: { properties: [1, 2] } }]) {
      expect(classifyTool(junk as never).reasons.length).toBeGreaterThan(0);
    }
  });
});
