/**
 * What a lifecycle command asks the account before Terraform starts: the preflight (who is
 * calling, aws/preflight.ts) and whether the environment's state bucket exists. Loaded only by the
 * commands that touch an account, never by `npm run synth`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeClusterCommand, EKSClient, type DescribeClusterCommandOutput } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import type { EnvironmentConfig } from "../config/types";
import { Api, CannotRun, clientConfig, errorOf, type Credentials, type Sender } from "../aws/api";
import { preflight } from "../aws/preflight";
import type { Facts } from "./steps";

export interface LifecycleClients {
  readonly sts: Sender;
  readonly iam: Sender;
  readonly s3: Sender;
  readonly eks: Sender;
}

export function createLifecycleClients(region: string, credentials?: Credentials): LifecycleClients {
  const config = clientConfig(region, credentials);
  // IAM is global: its endpoint is in us-east-1.
  return { sts: new STSClient(config), iam: new IAMClient({ ...config, region: "us-east-1" }), s3: new S3Client(config), eks: new EKSClient(config) };
}

/**
 * The preflight, then the facts the steps depend on. `applies`: the command changes the
 * environment, so where evidence is protected only a break-glass principal may run it. `creates`:
 * it plans or applies the stacks as configured (diff, deploy), so what they build on must exist.
 */
export async function checkAccount(api: Api<LifecycleClients>, config: EnvironmentConfig, applies: boolean, root: string, creates = applies): Promise<Facts> {
  const caller = await preflight(api, config, { action: applies ? "change" : "read", applies });
  if (creates) await requireCluster(api, config);
  return { stateBucketExists: await bucketExists(api, config.names.stateBucket, caller.account), localState: hasLocalState(root, config.names.stateStack) };
}

/**
 * The cluster the stack associates its pod roles in, or installs the agent's add-on in, must
 * exist and be active: Terraform's plan does not look, and its apply would stop halfway with the
 * roles made and the associations refused.
 */
async function requireCluster(api: Api<LifecycleClients>, config: EnvironmentConfig): Promise<void> {
  const { clusterName, podRoles, manageAgentAddon } = config.eks;
  if (clusterName === undefined || !(manageAgentAddon || podRoles.some((r) => r.trust !== "irsa"))) return;
  const where = `account ${config.accountId}, ${config.region}`;
  let status: string | undefined;
  try {
    status = (await api.send<DescribeClusterCommandOutput>(api.clients.eks, new DescribeClusterCommand({ name: clusterName }))).cluster?.status;
  } catch (error) {
    const { name, message } = errorOf(error);
    if (name === "ResourceNotFoundException") {
      throw new CannotRun(
        `eks.clusterName of ${config.environment} names ${clusterName}, which is not an EKS cluster of ${where}: the stack associates its pod roles there. ` +
          "Create the cluster first, or leave eks.clusterName unset until it exists (docs/pod-identity.md)",
      );
    }
    throw new CannotRun(`could not check the EKS cluster ${clusterName} (${where}): ${name}: ${message}`);
  }
  if (status !== "ACTIVE") throw new CannotRun(`the EKS cluster ${clusterName} (${where}) is ${status}; the stack's Pod Identity associations need it ACTIVE: run again once it is`);
}

/** What S3 answers a HEAD of a bucket or key that is not there (a HEAD has no body to name it, only 404). */
export function isS3NotFound(error: unknown): boolean {
  const { name } = errorOf(error);
  return ["NotFound", "NoSuchBucket", "NoSuchKey"].includes(name) || httpStatusOf(error) === 404;
}

const httpStatusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * HeadBucket with the expected owner: a bucket of that name in another account is not ours.
 * `rename` says how the name can be changed, should another account hold it.
 */
export async function bucketExists(api: Api<LifecycleClients>, bucket: string, account: string, rename = "set names.stateBucket"): Promise<boolean> {
  try {
    await api.send(api.clients.s3, new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account }));
    return true;
  } catch (error) {
    if (isS3NotFound(error)) return false;
    const { name, message } = errorOf(error);
    if (httpStatusOf(error) === 403) {
      throw new CannotRun(
        `the state bucket ${bucket} exists but is not account ${account}'s, or the caller may not read it (HeadBucket: 403); ` +
          `S3 bucket names are global: if another account holds the name, ${rename}`,
      );
    }
    throw new CannotRun(`could not check the state bucket ${bucket}: ${name}: ${message}`);
  }
}

/** The bootstrap stack's local state is here and records at least one resource (a destroyed one records none). */
export function hasLocalState(root: string, stateStack: string): boolean {
  const file = join(root, `terraform.${stateStack}.tfstate`);
  if (!existsSync(file)) return false;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as { resources?: unknown[] };
    return Array.isArray(state.resources) && state.resources.length > 0;
  } catch {
    throw new CannotRun(`${file} is not a Terraform state file; move it aside or restore it from a backup`);
  }
}
