import type { Argv } from 'yargs';
import { JUNIT_GROUPS, type JunitGroup } from '../../report/junit.js';
import { UsageError } from '../io.js';

/** `--junit-group rule|requirement`, shared by `vigil scan` and `vigil report`. */

export function junitGroupOption(y: Argv): Argv {
  return y.option('junit-group', {
    type: 'string',
    describe: `JUnit test suites per ${JUNIT_GROUPS.join(' or per ')} (default: rule); a test case per resource either way`,
  });
}

export function parseJunitGroup(raw: string | undefined): JunitGroup {
  if (raw === undefined) return 'rule';
  if (!(JUNIT_GROUPS as readonly string[]).includes(raw)) throw new UsageError(`unknown --junit-group "${raw}": choose from ${JUNIT_GROUPS.join(', ')}`);
  return raw as JunitGroup;
}
