import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { AWS_CREDENTIAL_VARIABLES, urlCarriesCredentials } from '../../../model/plaintext-secrets.js';
import type { ResourceInstance } from '../module.js';
import { tagsOf } from './compute-support.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** SageMaker notebook instances and endpoint configurations, EMR clusters, CodeBuild projects. */

const named = (a: ValueObject, instance: ResourceInstance): string => (typeof a.name === 'string' ? a.name : instance.address);


/** Names of PLAINTEXT environment variables carrying AWS credentials (the type defaults to PLAINTEXT). */
function credentialVariables(environment: Value): Value {
  const variables = isUnknown(environment) ? environment : blocks(field(environment, 'environment_variable', null));
  if (isUnknown(variables)) return variables;
  const names = new Set<string>();
  for (const variable of variables as ValueObject[]) {
    const name = variable.name;
    if (isUnknown(name)) return name;
    if (typeof name !== 'string' || !AWS_CREDENTIAL_VARIABLES.has(name)) continue;
    const type = variable.type ?? 'PLAINTEXT';
    if (isUnknown(type)) return type;
    if (type === 'PLAINTEXT') names.add(name);
  }
  return [...names].sort();
}

function urlHasCredentials(location: Value): Value {
  if (isUnknown(location)) return location;
  return typeof location === 'string' && urlCarriesCredentials(location);
}

function sourcesCarryCredentials(instance: ResourceInstance): Value {
  const all = [block(instance.attributes.source), ...((): Value[] => {
    const secondary = blocks(instance.attributes.secondary_sources);
    return isUnknown(secondary) ? [secondary] : (secondary as Value[]);
  })()];
  let pending: Value | undefined;
  for (const source of all) {
    const found = urlHasCredentials(isUnknown(source) ? source : isValueObject(source) ? (source.location ?? null) : null);
    if (found === true) return true;
    if (isUnknown(found)) pending ??= found;
  }
  return pending ?? false;
}

/** No subnet: the default VPC's subnets give a public IP; a declared subnet says so itself; any other subnet decides unseen. */
function masterPublicIp(instance: ResourceInstance, subnet: Value): Value {
  if (subnet === null || (Array.isArray(subnet) && subnet.length === 0)) return true;
  const declared = instance.referenced?.ec2_subnet;
  if (isValueObject(declared)) return declared.map_public_ip_on_launch ?? false;
  return unknown(`${instance.address}: whether the master node gets a public IP depends on its subnet's map_public_ip_on_launch`);
}

export const ANALYTICS_MAPPERS: MapperSet = {
  primary: {
    aws_sagemaker_notebook_instance: {
      kind: 'aws.sagemaker.notebook_instance',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
        kms_key_id: attr(instance, 'kms_key_id', null),
        direct_internet_access: attr(instance, 'direct_internet_access', 'Enabled'),
        subnet_id: attr(instance, 'subnet_id', null),
        root_access: attr(instance, 'root_access', 'Enabled'),
        region: regionOf(instance),
        tags: tagsOf(instance),
      }),
      name: named,
    },
    aws_sagemaker_endpoint_configuration: {
      kind: 'aws.sagemaker.endpoint_config',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is generated on apply`)),
        kms_key_id: attr(instance, 'kms_key_arn', null),
        region: regionOf(instance),
        tags: tagsOf(instance),
      }),
      name: named,
    },
    aws_emr_cluster: {
      kind: 'aws.emr.cluster',
      attributes: (instance) => {
        const ec2 = block(instance.attributes.ec2_attributes);
        const subnet = field(ec2, 'subnet_id', field(ec2, 'subnet_ids', null));
        const kerberos = instance.attributes.kerberos_attributes;
        return {
          name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
          kerberos_enabled: isUnknown(kerberos) ? kerberos : kerberos !== undefined && kerberos !== null && !(Array.isArray(kerberos) && kerberos.length === 0),
          // Without a subnet the cluster goes to the default VPC, whose subnets give every node a public IP.
          master_public_ip: masterPublicIp(instance, subnet),
          region: regionOf(instance),
          tags: tagsOf(instance),
        };
      },
      name: named,
    },
    aws_codebuild_project: {
      kind: 'aws.codebuild.project',
      attributes: (instance) => ({
        name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
        plaintext_aws_credential_names: credentialVariables(block(instance.attributes.environment)),
        source_url_has_credentials: sourcesCarryCredentials(instance),
        region: regionOf(instance),
        tags: tagsOf(instance),
      }),
      name: named,
    },
  },
  companions: {},
};
