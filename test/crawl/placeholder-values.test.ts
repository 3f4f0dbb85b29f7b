// Which variables get a stub file and which a placeholder value: pure functions, no server needed.
import { describe, expect, it } from 'vitest';
import { buildPlaceholders, isFileVariable, PLACEHOLDER_SECRET } from '../../scanner/crawl/placeholders.ts';

describe('placeholder values', () => {
  it('a variable that names a file holding a key gets a stub file, not the key', () => {
    // @brave/brave-search-mcp-server reads BRAVE_API_KEY_FILE and failed with ENOENT on the placeholder string.
    const out = buildPlaceholders({ variables: ['BRAVE_API_KEY_FILE'], flags: [] }, '/scratch');
    expect(out.env.BRAVE_API_KEY_FILE).toBe('/scratch/brave_api_key_file');
    expect(out.files.brave_api_key_file).toBe(`${PLACEHOLDER_SECRET}\n`);
    expect(out.names).toEqual(['BRAVE_API_KEY_FILE', 'file:brave_api_key_file']);
  });

  it('credential files get JSON stubs; secrets that only end like a file stay values', () => {
    const out = buildPlaceholders({ variables: ['GOOGLE_APPLICATION_CREDENTIALS', 'GITHUB_TOKEN_JSON', 'API_TOKEN'], flags: [] }, '/s');
    expect(out.env.GOOGLE_APPLICATION_CREDENTIALS).toBe('/s/google_application_credentials.json');
    expect(JSON.parse(out.files['google_application_credentials.json'] ?? '')).toMatchObject({ type: 'service_account' });
    expect(out.env.GITHUB_TOKEN_JSON).toMatch(/^ghp_mcpatlasplaceholder/);
    expect(out.env.API_TOKEN).toBe(PLACEHOLDER_SECRET);
  });

  it.each([
    ['SSH_KEY_PATH', true],
    ['TOKEN_FILE', true],
    ['CONFIG_FILENAME', true],
    ['SERVICE_ACCOUNT_KEYFILE', true],
    ['SECRET_KEYS', true],
    ['API_KEY', false],
    ['OPENAI_API_KEY', false],
    ['CLIENT_SECRET', false],
    ['PROFILE', false],
  ])('%s is a file variable: %s', (name, expected) => {
    expect(isFileVariable(name)).toBe(expected);
  });
});
