import { createHash, createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * The seal: a manifest beside a report's outputs naming each file with its SHA-256, the evidence
 * snapshot's, and the rule set's hash, signed with the user's key (Ed25519, or the RSA or EC key
 * of an X.509 certificate) or, without a key, a hash-only manifest. Anyone can then check that
 * no output and no evidence was edited after the scan. Pure: the CLI reads and writes the files.
 */

export const SEAL_FORMAT = 'vigil-seal';
export const SEAL_VERSION = 1;

export type SealedRole = 'report' | 'snapshot' | 'input';

export interface SealedFile {
  /** Relative to the manifest's folder, with `/` separators. */
  path: string;
  role: SealedRole;
  /** The output format, for reports. */
  format?: string;
  sha256: string;
  bytes: number;
}

export interface SealSignature {
  /** ed25519, or rsa-sha256 / ecdsa-sha256 for RSA and EC keys. */
  algorithm: 'ed25519' | 'rsa-sha256' | 'ecdsa-sha256';
  /** The public key (SPKI PEM) the signature verifies with. */
  publicKey: string;
  /** SHA-256 of the public key's DER: what to compare with the key you trust. */
  keyId: string;
  /** The X.509 certificate of the key, when one was given. */
  certificate?: string;
  /** Base64 signature over the manifest's JSON text without this field. */
  value: string;
}

export interface SealManifest {
  format: typeof SEAL_FORMAT;
  version: number;
  createdAt: string;
  tool: { name: 'vigil'; version: string };
  title?: string;
  /** SHA-256 over the rule and framework files, and over them with the configuration's overrides. */
  ruleSet: { sha256: string; effectiveSha256?: string };
  files: SealedFile[];
  signature?: SealSignature;
}

export class SealError extends Error {}

export const sha256Of = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** The text that is signed: the manifest without its signature, as written. */
function signedText(manifest: Omit<SealManifest, 'signature'>): string {
  return JSON.stringify(manifest);
}

function algorithmOf(key: KeyObject): SealSignature['algorithm'] {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return 'ed25519';
    case 'rsa':
    case 'rsa-pss':
      return 'rsa-sha256';
    case 'ec':
      return 'ecdsa-sha256';
    default:
      throw new SealError(`a ${key.asymmetricKeyType ?? 'symmetric'} key cannot sign a seal: use an Ed25519, RSA or EC private key`);
  }
}

const digestOf = (algorithm: SealSignature['algorithm']): string | null => (algorithm === 'ed25519' ? null : 'sha256');

const keyIdOf = (publicKey: KeyObject): string => sha256Of(publicKey.export({ type: 'spki', format: 'der' }));

/** The manifest, signed with `privateKey` when one is given (with its certificate, if any). */
export function buildManifest(
  body: Omit<SealManifest, 'format' | 'version' | 'signature'>,
  key?: { privateKey: KeyObject; certificate?: string },
): SealManifest {
  const unsigned: Omit<SealManifest, 'signature'> = { format: SEAL_FORMAT, version: SEAL_VERSION, ...body };
  if (!key) return unsigned;
  const algorithm = algorithmOf(key.privateKey);
  const publicKey = createPublicKey(key.privateKey);
  if (key.certificate !== undefined) {
    const certificate = new X509Certificate(key.certificate);
    if (!certificate.checkPrivateKey(key.privateKey)) throw new SealError('the certificate is not the private key\'s: give the certificate issued for that key');
  }
  const value = sign(digestOf(algorithm), Buffer.from(signedText(unsigned), 'utf8'), key.privateKey).toString('base64');
  return {
    ...unsigned,
    signature: {
      algorithm,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      keyId: keyIdOf(publicKey),
      ...(key.certificate !== undefined ? { certificate: key.certificate } : {}),
      value,
    },
  };
}

export function serializeManifest(manifest: SealManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Reads a manifest's text; a SealError names what is wrong with it. */
export function parseManifest(text: string): SealManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SealError(`not JSON: ${(error as Error).message}`);
  }
  const m = value as Partial<SealManifest>;
  if (!m || typeof m !== 'object' || m.format !== SEAL_FORMAT) throw new SealError('not a Vigil seal manifest (write one with --seal)');
  if (m.version !== SEAL_VERSION) throw new SealError(`seal version ${String(m.version)} is not supported; this Vigil reads version ${SEAL_VERSION}`);
  if (!Array.isArray(m.files) || m.files.some((f) => !f || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256))) {
    throw new SealError('its files list is malformed: each needs a path and a sha256');
  }
  if (!m.ruleSet || typeof m.ruleSet.sha256 !== 'string') throw new SealError('it has no ruleSet.sha256');
  return m as SealManifest;
}

/** A public key from PEM text: a public key, a certificate, or a private key (its public half). */
export function publicKeyFrom(pem: string): KeyObject {
  if (pem.includes('BEGIN CERTIFICATE')) return new X509Certificate(pem).publicKey;
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new SealError(`not a public key, certificate or private key in PEM: ${(error as Error).message}`);
  }
}

export type SignatureCheck =
  | { state: 'unsigned' }
  | { state: 'valid'; keyId: string; trusted: boolean; subject?: string }
  | { state: 'invalid'; reason: string };

/**
 * Checks the signature over the manifest as read. With `trusted`, the signature must verify with
 * that key (or certificate); without it, with the key the manifest carries, which proves only
 * that nothing changed since someone holding that key signed it.
 */
export function checkSignature(manifest: SealManifest, trusted?: KeyObject): SignatureCheck {
  const { signature, ...unsigned } = manifest;
  if (!signature) return trusted ? { state: 'invalid', reason: 'the manifest is not signed, but a key to check it with was given' } : { state: 'unsigned' };
  let embedded: KeyObject;
  try {
    embedded = signature.certificate ? new X509Certificate(signature.certificate).publicKey : createPublicKey(signature.publicKey);
  } catch (error) {
    return { state: 'invalid', reason: `the manifest's public key cannot be read: ${(error as Error).message}` };
  }
  const key = trusted ?? embedded;
  if (trusted && keyIdOf(trusted) !== keyIdOf(embedded)) {
    return { state: 'invalid', reason: `it was signed with another key (key ${keyIdOf(embedded).slice(0, 16)}…, not the given ${keyIdOf(trusted).slice(0, 16)}…)` };
  }
  let ok = false;
  try {
    ok = verify(digestOf(signature.algorithm), Buffer.from(signedText(unsigned), 'utf8'), key, Buffer.from(signature.value, 'base64'));
  } catch (error) {
    return { state: 'invalid', reason: `the signature cannot be checked: ${(error as Error).message}` };
  }
  if (!ok) return { state: 'invalid', reason: 'the signature does not match the manifest: it was changed after it was signed' };
  const subject = signature.certificate ? new X509Certificate(signature.certificate).subject.replace(/\n/g, ', ') : undefined;
  return { state: 'valid', keyId: keyIdOf(key), trusted: trusted !== undefined, ...(subject ? { subject } : {}) };
}
