// The crawler's pure pieces: slugs, required-env parsing, snake_case normalisation, tool diffs, stable JSON, plans.
import { describe, expect, it } from 'vitest';
import { type ScannedTool, SlugSchema } from '../../data/schema/index.ts';
import { diffTools } from '../../scanner/crawl/history.ts';
import { parseRequiredEnv } from '../../scanner/crawl/required-env.ts';
import { CWD_TOKEN, planScan } from '../../scanner/crawl/resolve-target.ts';
import { assignSlugs, baseSlug } from '../../scanner/crawl/slug.ts';
import { stableStringify } from '../../scanner/crawl/stable-json.ts';
import { normaliseServerJson } from '../../scanner/registry/normalize.ts';

describe('slugs', () => {
  it.each([
    ['@notionhq/notion-mcp-server', 'notionhq-notion-mcp-server'],
    ['io.github.user/weather', 'io-github-user-weather'],
    ['../../etc/passwd', 'etc-passwd'],
    ['Ünïcode  Sérver', 'unicode-server'],
  ])('%s -> %s', (name, slug) => {
    expect(baseSlug(name)).toBe(slug);
  });

  it('always yields a valid slug, even for hostile names', () => {
    for (const name of ['', '////', '😀😀', 'a'.repeat(500), 'CON', 'x\u0000y', '<script>'])
      expect(SlugSchema.safeParse(baseSlug(name)).success).toBe(true);
  });

  it('resolves collisions deterministically, whatever the order, and respects slugs already on disk', () => {
    const names = ['io.github.a/b', 'io-github-a/b', 'io.github.a.b'];
    const one = assignSlugs(names);
    const two = assignSlugs([...names].reverse());
    expect(one).toEqual(two);
    expect(new Set(one.values()).size).toBe(3);
    expect(one.get('io-github-a/b')).toBe('io-github-a-b'); // smallest name keeps the base
    const onDisk = assignSlugs(names, new Map([['io-github-a-b', 'io.github.a.b']]));
    expect(onDisk.get('io.github.a.b')).toBe('io-github-a-b');
    expect(onDisk.get('io-github-a/b')).toMatch(/^io-github-a-b-[0-9a-f]{8}$/);
  });
});

describe('required environment from error text', () => {
  it.each([
    ['Error: GITHUB_TOKEN is required', ['GITHUB_TOKEN']],
    ['Missing required environment variable: BRAVE_API_KEY', ['BRAVE_API_KEY']],
    ['Please set NOTION_TOKEN before starting', ['NOTION_TOKEN']],
    ['FIGMA_ACCESS_TOKEN environment variable is not set', ['FIGMA_ACCESS_TOKEN']],
    ['Error: DATADOG_API_KEY and DATADOG_APP_KEY must be set', ['DATADOG_API_KEY', 'DATADOG_APP_KEY']],
    [
      'Error: HubSpot access token is required. Set PRIVATE_APP_ACCESS_TOKEN in your environment variables and retry.',
      ['PRIVATE_APP_ACCESS_TOKEN'],
    ],
    ['Error: Cannot run MCP server without API_TOKEN env', ['API_TOKEN']],
    ['Error starting server: Error: ATTIO_API_KEY environment variable not found', ['ATTIO_API_KEY']],
    ['Error: ENOENT: no such file or directory', []],
    ['Listening on port 3000 with LOG_LEVEL=info', []],
    ['HTTP error 500', []],
  ])('%s', (text, names) => {
    expect(parseRequiredEnv(text)).toEqual(names);
  });
});

describe('snake_case server.json', () => {
  it('renames structural keys and keeps user data verbatim', () => {
    const out = normaliseServerJson({
      name: 'x/y',
      website_url: 'https://x',
      packages: [{ registry_name: 'npm', name: 'pkg', environment_variables: [{ name: 'MY_VAR', is_secret: true }] }],
      remotes: [{ transport_type: 'sse', url: 'https://{host}/sse', variables: { some_host: { default: 'h' } } }],
      _meta: { some_key: 1 },
    });
    expect(out).toEqual({
      name: 'x/y',
      websiteUrl: 'https://x',
      packages: [
        {
          registryName: 'npm',
          registryType: 'npm',
          name: 'pkg',
          identifier: 'pkg',
          environmentVariables: [{ name: 'MY_VAR', isSecret: true }],
        },
      ],
      remotes: [{ transportType: 'sse', type: 'sse', url: 'https://{host}/sse', variables: { some_host: { default: 'h' } } }],
      _meta: { some_key: 1 },
    });
  });
});

const tool = (name: string, description: string, extra: Partial<ScannedTool> = {}): ScannedTool => ({
  name,
  description,
  inputSchema: { type: 'object' },
  hash: `sha256:${(description + JSON.stringify(extra)).length.toString(16).padStart(64, '0')}`,
  ...extra,
});

describe('tool diffs', () => {
  it('records added, removed and changed tools, and flags a description change without a version change', () => {
    const before = [tool('a', 'read'), tool('b', 'old'), tool('c', 'gone')];
    const after = [tool('a', 'read'), tool('b', 'new text', { annotations: { readOnlyHint: true } }), tool('d', 'fresh')];
    const changes = diffTools(before, after, { at: '2026-01-01T00:00:00.000Z', fromVersion: '1.0.0', toVersion: '1.0.0' });
    expect(changes.map((change) => `${change.tool}:${change.kind}`)).toEqual([
      'b:annotations_changed',
      'b:description_changed',
      'c:removed',
      'd:added',
    ]);
    expect(changes.find((change) => change.kind === 'description_changed')).toMatchObject({
      before: 'old',
      after: 'new text',
      rugPull: true,
    });
    const upgraded = diffTools(before, after, { at: '2026-01-01T00:00:00.000Z', fromVersion: '1.0.0', toVersion: '1.1.0' });
    expect(upgraded.find((change) => change.kind === 'description_changed')?.rugPull).toBe(false);
  });
});

describe('stable JSON and plans', () => {
  it('sorts keys recursively with a trailing newline', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('passes declared non-secret values only, lists required secrets, and maps runtimes', () => {
    const plan = planScan({
      name: 'x',
      packages: [
        {
          registryType: 'npm',
          identifier: 'x-mcp',
          packageArguments: [
            { type: 'positional', valueHint: 'directory', isRequired: true },
            { type: 'named', name: '--mode', default: 'readonly' },
            { type: 'named', name: '--token', valueHint: '{token}' },
          ],
          environmentVariables: [
            { name: 'REGION', default: 'eu' },
            { name: 'API_KEY', isSecret: true, isRequired: true, default: 'should-not-pass' },
            { name: 'OPTIONAL_SECRET', isSecret: true },
          ],
        },
      ],
    });
    expect(plan).toMatchObject({ kind: 'npm', args: [CWD_TOKEN, '--mode', 'readonly'], env: { REGION: 'eu' }, requiredEnv: ['API_KEY'] });
    expect(planScan({ name: 'p', packages: [{ registryType: 'pypi', identifier: 'p' }] })).toMatchObject({
      kind: 'unsupported',
      command: 'uvx',
    });
    expect(
      planScan({
        name: 'r',
        remotes: [
          {
            type: 'sse',
            url: 'https://{host}/sse',
            variables: { host: { default: 'h.example' } },
            headers: [{ name: 'Authorization', isSecret: true, isRequired: true }],
          },
        ],
      }),
    ).toMatchObject({
      kind: 'remote',
      url: 'https://h.example/sse',
      requiredEnv: ['Authorization'],
    });
  });
});
