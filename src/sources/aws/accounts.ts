import { ListAccountsCommand, type ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import { AwsOptionsError } from './errors.js';
import { unknownFrom, type AccountSession } from './session.js';

/** The accounts of the organization, from the management account or a delegated administrator. */
export async function organizationAccounts(session: AccountSession, region: string): Promise<string[]> {
  const answer = await session.paginate<ListAccountsCommandOutput>('organizations', region, (NextToken) => new ListAccountsCommand({ NextToken }), (p) => p.NextToken);
  if (!answer.ok) throw new AwsOptionsError(`--organization needs Organizations ListAccounts from the management or a delegated administrator account: ${unknownFrom(answer).reason}`);
  const accounts = answer.pages.flatMap((p) => p.Accounts ?? []);
  // Suspended and closing accounts cannot be assumed into; only active ones are scanned.
  const active = accounts.filter((a) => (a.State ?? a.Status) === 'ACTIVE' && a.Id).map((a) => a.Id!).sort();
  if (active.length === 0) throw new AwsOptionsError(`--organization: ListAccounts named ${accounts.length} account(s) and none is ACTIVE, so there is nothing to scan`);
  return active;
}

export function validateAccountIds(ids: string[]): string[] {
  for (const id of ids) if (!/^\d{12}$/.test(id)) throw new AwsOptionsError(`--accounts: "${id}" is not a 12-digit AWS account ID`);
  return [...new Set(ids)];
}
