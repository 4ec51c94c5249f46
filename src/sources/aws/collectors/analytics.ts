import {
  BatchGetProjectsCommand,
  ListProjectsCommand,
  type BatchGetProjectsCommandOutput,
  type ListProjectsCommandOutput,
  type Project,
} from '@aws-sdk/client-codebuild';
import {
  DescribeClusterCommand,
  ListClustersCommand,
  ListInstancesCommand,
  type DescribeClusterCommandOutput,
  type ListClustersCommandOutput,
  type ListInstancesCommandOutput,
} from '@aws-sdk/client-emr';
import {
  DescribeEndpointConfigCommand,
  DescribeNotebookInstanceCommand,
  ListEndpointConfigsCommand,
  ListNotebookInstancesCommand,
  type DescribeEndpointConfigCommandOutput,
  type DescribeNotebookInstanceCommandOutput,
  type ListEndpointConfigsCommandOutput,
  type ListNotebookInstancesCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { AWS_CREDENTIAL_VARIABLES, urlCarriesCredentials } from '../../../model/plaintext-secrets.js';
import type { Resource } from '../../../model/resource.js';
import { unknown, type Value } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, type Collector } from './support.js';

/** SageMaker notebook instances and endpoint configurations, EMR clusters, CodeBuild projects. */

const notTagged = (what: string): Value => unknown(`${what} tags are not read`);

