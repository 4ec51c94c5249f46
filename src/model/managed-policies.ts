/**
 * AWS-managed policies whose documents Vigil knows without reading them: attaching one of these
 * is judged like any policy document. AdministratorAccess allows every action on every resource.
 */

export const ADMINISTRATOR_ACCESS = {
  name: 'AdministratorAccess',
  document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
} as const;

/** `arn:aws:iam::aws:policy/AdministratorAccess`, in any partition. */
export function isAdministratorAccessArn(arn: unknown): boolean {
  return typeof arn === 'string' && /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/.test(arn);
}
