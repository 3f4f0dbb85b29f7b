import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run when missing); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, headless, offline-friendly Chromium. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What a caller may set on top of the shared launch (path, flags and headless mode are fixed here). */
export type ChromiumContextOptions = Pick<
  NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>,
  'viewport' | 'acceptDownloads' | 'javaScriptEnabled' | 'permissions'
>;

/** A headless Chromium context with a fresh profile directory (named after `profilePrefix`), removed on close. */
export async function launchChromium(
  profilePrefix: string,
  options: ChromiumContextOptions = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...options,
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
