import { main, processIo } from './index.js';

/**
 * The process entry: runs the CLI on argv with the process's own streams and sets the exit code.
 * `bin/vigil` runs it from the bundle (bundle/vigil.js); the tests run the compiled copy in dist/.
 */
const { io, exitCode } = processIo();
const code = await main(process.argv.slice(2), io);
process.exitCode = exitCode(code);
