/**
 * The identity side of a mocked AWS account, for the preflight: who the credentials are (STS), and
 * the account's IAM roles with their paths. It answers as AWS does: GetCallerIdentity with the
 * signed-in session, GetRole only for a role that exists under the name sent (NoSuchEntity
 * otherwise, and AccessDenied where the caller may not read roles), and no credentials at all
 * as the SDK's credential chain reports it.
 */
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";

export interface FakeIdentity {
  /** The signed-in caller: an assumed-role session, a user or root; undefined: no credentials. */
  caller?: { readonly account: string; readonly arn: string };
  /** Roles of the caller's account by name, with their ARN (path included). */
  roles: Record<string, string>;
  /** iam:GetRole is denied to the caller. */
  getRoleDenied?: boolean;
  /** STS rejects the credentials with this error name (an expired token, a disabled opt-in region). */
  rejectedWith?: string;
}

export function mockIdentity(world: FakeIdentity): { sts: STSClient; iam: IAMClient; stsMock: ReturnType<typeof mockClient>; iamMock: ReturnType<typeof mockClient> } {
  const sts = new STSClient({ region: "us-east-1" });
  const iam = new IAMClient({ region: "us-east-1" });
  const stsMock = mockClient(sts);
  const iamMock = mockClient(iam);
  stsMock.on(GetCallerIdentityCommand).callsFake(() => {
    if (world.rejectedWith) {
      throw new STSServiceException({ name: world.rejectedWith, $fault: "client", $metadata: { httpStatusCode: 403 }, message: "The security token included in the request is invalid." });
    }
    if (!world.caller) {
      throw Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
    }
    return { Account: world.caller.account, Arn: world.caller.arn, UserId: "AROAEXAMPLEID:session" };
  });
  iamMock.on(GetRoleCommand).callsFake((input: { RoleName: string }) => {
    if (world.getRoleDenied) {
      throw Object.assign(new Error(`User: ${world.caller?.arn} is not authorized to perform: iam:GetRole on resource: role ${input.RoleName}`), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      });
    }
    const arn = world.roles[input.RoleName];
    if (!arn) throw new NoSuchEntityException({ $metadata: { httpStatusCode: 404 }, message: `The role with name ${input.RoleName} cannot be found.` });
    return { Role: { RoleName: input.RoleName, Arn: arn, Path: arn.slice(arn.indexOf(":role") + 5, arn.lastIndexOf("/") + 1), RoleId: "AROAEXAMPLEID", CreateDate: new Date(0), AssumeRolePolicyDocument: "{}" } };
  });
  return { sts, iam, stsMock, iamMock };
}
