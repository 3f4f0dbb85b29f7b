import { PolicyError } from '../errors.ts';

/**
 * The server name as Claude Code and Codex accept it (`^[A-Za-z0-9_-]+$`, at most 64 characters): every run of
 * other characters becomes `_`. Throws PolicyError `SERVER_KEY_INVALID` when nothing usable is left.
 */
export function sanitizeServerKey(serverKey: string): string {
  const key = serverKey
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  if (key === '') throw new PolicyError('SERVER_KEY_INVALID', `server key ${JSON.stringify(serverKey)} has no letters, digits, _ or -`);
  return key;
}
