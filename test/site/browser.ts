import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../../site/scripts/chromium.ts';

/** A Chromium context for the site tests (downloads on, 1280×900), with a fresh profile removed on close. */
export function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  return launchChromium('atlas-chromium-', { acceptDownloads: true, viewport: { width: 1280, height: 900 } });
}
