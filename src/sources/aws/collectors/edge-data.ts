import { GetDistributionConfigCommand, ListDistributionsCommand, type DistributionConfig, type GetDistributionConfigCommandOutput, type ListDistributionsCommandOutput } from '@aws-sdk/client-cloudfront';
import { GetLoggingConfigurationCommand, ListWebACLsCommand, type GetLoggingConfigurationCommandOutput, type ListWebACLsCommandOutput } from '@aws-sdk/client-wafv2';
import { GetDomainNamesCommand, GetRestApisCommand, GetStagesCommand, type GetDomainNamesCommandOutput, type GetRestApisCommandOutput, type GetStagesCommandOutput } from '@aws-sdk/client-api-gateway';
import {
  GetApisCommand,
  GetDomainNamesCommand as GetDomainNamesV2Command,
  GetStagesCommand as GetStagesV2Command,
  type GetApisCommandOutput,
  type GetDomainNamesCommandOutput as GetDomainNamesV2CommandOutput,
  type GetStagesCommandOutput as GetStagesV2CommandOutput,
} from '@aws-sdk/client-apigatewayv2';
import type { Resource } from '../../../model/resource.js';
import type { Value, ValueObject } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, valueOrAbsent, type CollectContext, type Collector } from './support.js';

/** CloudFront distributions, WAFv2 web ACLs, API Gateway stages and custom domains. */

const isS3Domain = (domain: string): boolean => /\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(domain) && !/s3-website/.test(domain);

function distributionAttributes(config: DistributionConfig): ValueObject {
  const behaviours = [config.DefaultCacheBehavior, ...(config.CacheBehaviors?.Items ?? [])];
  const certificate = config.ViewerCertificate ?? {};
  const usesDefault = certificate.CloudFrontDefaultCertificate ?? (!certificate.ACMCertificateArn && !certificate.IAMCertificateId);
  return {
    viewer_protocol_policies: behaviours.map((b) => b?.ViewerProtocolPolicy ?? null),
    uses_default_certificate: usesDefault,
    minimum_protocol_version: usesDefault ? 'TLSv1' : (certificate.MinimumProtocolVersion ?? 'TLSv1'),
    web_acl_id: config.WebACLId ? config.WebACLId : null,
    logging_enabled: config.Logging?.Enabled ?? false,
    s3_origins: (config.Origins?.Items ?? [])
      .filter((o) => o.S3OriginConfig !== undefined || isS3Domain(o.DomainName ?? ''))
      .map((o) => ({
        id: o.Id ?? null,
        domain_name: o.DomainName ?? null,
        origin_access_control_id: o.OriginAccessControlId ? o.OriginAccessControlId : null,
        origin_access_identity: o.S3OriginConfig?.OriginAccessIdentity ? o.S3OriginConfig.OriginAccessIdentity : null,
      })),
  };
}

const distributions: Collector = {
  name: 'cloudfront distributions',
  service: 'cloudfront',
  kinds: ['aws.cloudfront.distribution'],
  scope: 'global',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListDistributionsCommandOutput>('cloudfront', ctx.region, (Marker) => new ListDistributionsCommand({ Marker }), (p) => (p.DistributionList?.IsTruncated ? p.DistributionList.NextMarker : undefined));
    if (!list.ok) return listingFailed(ctx, 'CloudFront distributions', list);
    return mapBounded(list.pages.flatMap((p) => p.DistributionList?.Items ?? []), 8, async (d) => {
      const config = await ctx.session.call<GetDistributionConfigCommandOutput>('cloudfront', ctx.region, new GetDistributionConfigCommand({ Id: d.Id }));
      const read = config.ok && config.value.DistributionConfig ? distributionAttributes(config.value.DistributionConfig) : undefined;
      const failed = config.ok ? undefined : unknownFrom(config);
      const attr = (name: string): Value => (read ? read[name]! : failed!);
      return awsResource(ctx, 'aws.cloudfront.distribution', d.ARN ?? `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${d.Id}`, d.DomainName ?? d.Id ?? '', {
        domain_name: d.DomainName ?? null,
        viewer_protocol_policies: attr('viewer_protocol_policies'),
        uses_default_certificate: attr('uses_default_certificate'),
        minimum_protocol_version: attr('minimum_protocol_version'),
        web_acl_id: d.WebACLId ? d.WebACLId : attr('web_acl_id'),
        logging_enabled: attr('logging_enabled'),
        s3_origins: attr('s3_origins'),
        tags: {},
      }, evidenceOf(list, config));
    });
  },
};

