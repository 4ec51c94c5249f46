import { TERRAFORM_MAPPERS } from '../terraform/mappers/index.js';

/** The model kinds a Terraform state can hold: a live resource of another kind is never "unmanaged". */
export const STATE_KINDS: ReadonlySet<string> = new Set(Object.values(TERRAFORM_MAPPERS.primary).map((mapper) => mapper.kind));
