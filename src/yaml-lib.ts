import { createRequire } from 'node:module';
import { inBundle } from './install-paths.js';

/**
 * The yaml library, loaded on first use: its 160 KB are compiled at every start when imported
 * statically, and most scans never parse YAML (no `.vigil.yaml`, the rules precompiled).
 */
let lib: typeof import('yaml') | undefined;

export function yamlLib(): typeof import('yaml') {
  lib ??= (inBundle ? require('yaml') : createRequire(import.meta.url)('yaml')) as typeof import('yaml');
  return lib;
}
