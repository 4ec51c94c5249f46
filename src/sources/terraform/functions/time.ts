import { unknown } from '../../../model/value.js';
import { define } from './support.js';
import type { TerraformFunction } from './types.js';

/** The clock: Terraform reads it during plan or apply, so a static scan never knows it. */
export const TIME_FUNCTIONS: Record<string, TerraformFunction> = {
  plantimestamp: define({ params: [] }, () => unknown('plantimestamp() is the time of the plan, known only when Terraform plans')),
  timestamp: define({ params: [] }, () => unknown('timestamp() is the time of the apply, known only after apply')),
};
