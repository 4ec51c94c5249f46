import { isUnknown, isValueObject, unknown, type Value, type ValueObject } from '../../../model/value.js';
import { plaintextSecretNames } from '../../../model/plaintext-secrets.js';
import type { ResourceInstance } from '../module.js';
import { jsonDocument, tagsOf } from './compute-support.js';
import { block, blocks, field, regionOf } from './support.js';
import { attr, type MapperSet } from './types.js';

/** ECS task definitions (each container of container_definitions), clusters and services. */

/** One container definition as the model reads it; unknown fields stay unknown. */
function container(definition: Value): Value {
  if (isUnknown(definition)) return definition;
  if (!isValueObject(definition)) return unknown('a container definition is not an object');
  const logging = definition.logConfiguration;
  const environment = definition.environment;
  let secrets: Value;
  if (isUnknown(environment)) secrets = environment;
  else if (!Array.isArray(environment)) secrets = [];
  else {
    const entries = environment.filter(isValueObject);
    const unknownName = entries.find((e) => isUnknown(e.name));
    secrets = unknownName ? (unknownName.name as Value) : plaintextSecretNames(entries.map((e) => [String(e.name ?? ''), e.value ?? null] as const));
  }
  return {
    name: definition.name ?? null,
    privileged: definition.privileged ?? false,
    readonly_root_filesystem: definition.readonlyRootFilesystem ?? false,
    user: definition.user ?? null,
    log_driver: isUnknown(logging) ? logging : isValueObject(logging) ? (logging.logDriver ?? null) : null,
    environment_secret_names: secrets,
  };
}

function containers(instance: ResourceInstance): Value {
  const document = jsonDocument(instance.attributes.container_definitions, `${instance.address}.container_definitions`);
  if (isUnknown(document)) return document;
  if (!Array.isArray(document)) return unknown(`${instance.address}.container_definitions is not a JSON list of containers`);
  return document.map(container);
}

const named = (a: ValueObject, instance: ResourceInstance): string => (typeof a.name === 'string' ? a.name : typeof a.family === 'string' ? a.family : instance.address);

export const ECS_MAPPERS: MapperSet = {
  primary: {
    aws_ecs_task_definition: {
      kind: 'aws.ecs.task_definition',
      attributes: (instance) => ({
        family: attr(instance, 'family', unknown(`${instance.address}.family is not set`)),
        // Left out, ECS uses bridge networking on EC2 (Fargate requires awsvpc and says so).
        network_mode: attr(instance, 'network_mode', 'bridge'),
        requires_compatibilities: attr(instance, 'requires_compatibilities', []),
        containers: containers(instance),
        region: regionOf(instance),
        tags: tagsOf(instance),
      }),
      name: named,
    },
    aws_ecs_cluster: {
      kind: 'aws.ecs.cluster',
      attributes: (instance) => {
        const settings = blocks(instance.attributes.setting);
        let insights: Value = 'disabled';
        if (isUnknown(settings)) insights = settings;
        else for (const s of settings as ValueObject[]) if (s.name === 'containerInsights') insights = s.value ?? 'disabled';
        return { name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)), container_insights: insights, region: regionOf(instance), tags: tagsOf(instance) };
      },
      name: named,
      identity: (a) => (typeof a.name === 'string' ? a.name : undefined),
    },
    aws_ecs_service: {
      kind: 'aws.ecs.service',
      attributes: (instance) => {
        const network = block(instance.attributes.network_configuration);
        return {
          name: attr(instance, 'name', unknown(`${instance.address}.name is not set`)),
          launch_type: attr(instance, 'launch_type', instance.attributes.capacity_provider_strategy ? null : 'EC2'),
          assign_public_ip: field(network, 'assign_public_ip', false),
          region: regionOf(instance),
          tags: tagsOf(instance),
        };
      },
      name: named,
    },
  },
  companions: {},
};