async function webAcls(ctx: CollectContext, scope: 'REGIONAL' | 'CLOUDFRONT', region: string): Promise<Resource[]> {
  const list = await ctx.session.paginate<ListWebACLsCommandOutput>('wafv2', region, (NextMarker) => new ListWebACLsCommand({ Scope: scope, Limit: 100, NextMarker }), (p) => ((p.WebACLs ?? []).length > 0 ? p.NextMarker : undefined));
  if (!list.ok) return listingFailed(ctx, scope === 'CLOUDFRONT' ? 'WAFv2 web ACLs for CloudFront' : 'WAFv2 web ACLs', list);
  return mapBounded(list.pages.flatMap((p) => p.WebACLs ?? []), 8, async (acl) => {
    const logging = await ctx.session.call<GetLoggingConfigurationCommandOutput>('wafv2', region, new GetLoggingConfigurationCommand({ ResourceArn: acl.ARN }));
    return awsResource(ctx, 'aws.wafv2.web_acl', acl.ARN ?? '', acl.Name ?? '', {
      name: acl.Name ?? null,
      scope,
      logging_enabled: valueOrAbsent(logging, (v) => (v.LoggingConfiguration?.LogDestinationConfigs ?? []).length > 0, false, /^WAFNonexistentItem/),
      region,
      tags: {},
    }, evidenceOf(list, logging), region);
  });
}

const regionalWebAcls: Collector = {
  name: 'wafv2 web acls',
  service: 'wafv2',
  kinds: ['aws.wafv2.web_acl'],
  scope: 'regional',
  collect: (ctx) => webAcls(ctx, 'REGIONAL', ctx.region),
};

/** Web ACLs for CloudFront live in us-east-1 whatever regions are scanned. */
const cloudFrontWebAcls: Collector = {
  name: 'wafv2 cloudfront web acls',
  service: 'wafv2',
  kinds: ['aws.wafv2.web_acl'],
  scope: 'global',
  collect: (ctx) => webAcls(ctx, 'CLOUDFRONT', 'us-east-1'),
};

const LEVELS = new Set(['ERROR', 'INFO']);

