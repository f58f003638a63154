/**
 * The credentials every command uses for an environment with a deploy role: the role assumed
 * (STS AssumeRole) from the caller's own credentials, as Terraform's provider and backend assume
 * it. Without a deploy role, undefined: the SDK's default chain, the caller's own credentials.
 * Loaded only by the commands that talk to AWS.
 */
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { DeployRole } from "../config/types";
import { CannotRun, clientConfig, errorOf, isNoCredentials, noCredentials } from "./api";

/** Credentials are renewed this long before they expire, so a long wait (CloudFront, an endpoint) never runs on expired ones. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Who assumes a deploy role: an environment (its `deployRole`), or an account of the organization (`setting` names where its role is configured). */
export interface RoleHolder {
  readonly environment: string;
  readonly region: string;
  readonly deployRole?: DeployRole;
  /** The setting as written; default `deployRole`. */
  readonly setting?: string;
}

export function deployRoleCredentials(config: RoleHolder, now: () => Date = () => new Date()): AwsCredentialIdentityProvider | undefined {
  const role = config.deployRole;
  if (role === undefined) return undefined;
  // The caller's own credentials (the default chain) ask STS for the role's.
  const sts = new STSClient(clientConfig(config.region));
  let current: AwsCredentialIdentity | undefined;
  return async () => {
    if (current?.expiration !== undefined && current.expiration.getTime() - RENEW_BEFORE_MS > now().getTime()) return current;
    try {
      const { Credentials: c } = await sts.send(
        new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: role.sessionName, ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}) }),
      );
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("STS answered without credentials");
      current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      return current;
    } catch (error) {
      const { name, message } = errorOf(error);
      const setting = config.setting ?? "deployRole";
      // Nothing to assume the role with: say so, not that the role refused.
      if (isNoCredentials(name, message)) throw new CannotRun(`${config.environment}: ${noCredentials(message)}; they are needed to assume the deploy role ${role.arn} (${setting} in cdktf.json)`);
      throw new CannotRun(
        `${config.environment}: could not assume its deploy role ${role.arn} (${setting} in cdktf.json) from your credentials: ${name}: ${message}. ` +
          `Its trust policy must allow your principal sts:AssumeRole${role.externalId !== undefined ? " with the configured external id" : ""}, and your credentials must allow it too`,
      );
    }
  };
}