const notebooks: Collector = {
  name: 'sagemaker notebook instances',
  service: 'sagemaker',
  kinds: ['aws.sagemaker.notebook_instance'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListNotebookInstancesCommandOutput>('sagemaker', ctx.region, (NextToken) => new ListNotebookInstancesCommand({ NextToken, MaxResults: 100 }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'SageMaker notebook instances', list);
    return mapBounded(list.pages.flatMap((p) => p.NotebookInstances ?? []), 8, async (nb) => {
      const described = await ctx.session.call<DescribeNotebookInstanceCommandOutput>('sagemaker', ctx.region, new DescribeNotebookInstanceCommand({ NotebookInstanceName: nb.NotebookInstanceName }));
      const read = <T extends Value>(pick: (v: DescribeNotebookInstanceCommandOutput) => T): Value => valueOf(described, pick);
      return awsResource(ctx, 'aws.sagemaker.notebook_instance', nb.NotebookInstanceArn ?? '', nb.NotebookInstanceName ?? '', {
        name: nb.NotebookInstanceName ?? null,
        kms_key_id: read((v) => v.KmsKeyId ?? null),
        direct_internet_access: read((v) => v.DirectInternetAccess ?? 'Enabled'),
        subnet_id: read((v) => v.SubnetId ?? null),
        root_access: read((v) => v.RootAccess ?? 'Enabled'),
        region: ctx.region,
        tags: notTagged('SageMaker'),
      }, evidenceOf(list, described));
    });
  },
};

const endpointConfigs: Collector = {
  name: 'sagemaker endpoint configurations',
  service: 'sagemaker',
  kinds: ['aws.sagemaker.endpoint_config'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListEndpointConfigsCommandOutput>('sagemaker', ctx.region, (NextToken) => new ListEndpointConfigsCommand({ NextToken, MaxResults: 100 }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'SageMaker endpoint configurations', list);
    return mapBounded(list.pages.flatMap((p) => p.EndpointConfigs ?? []), 8, async (ec) => {
      const described = await ctx.session.call<DescribeEndpointConfigCommandOutput>('sagemaker', ctx.region, new DescribeEndpointConfigCommand({ EndpointConfigName: ec.EndpointConfigName }));
      return awsResource(ctx, 'aws.sagemaker.endpoint_config', ec.EndpointConfigArn ?? '', ec.EndpointConfigName ?? '', {
        name: ec.EndpointConfigName ?? null,
        kms_key_id: valueOf(described, (v) => v.KmsKeyId ?? null),
        region: ctx.region,
        tags: notTagged('SageMaker'),
      }, evidenceOf(list, described));
    });
  },
};

/** Clusters that exist and can still be reached; terminated ones hold nothing to judge. */
const ACTIVE_STATES = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] as const;

const emrClusters: Collector = {
  name: 'emr clusters',
  service: 'emr',
  kinds: ['aws.emr.cluster'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListClustersCommandOutput>('emr', ctx.region, (Marker) => new ListClustersCommand({ Marker, ClusterStates: [...ACTIVE_STATES] }), (p) => p.Marker);
    if (!list.ok) return listingFailed(ctx, 'EMR clusters', list);
    return mapBounded(list.pages.flatMap((p) => p.Clusters ?? []), 4, async (summary) => {
      const described = await ctx.session.call<DescribeClusterCommandOutput>('emr', ctx.region, new DescribeClusterCommand({ ClusterId: summary.Id }));
      const fleets = described.ok && described.value.Cluster?.InstanceCollectionType === 'INSTANCE_FLEET';
      const masters = await ctx.session.paginate<ListInstancesCommandOutput>(
        'emr', ctx.region,
        (Marker) => new ListInstancesCommand(fleets ? { ClusterId: summary.Id, InstanceFleetType: 'MASTER', Marker } : { ClusterId: summary.Id, InstanceGroupTypes: ['MASTER'], Marker }),
        (p) => p.Marker,
      );
      return awsResource(ctx, 'aws.emr.cluster', summary.ClusterArn ?? arn(ctx, 'elasticmapreduce', `cluster/${summary.Id}`), summary.Name ?? summary.Id ?? '', {
        name: summary.Name ?? null,
        kerberos_enabled: valueOf(described, (v) => Boolean(v.Cluster?.KerberosAttributes?.Realm)),
        master_public_ip: masters.ok ? masters.pages.flatMap((p) => p.Instances ?? []).some((i) => Boolean(i.PublicIpAddress)) : unknownFrom(masters),
        region: ctx.region,
        tags: valueOf(described, (v) => tagsOf(v.Cluster?.Tags)),
      }, evidenceOf(list, described, masters));
    });
  },
};

function credentialVariables(project: Project): string[] {
  return [...new Set((project.environment?.environmentVariables ?? [])
    .filter((v) => (v.type ?? 'PLAINTEXT') === 'PLAINTEXT' && v.name !== undefined && AWS_CREDENTIAL_VARIABLES.has(v.name))
    .map((v) => v.name!))].sort();
}

const sourceLocations = (project: Project): string[] =>
  [project.source?.location, ...(project.secondarySources ?? []).map((s) => s.location)].filter((l): l is string => typeof l === 'string');

const codebuildProjects: Collector = {
  name: 'codebuild projects',
  service: 'codebuild',
  kinds: ['aws.codebuild.project'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListProjectsCommandOutput>('codebuild', ctx.region, (nextToken) => new ListProjectsCommand({ nextToken }), (p) => p.nextToken);
    if (!list.ok) return listingFailed(ctx, 'CodeBuild projects', list);
    const names = list.pages.flatMap((p) => p.projects ?? []);
    const out: Resource[] = [];
    // BatchGetProjects takes at most 100 names.
    for (let i = 0; i < names.length; i += 100) {
      const batch = await ctx.session.call<BatchGetProjectsCommandOutput>('codebuild', ctx.region, new BatchGetProjectsCommand({ names: names.slice(i, i + 100) }));
      if (!batch.ok) {
        listingFailed(ctx, 'CodeBuild project details', batch);
        continue;
      }
      for (const project of batch.value.projects ?? []) {
        out.push(awsResource(ctx, 'aws.codebuild.project', project.arn ?? arn(ctx, 'codebuild', `project/${project.name}`), project.name ?? '', {
          name: project.name ?? null,
          plaintext_aws_credential_names: credentialVariables(project),
          source_url_has_credentials: sourceLocations(project).some(urlCarriesCredentials),
          region: ctx.region,
          tags: tagsOf((project.tags ?? []).map((t) => ({ Key: t.key, Value: t.value }))),
        }, evidenceOf(list, batch)));
      }
    }
    return out;
  },
};

export const ANALYTICS_COLLECTORS: readonly Collector[] = [notebooks, endpointConfigs, emrClusters, codebuildProjects];
