/** Where the Astro project lives. */
export const SITE_ROOT = new URL('..', import.meta.url).pathname;
