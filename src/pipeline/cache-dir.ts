import { join } from 'node:path';

/**
 * The cache folder the CLI uses by default: `$XDG_CACHE_HOME/vigil`, else `~/.cache/vigil`; none
 * without either. A module of its own, free of other imports, because the launcher (src/cli/launch.ts)
 * needs it before the rest of Vigil is loaded.
 */
export function defaultCacheDir(env: Record<string, string | undefined>): string | undefined {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'vigil');
  if (env.HOME) return join(env.HOME, '.cache', 'vigil');
  return undefined;
}
