import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  type DescribeListenersCommandOutput,
  type DescribeLoadBalancerAttributesCommandOutput,
  type DescribeLoadBalancersCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetWebACLForResourceCommand, type GetWebACLForResourceCommandOutput } from '@aws-sdk/client-wafv2';
import { DescribeCertificateCommand, ListCertificatesCommand, type DescribeCertificateCommandOutput, type ListCertificatesCommandOutput } from '@aws-sdk/client-acm';
import type { Value } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { awsResource, evidenceOf, listingFailed, valueOf, type Collector } from './support.js';

/** What faces the internet: ELBv2 load balancers with their listeners, and ACM certificates. */

const attributeOn = (answer: DescribeLoadBalancerAttributesCommandOutput, key: string): boolean => (answer.Attributes ?? []).some((a) => a.Key === key && a.Value === 'true');

const loadBalancers: Collector = {
  name: 'elbv2 load balancers',
  service: 'elbv2',
  kinds: ['aws.elb.load_balancer'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeLoadBalancersCommandOutput>('elbv2', ctx.region, (Marker) => new DescribeLoadBalancersCommand({ PageSize: 400, Marker }), (p) => p.NextMarker);
    if (!list.ok) return listingFailed(ctx, 'load balancers', list);
    return mapBounded(list.pages.flatMap((p) => p.LoadBalancers ?? []), 8, async (lb) => {
      const [listeners, attributes] = await Promise.all([
        ctx.session.paginate<DescribeListenersCommandOutput>('elbv2', ctx.region, (Marker) => new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn, Marker }), (p) => p.NextMarker),
        ctx.session.call<DescribeLoadBalancerAttributesCommandOutput>('elbv2', ctx.region, new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn })),
      ]);
      // Only Application Load Balancers take a web ACL.
      const waf = lb.Type === 'application' ? await ctx.session.call<GetWebACLForResourceCommandOutput>('wafv2', ctx.region, new GetWebACLForResourceCommand({ ResourceArn: lb.LoadBalancerArn })) : undefined;
      const listenerValue: Value = listeners.ok
        ? listeners.pages.flatMap((p) => p.Listeners ?? []).map((l) => ({
            port: l.Port ?? null,
            protocol: l.Protocol ?? null,
            ssl_policy: l.SslPolicy ?? null,
            redirects_to_https: (l.DefaultActions ?? []).some((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS'),
            certificate_arn: l.Certificates?.[0]?.CertificateArn ?? null,
          }))
        : unknownFrom(listeners);
      return awsResource(ctx, 'aws.elb.load_balancer', lb.LoadBalancerArn ?? '', lb.LoadBalancerName ?? '', {
        name: lb.LoadBalancerName ?? null,
        type: lb.Type ?? null,
        internal: lb.Scheme === 'internal',
        // Network and gateway load balancers without the attribute have no access logs.
        access_logs_enabled: valueOf(attributes, (v) => (v.Attributes ?? []).some((a) => a.Key === 'access_logs.s3.enabled' && a.Value === 'true')),
        listeners: listenerValue,
        web_acl_arn: waf ? valueOf(waf, (v) => v.WebACL?.ARN ?? null) : null,
        deletion_protection: valueOf(attributes, (v) => attributeOn(v, 'deletion_protection.enabled')),
        // Application load balancers always balance across zones.
        cross_zone: lb.Type === 'application' ? true : valueOf(attributes, (v) => attributeOn(v, 'load_balancing.cross_zone.enabled')),
        region: ctx.region,
        tags: {},
      }, [...(listeners.ok ? evidenceOf(list, listeners, attributes) : evidenceOf(list, attributes)), ...(waf ? evidenceOf(waf) : [])]);
    });
  },
};

const certificates: Collector = {
  name: 'acm certificates',
  service: 'acm',
  kinds: ['aws.acm.certificate'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListCertificatesCommandOutput>('acm', ctx.region, (NextToken) => new ListCertificatesCommand({ MaxItems: 1000, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'ACM certificates', list);
    const now = ctx.now();
    return mapBounded(list.pages.flatMap((p) => p.CertificateSummaryList ?? []), 8, async (summary) => {
      const described = await ctx.session.call<DescribeCertificateCommandOutput>('acm', ctx.region, new DescribeCertificateCommand({ CertificateArn: summary.CertificateArn }));
      const c = described.ok ? described.value.Certificate : undefined;
      const meta = (read: () => Value): Value => (described.ok ? read() : unknownFrom(described));
      const notAfter = c?.NotAfter ?? summary.NotAfter;
      return awsResource(ctx, 'aws.acm.certificate', summary.CertificateArn ?? '', summary.DomainName ?? '', {
        domain_name: summary.DomainName ?? null,
        status: meta(() => c?.Status ?? summary.Status ?? null),
        type: meta(() => c?.Type ?? summary.Type ?? null),
        not_after: notAfter ? new Date(notAfter).toISOString() : meta(() => null),
        days_to_expiry: notAfter ? Math.floor((new Date(notAfter).getTime() - now.getTime()) / 86_400_000) : meta(() => null),
        in_use: meta(() => (c?.InUseBy ?? []).length > 0),
        tags: {},
      }, evidenceOf(list, described));
    });
  },
};

export const EDGE_COLLECTORS: readonly Collector[] = [loadBalancers, certificates];
