import { isUnknown, unknown } from '../../../model/value.js';
import { customerKey, resourcePolicyFacts, tagsOf } from './compute-support.js';
import { block, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** Private ECR repositories, folded with their repository policy. */
export const ECR_MAPPERS: MapperSet = {
  primary: {
    aws_ecr_repository: {
      kind: 'aws.ecr.repository',
      attributes: (instance) => {
        const encryption = block(instance.attributes.encryption_configuration);
        const type = field(encryption, 'encryption_type', 'AES256');
        const key = field(encryption, 'kms_key', null);
        return {
          name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
          scan_on_push: field(block(instance.attributes.image_scanning_configuration), 'scan_on_push', false),
          image_tag_mutability: attr(instance, 'image_tag_mutability', 'MUTABLE'),
          encryption_type: type,
          kms_key_id: key,
          customer_managed_key: isUnknown(type) ? type : type === 'KMS' || type === 'KMS_DSSE' ? customerKey(key) : false,
          policy: resourcePolicyFacts(null),
          region: regionOf(instance),
          tags: tagsOf(instance),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
  },
  companions: {
    aws_ecr_repository_policy: {
      kind: 'aws.ecr.repository',
      link: 'repository',
      apply(target, companion) {
        target.policy = resourcePolicyFacts(companion.attributes.policy);
      },
    },
  },
};
