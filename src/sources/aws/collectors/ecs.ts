import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionFamiliesCommand,
  type ContainerDefinition,
  type DescribeClustersCommandOutput,
  type DescribeServicesCommandOutput,
  type DescribeTaskDefinitionCommandOutput,
  type ListClustersCommandOutput,
  type ListServicesCommandOutput,
  type ListTaskDefinitionFamiliesCommandOutput,
} from '@aws-sdk/client-ecs';
import { plaintextSecretNames } from '../../../model/plaintext-secrets.js';
import type { Resource } from '../../../model/resource.js';
import type { ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, type Collector } from './support.js';

/** ECS: the latest active revision of each task definition family, clusters and their services. */

const lowerTags = (tags: ReadonlyArray<{ key?: string; value?: string }> | undefined): ValueObject => tagsOf((tags ?? []).map((t) => ({ Key: t.key, Value: t.value })));

function container(definition: ContainerDefinition): ValueObject {
  return {
    name: definition.name ?? null,
    privileged: definition.privileged ?? false,
    readonly_root_filesystem: definition.readonlyRootFilesystem ?? false,
    user: definition.user ?? null,
    log_driver: definition.logConfiguration?.logDriver ?? null,
    environment_secret_names: plaintextSecretNames((definition.environment ?? []).map((e) => [e.name ?? '', e.value ?? null] as const)),
  };
}

const taskDefinitions: Collector = {
  name: 'ecs task definitions',
  service: 'ecs',
  kinds: ['aws.ecs.task_definition'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListTaskDefinitionFamiliesCommandOutput>(
      'ecs', ctx.region, (nextToken) => new ListTaskDefinitionFamiliesCommand({ status: 'ACTIVE', nextToken }), (p) => p.nextToken,
    );
    if (!list.ok) return listingFailed(ctx, 'ECS task definition families', list);
    const families = list.pages.flatMap((p) => p.families ?? []);
    const out = await mapBounded(families, 4, async (family): Promise<Resource | undefined> => {
      const described = await ctx.session.call<DescribeTaskDefinitionCommandOutput>('ecs', ctx.region, new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] }));
      if (!described.ok) {
        // The family is known to exist: it stands with what could not be read unknown.
        const missing = unknownFrom(described);
        return awsResource(ctx, 'aws.ecs.task_definition', arn(ctx, 'ecs', `task-definition/${family}`), family, {
          family, network_mode: missing, requires_compatibilities: missing, containers: missing, region: ctx.region, tags: missing,
        }, evidenceOf(list, described));
      }
      const td = described.value.taskDefinition;
      if (!td) return undefined;
      return awsResource(ctx, 'aws.ecs.task_definition', td.taskDefinitionArn ?? arn(ctx, 'ecs', `task-definition/${family}`), family, {
        family: td.family ?? family,
        network_mode: td.networkMode ?? 'bridge',
        requires_compatibilities: td.requiresCompatibilities ?? [],
        containers: (td.containerDefinitions ?? []).map(container),
        region: ctx.region,
        tags: lowerTags(described.value.tags),
      }, evidenceOf(list, described));
    });
    return out.filter((r): r is Resource => r !== undefined);
  },
};

const clustersAndServices: Collector = {
  name: 'ecs clusters and services',
  service: 'ecs',
  kinds: ['aws.ecs.cluster', 'aws.ecs.service'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListClustersCommandOutput>('ecs', ctx.region, (nextToken) => new ListClustersCommand({ nextToken }), (p) => p.nextToken);
    if (!list.ok) return listingFailed(ctx, 'ECS clusters', list);
    const arns = list.pages.flatMap((p) => p.clusterArns ?? []);
    const out: Resource[] = [];
    for (let i = 0; i < arns.length; i += 100) {
      const batch = arns.slice(i, i + 100);
      const described = await ctx.session.call<DescribeClustersCommandOutput>('ecs', ctx.region, new DescribeClustersCommand({ clusters: batch, include: ['SETTINGS', 'TAGS'] }));
      if (!described.ok) {
        listingFailed(ctx, 'ECS cluster settings', described, ['aws.ecs.cluster']);
        continue;
      }
      for (const c of described.value.clusters ?? []) {
        const insights = (c.settings ?? []).find((s) => s.name === 'containerInsights')?.value ?? 'disabled';
        out.push(awsResource(ctx, 'aws.ecs.cluster', c.clusterArn ?? '', c.clusterName ?? '', {
          name: c.clusterName ?? null, container_insights: insights, region: ctx.region, tags: lowerTags(c.tags),
        }, evidenceOf(list, described)));
      }
    }
    for (const clusterArn of arns) {
      const services = await ctx.session.paginate<ListServicesCommandOutput>('ecs', ctx.region, (nextToken) => new ListServicesCommand({ cluster: clusterArn, nextToken }), (p) => p.nextToken);
      if (!services.ok) {
        listingFailed(ctx, `ECS services of ${clusterArn}`, services, ['aws.ecs.service']);
        continue;
      }
      const serviceArns = services.pages.flatMap((p) => p.serviceArns ?? []);
      for (let i = 0; i < serviceArns.length; i += 10) {
        const described = await ctx.session.call<DescribeServicesCommandOutput>('ecs', ctx.region, new DescribeServicesCommand({ cluster: clusterArn, services: serviceArns.slice(i, i + 10), include: ['TAGS'] }));
        if (!described.ok) {
          listingFailed(ctx, `ECS services of ${clusterArn}`, described, ['aws.ecs.service']);
          continue;
        }
        for (const s of described.value.services ?? []) {
          out.push(awsResource(ctx, 'aws.ecs.service', s.serviceArn ?? '', s.serviceName ?? '', {
            name: s.serviceName ?? null,
            launch_type: s.launchType ?? null,
            assign_public_ip: s.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === 'ENABLED',
            region: ctx.region,
            tags: lowerTags(s.tags),
          }, evidenceOf(list, services, described)));
        }
      }
    }
    return out;
  },
};

export const ECS_COLLECTORS: readonly Collector[] = [taskDefinitions, clustersAndServices];
