import { createHash } from 'node:crypto';

/** `sha256:<hex>` of a tool description (absent counts as empty), so the lock file tells a reworded tool from a new schema. */
export function hashDescription(description: string | undefined): string {
  return `sha256:${createHash('sha256')
    .update(description ?? '')
    .digest('hex')}`;
}
