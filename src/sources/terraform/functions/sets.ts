import type { Value } from '../../../model/value.js';
import { asList, asSet, define, type Impl, valuesEqual } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * Set algebra. Sets are arrays in the model; results come back in Terraform's set order (see
 * asSet). Elements must be compared, so any unknown element makes the result unknown.
 */

const has = (items: Value[], wanted: Value) => items.some((item) => valuesEqual(item, wanted) === true);

const lists = (args: Value[]) => args.map((arg, i) => asList(arg, `argument ${i + 1}`));

const setunion: Impl = (args) => asSet(lists(args).flat(), 'the sets');

const setintersection: Impl = (args) => {
  const [first = [], ...others] = lists(args);
  return asSet(
    first.filter((item) => others.every((other) => has(other, item))),
    'the sets',
  );
};

const setsubtract: Impl = ([a, b]) => {
  const remove = asList(b!, 'b');
  return asSet(
    asList(a!, 'a').filter((item) => !has(remove, item)),
    'the sets',
  );
};

/** setproduct: every combination, one element from each argument, in argument order. */
const setproduct: Impl = (args) => {
  if (args.length < 2) throw new FunctionError('at least two arguments are required');
  return lists(args).reduce<Value[][]>(
    (combinations, list) => combinations.flatMap((prefix) => list.map((item) => [...prefix, item])),
    [[]],
  );
};

export const SET_FUNCTIONS: Record<string, TerraformFunction> = {
  setintersection: define({ params: ['first_set'], variadic: 'other_sets' }, setintersection),
  setproduct: define({ params: [], variadic: 'sets' }, setproduct),
  setsubtract: define({ params: ['a', 'b'] }, setsubtract),
  setunion: define({ params: ['first_set'], variadic: 'other_sets' }, setunion),
};
