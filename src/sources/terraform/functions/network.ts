import ipaddr from 'ipaddr.js';
import type { Value } from '../../../model/value.js';
import { asInteger, asString, define, type Impl } from './support.js';
import { FunctionError, type TerraformFunction } from './types.js';

/**
 * cidrhost, cidrnetmask, cidrsubnet and cidrsubnets for IPv4 and IPv6. Addresses are BigInts so
 * the arithmetic is the same for 32 and 128 bits; messages follow Terraform's (go-cidr's).
 */

interface Network {
  bits: 32 | 128;
  /** The network address: the given address with its host bits cleared, as Go's ParseCIDR returns. */
  address: bigint;
  prefix: number;
}

// Terraform's parser (an old copy of Go's) reads IPv4 octets with leading zeros as decimal.
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseAddress(text: string): { bits: 32 | 128; address: bigint } | undefined {
  const v4 = IPV4.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((octet) => octet > 255)) return undefined;
    return { bits: 32, address: octets.reduce((n, octet) => (n << 8n) | BigInt(octet), 0n) };
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const parts = ipaddr.IPv6.parse(text).parts;
  return { bits: 128, address: parts.reduce((n, part) => (n << 16n) | BigInt(part), 0n) };
}

function parseNetwork(text: string): Network {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const parsed = match ? parseAddress(match[1]!) : undefined;
  const prefix = Number(match?.[2]);
  if (!parsed || prefix > parsed.bits) throw new FunctionError(`invalid CIDR address: ${text}`);
  const hostBits = BigInt(parsed.bits - prefix);
  return { bits: parsed.bits, prefix, address: (parsed.address >> hostBits) << hostBits };
}

function formatAddress(bits: 32 | 128, address: bigint): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  const parts = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

const formatNetwork = (network: Network) => `${formatAddress(network.bits, network.address)}/${network.prefix}`;

/** The last address of the network (all host bits set). */
const lastAddress = (network: Network) => network.address | ((1n << BigInt(network.bits - network.prefix)) - 1n);

/** cidrhost: a negative host number counts back from the end of the range (-1 is the last). */
const cidrhost: Impl = ([prefixValue, hostnumValue]) => {
  const network = parseNetwork(asString(prefixValue!, 'prefix'));
  const hostnum = asInteger(hostnumValue!, 'hostnum');
  const max = lastAddress(network) - network.address;
  const fromEnd = hostnum < 0 ? BigInt(-hostnum) - 1n : undefined;
  if ((fromEnd ?? BigInt(hostnum)) > max) {
    throw new FunctionError(`prefix of ${network.prefix} does not accommodate a host numbered ${hostnum}`);
  }
  return formatAddress(network.bits, network.address + (fromEnd === undefined ? BigInt(hostnum) : max - fromEnd));
};

const cidrnetmask: Impl = ([prefixValue]) => {
  const text = asString(prefixValue!, 'prefix');
  const network = parseNetwork(text);
  if (network.bits !== 32) throw new FunctionError(`IPv6 addresses cannot have a netmask: ${text}`);
  return formatAddress(32, ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - network.prefix)) - 1n));
};

function checkNewbits(network: Network, newbits: number): number {
  if (newbits < 0) throw new FunctionError('newbits must not be negative');
  // Terraform keeps this limit from 32-bit platforms; it only matters for IPv6.
  if (newbits > 32) throw new FunctionError('may not extend prefix by more than 32 bits');
  return network.prefix + newbits;
}

const cidrsubnet: Impl = ([prefixValue, newbitsValue, netnumValue]) => {
  const network = parseNetwork(asString(prefixValue!, 'prefix'));
  const newbits = asInteger(newbitsValue!, 'newbits');
  const netnum = asInteger(netnumValue!, 'netnum');
  const length = checkNewbits(network, newbits);
  if (length > network.bits) {
    throw new FunctionError(`insufficient address space to extend prefix of ${network.prefix} by ${newbits}`);
  }
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) {
    throw new FunctionError(`prefix extension of ${newbits} does not accommodate a subnet numbered ${netnum}`);
  }
  const address = network.address | (BigInt(netnum) << BigInt(network.bits - length));
  return formatNetwork({ bits: network.bits, prefix: length, address });
}

/**
 * cidrsubnets: consecutive subnets, each aligned to its own size, so
 * cidrsubnets("10.0.0.0/16", 8, 4) skips ahead to the next /20 boundary for the second one.
 * This is go-cidr's NextSubnet applied from the subnet just before the first.
 */
const cidrsubnets: Impl = ([prefixValue, ...newbitsValues]) => {
  const network = parseNetwork(asString(prefixValue!, 'prefix'));
  if (newbitsValues.length === 0) return [];
  const size = 1n << BigInt(network.bits);
  const protocol = network.bits === 32 ? 'IPv4' : 'IPv6';
  const networkEnd = lastAddress(network);
  const firstLength = network.prefix + asInteger(newbitsValues[0]!, 'newbits');
  // The subnet of the first size that ends right before the network begins.
  let current: Network = subnetContaining(network.bits, (network.address - 1n + size) % size, Math.min(firstLength, network.bits));
  const out: Value[] = [];
  for (const [i, value] of newbitsValues.entries()) {
    const newbits = asInteger(value, `newbits ${i + 1}`);
    if (newbits < 1) throw new FunctionError('must extend prefix by at least one bit');
    const length = checkNewbits(network, newbits);
    if (length > network.bits) {
      throw new FunctionError(`would extend prefix to ${length} bits, which is too long for an ${protocol} address`);
    }
    const enclosing = subnetContaining(network.bits, lastAddress(current), length);
    const nextStart = lastAddress(enclosing) + 1n;
    if (nextStart === size || nextStart < network.address || nextStart > networkEnd) {
      throw new FunctionError(
        `not enough remaining address space for a subnet with a prefix of ${length} bits after ${formatNetwork(current)}`,
      );
    }
    current = { bits: network.bits, prefix: length, address: nextStart };
    out.push(formatNetwork(current));
  }
  return out;
};

function subnetContaining(bits: 32 | 128, address: bigint, prefix: number): Network {
  const hostBits = BigInt(bits - prefix);
  return { bits, prefix, address: (address >> hostBits) << hostBits };
}

export const NETWORK_FUNCTIONS: Record<string, TerraformFunction> = {
  cidrhost: define({ params: ['prefix', 'hostnum'] }, cidrhost),
  cidrnetmask: define({ params: ['prefix'] }, cidrnetmask),
  cidrsubnet: define({ params: ['prefix', 'newbits', 'netnum'] }, cidrsubnet),
  cidrsubnets: define({ params: ['prefix'], variadic: 'newbits' }, cidrsubnets),
};
