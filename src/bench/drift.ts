import { parseState } from '../sources/state/parse.js';
import { stateResources } from '../sources/state/resources.js';
import { STATE_KINDS } from '../sources/state/kinds.js';
import { joinLive } from '../pipeline/join.js';
import { driftReport, type Verdicts } from '../pipeline/drift.js';
import type { Resource } from '../model/resource.js';

/**
 * The drift join at scale: a state of 20,000 resources (buckets with their encryption
 * configurations, security groups, instances) read and mapped, then joined to a live inventory
 * of 20,000 resources (every tenth changed out of band, a thousand of them unmanaged, a thousand
 * of the state's gone) and the drift section built. Target: the join and the section under 2 s.
 */

export const DRIFT_TARGET_MS = 2_000;
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

export interface DriftFigures {
  resources: number;
  stateBytes: number;
  readMs: number;
  joinMs: number;
  reportMs: number;
  drifted: number;
  unmanaged: number;
  gone: number;
}

function syntheticState(count: number): string {
  const resources: object[] = [];
  const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
  // `count` model resources: the encryption configurations fold into their buckets.
  const third = Math.floor(count / 3);
  const bucket = (i: number) => `bench-bucket-${i}`;
  resources.push({
    mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider,
    instances: Array.from({ length: third }, (_, i) => ({ index_key: i, schema_version: 0, attributes: { id: bucket(i), arn: `arn:aws:s3:::${bucket(i)}`, bucket: bucket(i), region: REGION, versioning: [{ enabled: true, mfa_delete: false }], tags: { team: 'bench' } }, sensitive_attributes: [] })),
  });
  resources.push({
    mode: 'managed', type: 'aws_s3_bucket_server_side_encryption_configuration', name: 'b', provider,
    instances: Array.from({ length: third }, (_, i) => ({ index_key: i, schema_version: 0, attributes: { id: bucket(i), bucket: bucket(i), rule: [{ bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k` }] }] }, dependencies: ['aws_s3_bucket.b'] })),
  });
  resources.push({
    mode: 'managed', type: 'aws_security_group', name: 'g', provider,
    instances: Array.from({ length: third }, (_, i) => ({ index_key: i, schema_version: 1, attributes: { id: `sg-${i}`, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-${i}`, name: `group-${i}`, vpc_id: 'vpc-1', description: 'bench', ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' }], egress: [] } })),
  });
  resources.push({
    mode: 'managed', type: 'aws_instance', name: 'i', provider,
    instances: Array.from({ length: count - 2 * third }, (_, i) => ({ index_key: i, schema_version: 1, attributes: { id: `i-${i}`, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-${i}`, ami: 'ami-1', instance_type: 't3.micro', associate_public_ip_address: false, metadata_options: [{ http_tokens: 'required' }], root_block_device: [{ encrypted: true, volume_id: `vol-${i}` }], ebs_block_device: [] } })),
  });
  return JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'bench', outputs: {}, resources });
}

/** The live side: each state resource's live twin from the same mapping, some changed, some gone, some extra. */
function liveTwins(states: Resource[], unmanaged: number): Resource[] {
  const live: Resource[] = [];
  const calls = [{ service: 'bench', operation: 'List', at: new Date(0).toISOString() }];
  states.forEach((state, i) => {
    if (i % 20 === 19) return; // gone
    const p = state.provenance as { arn?: string };
    const attributes = structuredClone(state.attributes);
    if (i % 10 === 3 && state.kind === 'aws.s3.bucket') (attributes.encryption as Record<string, unknown>).sse_algorithm = 'AES256';
    if (i % 10 === 3 && state.kind === 'aws.ec2.security_group') attributes.ingress = [];
    live.push({ kind: state.kind, id: p.arn!, name: state.name, attributes, provenance: { source: 'aws', account: ACCOUNT, region: REGION, arn: p.arn!, calls } });
  });
  for (let i = 0; i < unmanaged; i++) {
    const arn = `arn:aws:s3:::by-hand-${i}`;
    live.push({ kind: 'aws.s3.bucket', id: arn, name: `by-hand-${i}`, attributes: { name: `by-hand-${i}`, region: REGION }, provenance: { source: 'aws', account: ACCOUNT, region: REGION, arn, calls } });
  }
  return live;
}

export function benchDrift(count = 20_000): DriftFigures {
  const text = syntheticState(count);
  const readStart = performance.now();
  const mapped = stateResources(parseState(text).instances, 'bench.tfstate', undefined);
  const readMs = performance.now() - readStart;
  const states = mapped.resources;
  const live = liveTwins(states, Math.floor(count / 20)).slice(0, count);
  const joinStart = performance.now();
  const join = joinLive(states, live, { accounts: [ACCOUNT], regions: [REGION], gaps: [] }, STATE_KINDS);
  const joinMs = performance.now() - joinStart;
  const reportStart = performance.now();
  const report = driftReport({ states: [{ state: 'bench.tfstate', resources: states }], code: new Map(), live: join, verdicts: new Map() as Verdicts, rules: [] });
  const reportMs = performance.now() - reportStart;
  return {
    resources: states.length,
    stateBytes: text.length,
    readMs: Math.round(readMs),
    joinMs: Math.round(joinMs),
    reportMs: Math.round(reportMs),
    drifted: report.summary.drifted,
    unmanaged: report.summary.unmanaged,
    gone: report.summary.gone,
  };
}

export function formatDriftFigures(f: DriftFigures): string[] {
  const total = f.joinMs + f.reportMs;
  return [
    `drift: state of ${f.resources.toLocaleString('en-US')} resources (${(f.stateBytes / 1048576).toFixed(1)} MB) read and mapped in ${f.readMs} ms`,
    `drift: joined to ${f.resources.toLocaleString('en-US')} live resources in ${f.joinMs} ms, drift section in ${f.reportMs} ms (${f.drifted} drifted, ${f.unmanaged} unmanaged, ${f.gone} gone): ${total} ms; target ${DRIFT_TARGET_MS} ms, ${total < DRIFT_TARGET_MS ? 'ok' : 'MISSED'}`,
  ];
}
