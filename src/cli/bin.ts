import { main, processIo } from './index.js';

/**
 * The process entry: runs the CLI on argv with the process's own streams and sets the exit code.
 * `bin/vigil` runs it from the bundle (bundle/vigil.cjs, through bundle/launch.cjs); the tests run
 * the compiled copy in dist/. No top-level await: the bundle is CommonJS.
 */
const { io, exitCode } = processIo();
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = exitCode(code);
});
