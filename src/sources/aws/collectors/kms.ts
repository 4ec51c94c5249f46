import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  type DescribeKeyCommandOutput,
  type GetKeyRotationStatusCommandOutput,
  type ListKeysCommandOutput,
  type ListResourceTagsCommandOutput,
} from '@aws-sdk/client-kms';
import type { Value } from '../../../model/value.js';
import { mapBounded } from '../limiter.js';
import { unknownFrom } from '../session.js';
import { arn, awsResource, evidenceOf, listingFailed, tagsOf, valueOf, type Collector } from './support.js';

/**
 * KMS keys. A key policy may exclude the auditor (AccessDeniedException on DescribeKey): the key is
 * still listed, with what could not be read unknown.
 */
export const KMS_COLLECTORS: readonly Collector[] = [
  {
    name: 'kms keys',
    service: 'kms',
    kinds: ['aws.kms.key'],
    scope: 'regional',
    async collect(ctx) {
      const list = await ctx.session.paginate<ListKeysCommandOutput>('kms', ctx.region, (Marker) => new ListKeysCommand({ Limit: 1000, Marker }), (p) => (p.Truncated ? p.NextMarker : undefined));
      if (!list.ok) return listingFailed(ctx, 'KMS keys', list);
      return mapBounded(list.pages.flatMap((p) => p.Keys ?? []), 8, async (k) => {
        const described = await ctx.session.call<DescribeKeyCommandOutput>('kms', ctx.region, new DescribeKeyCommand({ KeyId: k.KeyId }));
        const m = described.ok ? described.value.KeyMetadata : undefined;
        // Rotation exists only for enabled customer keys that are symmetric, encrypt, and are made by KMS itself.
        const rotatable =
          m?.KeyManager === 'CUSTOMER' && m.KeySpec === 'SYMMETRIC_DEFAULT' && m.KeyUsage === 'ENCRYPT_DECRYPT' && m.Origin === 'AWS_KMS' && m.KeyState !== 'PendingDeletion';
        const rotation = rotatable ? await ctx.session.call<GetKeyRotationStatusCommandOutput>('kms', ctx.region, new GetKeyRotationStatusCommand({ KeyId: k.KeyId })) : undefined;
        const tags = m?.KeyManager === 'CUSTOMER' ? await ctx.session.call<ListResourceTagsCommandOutput>('kms', ctx.region, new ListResourceTagsCommand({ KeyId: k.KeyId })) : undefined;
        const meta = (read: () => Value): Value => (described.ok ? read() : unknownFrom(described));
        return awsResource(ctx, 'aws.kms.key', k.KeyArn ?? arn(ctx, 'kms', `key/${k.KeyId}`), k.KeyId ?? '', {
          description: meta(() => m?.Description ?? null),
          key_manager: meta(() => m?.KeyManager ?? null),
          key_spec: meta(() => m?.KeySpec ?? null),
          key_usage: meta(() => m?.KeyUsage ?? null),
          origin: meta(() => m?.Origin ?? null),
          key_state: meta(() => m?.KeyState ?? null),
          rotation_enabled: rotation ? valueOf(rotation, (v) => v.KeyRotationEnabled ?? false) : meta(() => false),
          region: ctx.region,
          tags: tags ? valueOf(tags, (v) => tagsOf((v.Tags ?? []).map((t) => ({ Key: t.TagKey, Value: t.TagValue })))) : {},
        }, evidenceOf(list, described, ...(rotation ? [rotation] : []), ...(tags ? [tags] : [])));
      });
    },
  },
];
