import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { customerKey, resourcePolicyFacts, secretNamesOfMap } from './compute-support.js';
import { block, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** Lambda functions, folded with each aws_lambda_permission as one statement of their policy. */

function variableNames(variables: Value): Value {
  if (isUnknown(variables)) return variables;
  return isValueObject(variables) ? Object.keys(variables).sort() : [];
}

function attachedToSubnets(vpc: Value): Value {
  if (isUnknown(vpc)) return vpc;
  const subnets = field(vpc, 'subnet_ids', []);
  if (isUnknown(subnets)) return subnets.origin ? true : subnets;
  return Array.isArray(subnets) && subnets.length > 0;
}

/** true wins over unknown, unknown over false. */
function either(a: Value, b: Value): Value {
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}

/** A permission for everyone is public unless a source ARN, account or organisation narrows it. */
function permissionIsPublic(companion: { attributes: ValueObject }): Value {
  const principal = companion.attributes.principal;
  if (isUnknown(principal)) return principal.origin ? false : principal;
  if (principal !== '*') return false;
  for (const narrowing of ['source_arn', 'source_account', 'principal_org_id']) {
    const value = companion.attributes[narrowing];
    if (value !== undefined && value !== null) return false;
  }
  return true;
}

export const LAMBDA_MAPPERS: MapperSet = {
  primary: {
    aws_lambda_function: {
      kind: 'aws.lambda.function',
      attributes: (instance) => {
        const environment = block(instance.attributes.environment);
        const variables = field(environment, 'variables', {});
        const key = attr(instance, 'kms_key_arn', null);
        const packageType = attr(instance, 'package_type', 'Zip');
        return {
          name: attr(instance, 'function_name', unknown(`${instance.address}.function_name is not set`)),
          runtime: attr(instance, 'runtime', packageType === 'Image' ? null : unknown(`${instance.address}.runtime is not set`)),
          package_type: packageType,
          kms_key_arn: key,
          customer_managed_key: customerKey(key),
          environment_variable_names: variableNames(variables),
          environment_secret_names: secretNamesOfMap(variables),
          in_vpc: attachedToSubnets(block(instance.attributes.vpc_config)),
          policy: resourcePolicyFacts(null),
          region: regionOf(instance),
          tags: attr(instance, 'tags', {}),
        };
      },
      name: (a, instance) => (typeof a.name === 'string' ? a.name : instance.address),
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
  },
  companions: {
    aws_lambda_permission: {
      kind: 'aws.lambda.function',
      link: 'function_name',
      apply(target, companion) {
        const before = isValueObject(target.policy) ? target.policy : { exists: false, public: false };
        target.policy = { exists: true, public: either(before.public ?? false, permissionIsPublic(companion)) };
      },
    },
  },
};