const stages: Collector = {
  name: 'api gateway stages',
  service: 'apigateway',
  kinds: ['aws.apigateway.stage'],
  scope: 'regional',
  async collect(ctx) {
    const out: Resource[] = [];
    const apis = await ctx.session.paginate<GetRestApisCommandOutput>('apigateway', ctx.region, (position) => new GetRestApisCommand({ limit: 500, position }), (p) => p.position);
    if (!apis.ok) listingFailed(ctx, 'API Gateway REST APIs', apis);
    else {
      const found = await mapBounded(apis.pages.flatMap((p) => p.items ?? []), 4, async (api) => {
        const answer = await ctx.session.call<GetStagesCommandOutput>('apigateway', ctx.region, new GetStagesCommand({ restApiId: api.id }));
        if (!answer.ok) {
          listingFailed(ctx, `stages of REST API ${api.id}`, answer);
          return [];
        }
        return (answer.value.item ?? []).map((stage) => {
          const all = stage.methodSettings?.['*/*'];
          const level = all?.loggingLevel ?? 'OFF';
          return awsResource(ctx, 'aws.apigateway.stage', arn(ctx, 'apigateway', `/restapis/${api.id}/stages/${stage.stageName}`).replace(`:${ctx.account}:`, '::'), `${api.name ?? api.id}/${stage.stageName ?? ''}`, {
            name: stage.stageName ?? null,
            api_type: 'REST',
            execution_logging_level: LEVELS.has(level) ? level : 'OFF',
            access_logging_enabled: Boolean(stage.accessLogSettings?.destinationArn),
            client_certificate_id: stage.clientCertificateId ? stage.clientCertificateId : null,
            web_acl_arn: stage.webAclArn ? stage.webAclArn : null,
            region: ctx.region,
            tags: { ...(stage.tags ?? {}) },
          }, evidenceOf(apis, answer));
        });
      });
      out.push(...found.flat());
    }
    const v2 = await ctx.session.paginate<GetApisCommandOutput>('apigatewayv2', ctx.region, (NextToken) => new GetApisCommand({ MaxResults: '500', NextToken }), (p) => p.NextToken);
    if (!v2.ok) listingFailed(ctx, 'API Gateway HTTP and WebSocket APIs', v2);
    else {
      const found = await mapBounded(v2.pages.flatMap((p) => p.Items ?? []), 4, async (api) => {
        const answer = await ctx.session.paginate<GetStagesV2CommandOutput>('apigatewayv2', ctx.region, (NextToken) => new GetStagesV2Command({ ApiId: api.ApiId, NextToken }), (p) => p.NextToken);
        if (!answer.ok) {
          listingFailed(ctx, `stages of API ${api.ApiId}`, answer);
          return [];
        }
        return answer.pages.flatMap((p) => p.Items ?? []).map((stage) => {
          const level = stage.DefaultRouteSettings?.LoggingLevel ?? 'OFF';
          return awsResource(ctx, 'aws.apigateway.stage', arn(ctx, 'apigateway', `/apis/${api.ApiId}/stages/${stage.StageName}`).replace(`:${ctx.account}:`, '::'), `${api.Name ?? api.ApiId}/${stage.StageName ?? ''}`, {
            name: stage.StageName ?? null,
            api_type: api.ProtocolType ?? null,
            execution_logging_level: LEVELS.has(level) ? level : 'OFF',
            access_logging_enabled: Boolean(stage.AccessLogSettings?.DestinationArn),
            client_certificate_id: stage.ClientCertificateId ? stage.ClientCertificateId : null,
            web_acl_arn: null,
            region: ctx.region,
            tags: { ...(stage.Tags ?? {}) },
          }, evidenceOf(v2, answer));
        });
      });
      out.push(...found.flat());
    }
    return out;
  },
};

const domains: Collector = {
  name: 'api gateway domain names',
  service: 'apigateway',
  kinds: ['aws.apigateway.domain_name'],
  scope: 'regional',
  async collect(ctx) {
    const out: Resource[] = [];
    const v1 = await ctx.session.paginate<GetDomainNamesCommandOutput>('apigateway', ctx.region, (position) => new GetDomainNamesCommand({ limit: 500, position }), (p) => p.position);
    if (!v1.ok) listingFailed(ctx, 'API Gateway custom domain names', v1);
    else {
      for (const d of v1.pages.flatMap((p) => p.items ?? [])) {
        out.push(awsResource(ctx, 'aws.apigateway.domain_name', d.domainNameArn ?? `arn:${ctx.partition}:apigateway:${ctx.region}::/domainnames/${d.domainName}`, d.domainName ?? '', {
          domain_name: d.domainName ?? null,
          security_policy: d.securityPolicy ?? null,
          region: ctx.region,
          tags: { ...(d.tags ?? {}) },
        }, v1.evidence));
      }
    }
    const v2 = await ctx.session.paginate<GetDomainNamesV2CommandOutput>('apigatewayv2', ctx.region, (NextToken) => new GetDomainNamesV2Command({ MaxResults: '500', NextToken }), (p) => p.NextToken);
    if (!v2.ok) listingFailed(ctx, 'API Gateway v2 custom domain names', v2);
    else {
      const seen = new Set(out.map((r) => r.name));
      // v1 and v2 list the same regional domains; each is judged once.
      for (const d of v2.pages.flatMap((p) => p.Items ?? []).filter((item) => !seen.has(item.DomainName ?? ''))) {
        out.push(awsResource(ctx, 'aws.apigateway.domain_name', d.DomainNameArn ?? `arn:${ctx.partition}:apigateway:${ctx.region}::/domainnames/${d.DomainName}`, d.DomainName ?? '', {
          domain_name: d.DomainName ?? null,
          security_policy: d.DomainNameConfigurations?.[0]?.SecurityPolicy ?? null,
          region: ctx.region,
          tags: { ...(d.Tags ?? {}) },
        }, v2.evidence));
      }
    }
    return out;
  },
};

export const EDGE_DATA_COLLECTORS: readonly Collector[] = [distributions, regionalWebAcls, cloudFrontWebAcls, stages, domains];
