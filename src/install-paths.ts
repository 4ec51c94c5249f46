import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the installed package lives and what it ships. This module sits one folder below the
 * package root wherever it runs: in the sources (src/), compiled (dist/) and bundled (bundle/,
 * whose chunks all lie in that one folder), so every layer finds rules, templates and schemas
 * through it rather than by counting folders up from its own file.
 */

/** Set by the bundler (src/tools/bundle.ts) in the bundled CLI; absent in the sources and dist/. */
declare const __VIGIL_BUNDLE_CHECKER__: string | undefined;
declare const __VIGIL_BUNDLE_BUILD__: string | undefined;

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const builtInRules = join(packageRoot, 'rules');
export const reportTemplatesDir = join(packageRoot, 'reports');
export const schemasDir = join(packageRoot, 'schemas');

/** The bundled CLI's build facts, or undefined when running the sources or dist/. */
/**
 * True in the bundle. There, `require('x')` of a library is bundled (and runs on first call), so
 * the bundle needs nothing from node_modules for Terraform scans; in dist/ the same library is
 * required from node_modules. Written as `inBundle ? require('x') : requireHere('x')` at each lazy
 * load: the bundler needs the literal name at the call.
 */
export const inBundle = typeof __VIGIL_BUNDLE_BUILD__ === 'string';

export const bundleInfo: { checker: string; build: string } | undefined =
  typeof __VIGIL_BUNDLE_CHECKER__ === 'string' && typeof __VIGIL_BUNDLE_BUILD__ === 'string' ? { checker: __VIGIL_BUNDLE_CHECKER__, build: __VIGIL_BUNDLE_BUILD__ } : undefined;

/** The folder of the code that runs: bundle/ or dist/ (or src/ under the tests); precompiled files live there. */
export const codeDir = bundleInfo ? join(packageRoot, 'bundle') : dirname(fileURLToPath(import.meta.url));
