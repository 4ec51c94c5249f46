import { EC2_MAPPERS } from './ec2.js';
import { RDS_MAPPERS } from './rds.js';
import { S3_MAPPERS } from './s3.js';
import type { MapperSet } from './types.js';

/** Every Terraform resource type Vigil maps, by service. */
export const TERRAFORM_MAPPERS: MapperSet = [EC2_MAPPERS, S3_MAPPERS, RDS_MAPPERS].reduce<MapperSet>(
  (all, set) => ({ primary: { ...all.primary, ...set.primary }, companions: { ...all.companions, ...set.companions } }),
  { primary: {}, companions: {} },
);

export type { MapperSet, PrimaryMapper, CompanionMapper } from './types.js';
