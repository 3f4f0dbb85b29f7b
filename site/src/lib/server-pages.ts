import type { Catalogue, ServerEntry } from './catalogue.ts';

/** One page of the server listing (`/servers/`, then `/servers/page/2/` …: never a path a server slug can take alone). */
export interface ServerPage {
  servers: ServerEntry[];
  currentPage: number;
  lastPage: number;
  total: number;
  /** Index of the first server shown (0-based) and one past the last. */
  start: number;
  end: number;
  url: string;
  prev?: string;
  next?: string;
}

/** Page URL of the server listing. */
export function serverListUrl(page: number): string {
  return page <= 1 ? '/servers/' : `/servers/page/${page}/`;
}

/** Splits the servers, sorted by display name, into pages of `size`. Always at least one (possibly empty) page. Pure. */
export function serverPages(catalogue: Catalogue, size = 200): ServerPage[] {
  const sorted = [...catalogue.servers].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.slug.localeCompare(b.slug));
  const lastPage = Math.max(1, Math.ceil(sorted.length / size));
  return Array.from({ length: lastPage }, (_, index) => {
    const currentPage = index + 1;
    const start = index * size;
    const servers = sorted.slice(start, start + size);
    return {
      servers,
      currentPage,
      lastPage,
      total: sorted.length,
      start,
      end: start + servers.length,
      url: serverListUrl(currentPage),
      prev: currentPage > 1 ? serverListUrl(currentPage - 1) : undefined,
      next: currentPage < lastPage ? serverListUrl(currentPage + 1) : undefined,
    };
  });
}
