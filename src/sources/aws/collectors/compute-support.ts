/** Readers shared by the compute, container and analytics collectors. */

/**
 * Whether a KMS key a resource names is the customer's: named at all (services leave it out when
 * they use their AWS-managed key) and not an alias under alias/aws/.
 */
export function isCustomerKeyId(keyId: string | undefined | null): boolean {
  if (!keyId) return false;
  return !/(^|:)alias\/aws\//.test(keyId);
}
