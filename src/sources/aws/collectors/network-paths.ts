import {
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpnConnectionsCommand,
  type DescribeInternetGatewaysCommandOutput,
  type DescribeRouteTablesCommandOutput,
  type DescribeSubnetsCommandOutput,
  type DescribeTransitGatewaysCommandOutput,
  type DescribeVpnConnectionsCommandOutput,
} from '@aws-sdk/client-ec2';
import {
  GetDNSSECCommand,
  ListHostedZonesCommand,
  ListQueryLoggingConfigsCommand,
  type GetDNSSECCommandOutput,
  type ListHostedZonesCommandOutput,
  type ListQueryLoggingConfigsCommandOutput,
} from '@aws-sdk/client-route-53';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, type Collector } from './support.js';

/**
 * Network paths: route tables, subnets, internet and transit gateways, Site-to-Site VPN
 * connections, and Route 53 hosted zones with their query logging and DNSSEC.
 */

const routeTables: Collector = {
  name: 'ec2 route tables',
  service: 'ec2',
  kinds: ['aws.ec2.route_table'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeRouteTablesCommandOutput>('ec2', ctx.region, (NextToken) => new DescribeRouteTablesCommand({ MaxResults: 100, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'route tables', list);
    return list.pages.flatMap((p) => p.RouteTables ?? []).map((table) =>
      awsResource(ctx, 'aws.ec2.route_table', arn(ctx, 'ec2', `route-table/${table.RouteTableId}`), table.RouteTableId ?? '', {
        vpc_id: table.VpcId ?? null,
        is_default: (table.Associations ?? []).some((a) => a.Main === true),
        associations: (table.Associations ?? []).filter((a) => !a.Main).map((a) => a.SubnetId ?? a.GatewayId ?? null).filter((id): id is string => id !== null),
        // The VPC's own local route says nothing about paths out of it.
        routes: (table.Routes ?? []).filter((r) => r.GatewayId !== 'local').map((r) => ({
          destination_cidr_block: r.DestinationCidrBlock ?? null,
          destination_ipv6_cidr_block: r.DestinationIpv6CidrBlock ?? null,
          gateway_id: r.GatewayId ?? null,
          to_internet_gateway: (r.GatewayId ?? '').startsWith('igw-'),
        })),
        region: ctx.region,
        tags: tagsOf(table.Tags),
      }, list.evidence),
    );
  },
};

const subnets: Collector = {
  name: 'ec2 subnets',
  service: 'ec2',
  kinds: ['aws.ec2.subnet'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeSubnetsCommandOutput>('ec2', ctx.region, (NextToken) => new DescribeSubnetsCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'subnets', list);
    return list.pages.flatMap((p) => p.Subnets ?? []).map((subnet) =>
      awsResource(ctx, 'aws.ec2.subnet', subnet.SubnetArn ?? arn(ctx, 'ec2', `subnet/${subnet.SubnetId}`), subnet.SubnetId ?? '', {
        vpc_id: subnet.VpcId ?? null,
        cidr_block: subnet.CidrBlock ?? null,
        is_default: subnet.DefaultForAz ?? false,
        map_public_ip_on_launch: subnet.MapPublicIpOnLaunch ?? false,
        region: ctx.region,
        tags: tagsOf(subnet.Tags),
      }, list.evidence),
    );
  },
};

const internetGateways: Collector = {
  name: 'ec2 internet gateways',
  service: 'ec2',
  kinds: ['aws.ec2.internet_gateway'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeInternetGatewaysCommandOutput>('ec2', ctx.region, (NextToken) => new DescribeInternetGatewaysCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'internet gateways', list);
    return list.pages.flatMap((p) => p.InternetGateways ?? []).map((gateway) =>
      awsResource(ctx, 'aws.ec2.internet_gateway', arn(ctx, 'ec2', `internet-gateway/${gateway.InternetGatewayId}`), gateway.InternetGatewayId ?? '', {
        attachments: (gateway.Attachments ?? []).filter((a) => a.VpcId).map((a) => ({ vpc_id: a.VpcId ?? null })),
        region: ctx.region,
        tags: tagsOf(gateway.Tags),
      }, list.evidence),
    );
  },
};

const transitGateways: Collector = {
  name: 'ec2 transit gateways',
  service: 'ec2',
  kinds: ['aws.ec2.transit_gateway'],
  scope: 'regional',
  async collect(ctx) {
    const list = await ctx.session.paginate<DescribeTransitGatewaysCommandOutput>('ec2', ctx.region, (NextToken) => new DescribeTransitGatewaysCommand({ MaxResults: 1000, NextToken }), (p) => p.NextToken);
    if (!list.ok) return listingFailed(ctx, 'transit gateways', list);
    return list.pages
      .flatMap((p) => p.TransitGateways ?? [])
      .filter((tgw) => tgw.State !== 'deleted')
      .map((tgw) =>
        awsResource(ctx, 'aws.ec2.transit_gateway', tgw.TransitGatewayArn ?? arn(ctx, 'ec2', `transit-gateway/${tgw.TransitGatewayId}`), tgw.TransitGatewayId ?? '', {
          auto_accept_shared_attachments: tgw.Options?.AutoAcceptSharedAttachments === 'enable',
          default_route_table_association: tgw.Options?.DefaultRouteTableAssociation === 'enable',
          region: ctx.region,
          tags: tagsOf(tgw.Tags),
        }, list.evidence),
      );
  },
};

const vpnConnections: Collector = {
  name: 'ec2 VPN connections',
  service: 'ec2',
  kinds: ['aws.ec2.vpn_connection'],
  scope: 'regional',
  async collect(ctx) {
    // DescribeVpnConnections has no pagination: one answer holds every connection of the region.
    const answer = await ctx.session.call<DescribeVpnConnectionsCommandOutput>('ec2', ctx.region, new DescribeVpnConnectionsCommand({}));
    if (!answer.ok) return listingFailed(ctx, 'VPN connections', answer);
    return (answer.value.VpnConnections ?? [])
      .filter((vpn) => vpn.State !== 'deleted')
      .map((vpn) => {
        const telemetry = vpn.VgwTelemetry ?? [];
        return awsResource(ctx, 'aws.ec2.vpn_connection', arn(ctx, 'ec2', `vpn-connection/${vpn.VpnConnectionId}`), vpn.VpnConnectionId ?? '', {
          state: vpn.State ?? null,
          tunnels_up: telemetry.filter((t) => t.Status === 'UP').length,
          tunnel_count: telemetry.length,
          region: ctx.region,
          tags: tagsOf(vpn.Tags),
        }, evidenceOf(answer));
      });
  },
};

const hostedZones: Collector = {
  name: 'route53 hosted zones',
  service: 'route53',
  kinds: ['aws.route53.hosted_zone'],
  scope: 'global',
  async collect(ctx) {
    const list = await ctx.session.paginate<ListHostedZonesCommandOutput>('route53', ctx.region, (Marker) => new ListHostedZonesCommand({ Marker }), (p) => (p.IsTruncated ? p.NextMarker : undefined));
    if (!list.ok) return listingFailed(ctx, 'Route 53 hosted zones', list);
    const logging = await ctx.session.paginate<ListQueryLoggingConfigsCommandOutput>('route53', ctx.region, (NextToken) => new ListQueryLoggingConfigsCommand({ NextToken }), (p) => p.NextToken);
    const logged = new Set(logging.ok ? logging.pages.flatMap((p) => p.QueryLoggingConfigs ?? []).map((c) => c.HostedZoneId ?? '') : []);
    return mapBounded(list.pages.flatMap((p) => p.HostedZones ?? []), 8, async (zone) => {
      const id = (zone.Id ?? '').replace(/^\/hostedzone\//, '');
      const isPrivate = zone.Config?.PrivateZone ?? false;
      // DNSSEC exists for public zones only.
      const dnssec = isPrivate ? undefined : await ctx.session.call<GetDNSSECCommandOutput>('route53', ctx.region, new GetDNSSECCommand({ HostedZoneId: id }));
      return awsResource(ctx, 'aws.route53.hosted_zone', `arn:${ctx.partition}:route53:::hostedzone/${id}`, zone.Name ?? id, {
        name: zone.Name ?? null,
        private_zone: isPrivate,
        query_logging_enabled: logging.ok ? logged.has(id) : unknownFrom(logging),
        dnssec_signing: dnssec ? valueOf(dnssec, (v) => v.Status?.ServeSignature === 'SIGNING') : false,
        tags: {},
      }, evidenceOf(list, logging, ...(dnssec ? [dnssec] : [])), 'global');
    });
  },
};

export const NETWORK_PATH_COLLECTORS: readonly Collector[] = [routeTables, subnets, internetGateways, transitGateways, vpnConnections, hostedZones];
