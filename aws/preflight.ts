/**
 * One preflight for every command that touches an account (deploy, diff, destroy, output, verify,
 * cleanup), before anything else runs: there are credentials, they are for the configured account
 * (not the documented example one) and work in the configured region, and, for a command that
 * applies where evidence is protected, the caller is one of the break-glass principals. A
 * principal outside that list would be stopped halfway through an apply by the very denies it is
 * applying, and KMS's policy lockout check would refuse the keys: so it is refused here, exit 2.
 */
import { protectsEvidence } from "../config/evidence";
import { GetRoleCommand, type GetRoleCommandOutput } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from "@aws-sdk/client-sts";
import type { EnvironmentConfig } from "../config/types";
import { CannotRun, errorOf, isNoCredentials, noCredentials, type Api, type Sender } from "./api";
import { requireRealAccount } from "./real-account";

export interface PreflightClients {
  readonly sts: Sender;
  readonly iam: Sender;
}

export interface PreflightOptions {
  /** Completes "refusing to ... another account": what the command would do. */
  readonly action: string;
  /** The command changes the environment (deploy, diff's plan, destroy): the break-glass check applies. */
  readonly applies: boolean;
}

export interface Caller {
  readonly account: string;
  /** What STS says: for a role session, the assumed-role ARN (no path). */
  readonly arn: string;
  /** What IAM policies see as aws:PrincipalArn: for a role session, the role's ARN with its path (resolved only where the break-glass check needs it). */
  readonly principalArn: string;
}


/**
 * The account a command touches, as the preflight needs it: an environment's, or one of an
 * organization's (lifecycle/organization-account.ts).
 */
export interface AccountSubject {
  /** Who the account is in messages: "dev", "organization (log-archive account)". */
  readonly label: string;
  readonly accountId: string;
  readonly region: string;
  /** Completes "the credentials are for account X, but ...": where the account is configured. */
  readonly configured: string;
  /** Where the account applies explicit denies: only these principals may apply there. */
  readonly breakGlass?: {
    readonly principalArns: readonly string[];
    /** Why, with the setting that lists them: the first line of the refusal. */
    readonly why: string;
  };
}

/** An environment as the preflight sees it. */
export function environmentSubject(config: EnvironmentConfig): AccountSubject {
  const env = config.environment;
  return {
    label: env,
    accountId: config.accountId,
    region: config.region,
    configured: `${env} is configured for ${config.accountId}`,
    ...(protectsEvidence(config)
      ? {
          breakGlass: {
            principalArns: config.audit.breakGlassPrincipalArns,
            why:
              `${env} keeps its audit evidence, and the explicit denies on its log buckets, keys and alarm topic stop everyone but the break-glass principals ` +
              `(audit.breakGlassPrincipalArns of ${env}); an apply by anyone else would fail halfway and leave a foundation it cannot finish.`,
          },
        }
      : {}),
  };
}

export async function preflight(api: Api<PreflightClients>, config: EnvironmentConfig, options: PreflightOptions): Promise<Caller> {
  requireRealAccount(config);
  return preflightAccount(api, environmentSubject(config), options);
}

/** The preflight of one account: the caller is of that account and, where it applies denies and the command applies, break-glass. */
export async function preflightAccount(api: Api<PreflightClients>, subject: AccountSubject, options: PreflightOptions): Promise<Caller> {
  const identity = await callerIdentity(api, subject.region);
  const account = identity.Account ?? "";
  const arn = identity.Arn ?? "";
  if (account !== subject.accountId) {
    throw new CannotRun(
      `${subject.label}: the credentials are for account ${account} (${arn}), but ${subject.configured}; ` +
        `refusing to ${options.action} another account (sign in to the configured one)`,
    );
  }
  if (!options.applies || subject.breakGlass === undefined) return { account, arn, principalArn: arn };
  const principalArn = await principalOf(api, arn);
  if (!subject.breakGlass.principalArns.includes(principalArn)) throw new CannotRun(notBreakGlass(subject.breakGlass, arn, principalArn));
  return { account, arn, principalArn };
}

async function callerIdentity(api: Api<PreflightClients>, region: string): Promise<GetCallerIdentityCommandOutput> {
  try {
    return await api.send<GetCallerIdentityCommandOutput>(api.clients.sts, new GetCallerIdentityCommand({}));
  } catch (error) {
    // The deploy role could not be assumed (aws/deploy-role.ts): that message says it all.
    if (error instanceof CannotRun) throw error;
    const { name, message } = errorOf(error);
    if (isNoCredentials(name, message)) throw new CannotRun(noCredentials(message));
    if (["InvalidClientTokenId", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch"].includes(name)) {
      throw new CannotRun(
        `STS in ${region} rejected the credentials (${name}: ${message}): they have expired or are invalid (sign in again, e.g. aws sso login), ` +
          `or ${region} is an opt-in region that is not enabled for the account (enable it, or configure another region)`,
      );
    }
    throw new CannotRun(`could not call sts:GetCallerIdentity in ${region}: ${name}: ${message}`);
  }
}

/**
 * The caller as IAM policies see it (aws:PrincipalArn): an assumed-role session is its role's ARN
 * with the role's path, which only IAM knows (IAM Identity Center roles live under
 * /aws-reserved/sso.amazonaws.com/<region>/); users and root are their own ARN.
 */
async function principalOf(api: Api<PreflightClients>, arn: string): Promise<string> {
  const session = /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\//.exec(arn);
  if (!session) return arn;
  const roleName = session[1];
  try {
    const role = await api.send<GetRoleCommandOutput>(api.clients.iam, new GetRoleCommand({ RoleName: roleName }));
    return role.Role?.Arn ?? arn;
  } catch (error) {
    const { name, message } = errorOf(error);
    throw new CannotRun(
      `could not resolve the role behind ${arn} to its ARN with its path (iam:GetRole ${roleName}: ${name}: ${message}); ` +
        "the break-glass check compares that ARN, as aws:PrincipalArn carries it: allow the caller iam:GetRole on its own role",
    );
  }
}

function notBreakGlass(breakGlass: NonNullable<AccountSubject["breakGlass"]>, arn: string, principalArn: string): string {
  const list = breakGlass.principalArns;
  // The same role (names are unique in an account, whatever the path) written with another path.
  const role = /^(arn:aws:iam::\d{12}:role\/)(?:.*\/)?([^/]+)$/.exec(principalArn);
  const samePathless = role ? list.find((p) => p.startsWith(role[1]) && p.split("/").pop() === role[2]) : undefined;
  return [
    breakGlass.why,
    `  you are:     ${principalArn}${principalArn !== arn ? ` (signed in as ${arn})` : ""}`,
    `  break-glass: ${list.join(", ")}`,
    ...(samePathless ? [`  ${samePathless} names the same role with another path: aws:PrincipalArn carries ${principalArn}`] : []),
    "Sign in as one of them, or have one of them add your ARN to the list and apply that first (docs/break-glass.md).",
  ].join("\n");
}
