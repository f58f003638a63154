import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeClusterCommand } from "@aws-sdk/client-eks";
import { HeadBucketCommand, S3ServiceException } from "@aws-sdk/client-s3";
import { Api } from "../../aws/api";
import { checkAccount, createLifecycleClients, hasLocalState } from "../../lifecycle/account";
import { ACCOUNT, DEPLOYER, OTHER_ACCOUNT, configFor } from "../helpers";
import { mockBuckets } from "../support/fake-buckets";
import { mockClusters } from "../support/fake-clusters";
import { mockIdentity } from "../support/fake-identity";

const STATE_BUCKET = `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`;
const STATE_FILE = "terraform.mlops-retail-prediction-dev-state.tfstate";

describe("checkAccount: the preflight, then what the account holds", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "lifecycle-account-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const check = async (buckets: Record<string, string>, applies = true) => {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deployer/ci` }, roles: { "terraform-deployer": DEPLOYER } });
    const { s3, s3Mock } = mockBuckets(buckets);
    const outcome = await checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), configFor("dev"), applies, root).catch((e: Error) => e.message);
    return { outcome, heads: s3Mock.commandCalls(HeadBucketCommand).map((c) => c.args[0].input) };
  };

  test("the state bucket of the account, asked with the account as its expected owner", async () => {
    expect(await check({ [STATE_BUCKET]: ACCOUNT })).toEqual({
      outcome: { stateBucketExists: true, localState: false },
      heads: [{ Bucket: STATE_BUCKET, ExpectedBucketOwner: ACCOUNT }],
    });
  });

  test("no such bucket", async () => {
    expect((await check({ "another-bucket": ACCOUNT })).outcome).toEqual({ stateBucketExists: false, localState: false });
  });

  test("the name taken by another account: refused, since S3 names are global", async () => {
    expect((await check({ [STATE_BUCKET]: OTHER_ACCOUNT })).outcome).toBe(
      `the state bucket ${STATE_BUCKET} exists but is not account ${ACCOUNT}'s, or the caller may not read it (HeadBucket: 403); ` +
        "S3 bucket names are global: if another account holds the name, set names.stateBucket",
    );
  });

  test("any other failure is named", async () => {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, roles: {} });
    const { s3, s3Mock } = mockBuckets({});
    s3Mock.on(HeadBucketCommand).rejects(new S3ServiceException({ name: "SlowDown", $fault: "server", $metadata: { httpStatusCode: 503 }, message: "Please reduce your request rate." }));
    const outcome = await checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), configFor("dev"), false, root).catch((e: Error) => e.message);
    expect(outcome).toBe(`could not check the state bucket ${STATE_BUCKET}: SlowDown: Please reduce your request rate.`);
  });

  test("a failure before any answer (the network) is named too", async () => {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, roles: {} });
    const { s3, s3Mock } = mockBuckets({});
    s3Mock.on(HeadBucketCommand).rejects(new Error("connect ECONNREFUSED 127.0.0.1:443"));
    const outcome = await checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), configFor("dev"), false, root).catch((e: Error) => e.message);
    expect(outcome).toBe(`could not check the state bucket ${STATE_BUCKET}: Error: connect ECONNREFUSED 127.0.0.1:443`);
  });

  test.each([
    ["NoSuchBucket", undefined],
    ["NotFound", undefined],
    ["UnknownError", 404],
  ])("a %s answer (status %p) is a missing bucket too", async (name, status) => {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, roles: {} });
    const { s3, s3Mock } = mockBuckets({});
    s3Mock.on(HeadBucketCommand).rejects(new S3ServiceException({ name, $fault: "client", $metadata: status ? { httpStatusCode: status } : {}, message: "The specified bucket does not exist" }));
    expect(await checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), configFor("dev"), false, root)).toEqual({ stateBucketExists: false, localState: false });
  });

  test("the preflight runs first: a refused caller asks S3 nothing", async () => {
    const identity = mockIdentity({ caller: { account: OTHER_ACCOUNT, arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/alice` }, roles: {} });
    const { s3, s3Mock } = mockBuckets({ [STATE_BUCKET]: ACCOUNT });
    await expect(checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), configFor("dev"), true, root)).rejects.toThrow(/refusing to change another account/);
    expect(s3Mock.commandCalls(HeadBucketCommand)).toHaveLength(0);
  });

  test("a read-only command is named as such when refused", async () => {
    const identity = mockIdentity({ caller: { account: OTHER_ACCOUNT, arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/alice` }, roles: {} });
    const { s3 } = mockBuckets({});
    await expect(checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks: mockClusters({}).eks }), configFor("dev"), false, root)).rejects.toThrow(/refusing to read another account/);
  });

  test.each<[string, string | undefined, boolean | string]>([
    ["absent", undefined, false],
    ["with the bucket recorded", JSON.stringify({ version: 4, resources: [{ type: "aws_s3_bucket" }] }), true],
    ["after a destroy (no resources)", JSON.stringify({ version: 4, resources: [] }), false],
    ["without a resources list", JSON.stringify({ version: 4 }), false],
    ["not JSON", "oops", "is not a Terraform state file; move it aside or restore it from a backup"],
  ])("the local state of the state stack: %s", (_name, text, expected) => {
    if (text !== undefined) writeFileSync(join(root, STATE_FILE), text);
    const result = (() => {
      try {
        return hasLocalState(root, "mlops-retail-prediction-dev-state");
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(result).toBe(typeof expected === "string" ? `${join(root, STATE_FILE)} ${expected}` : expected);
  });

  test("the clients: STS and S3 in the region, IAM in us-east-1", async () => {
    const clients = createLifecycleClients("eu-west-1") as unknown as Record<string, { config: { region: () => Promise<string> } }>;
    expect([await clients.sts.config.region(), await clients.s3.config.region(), await clients.iam.config.region()]).toEqual(["eu-west-1", "eu-west-1", "us-east-1"]);
  });
});

describe("checkAccount: the EKS cluster the stack associates its pod roles in", () => {
  const CLUSTER = "mlops-retail-cluster";
  const root = mkdtempSync(join(tmpdir(), "lifecycle-cluster-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const check = async (clusters: Record<string, string>, settings: Record<string, unknown>, creates = true) => {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/terraform-deployer/ci` }, roles: { "terraform-deployer": DEPLOYER } });
    const { s3 } = mockBuckets({ [STATE_BUCKET]: ACCOUNT });
    const { eks, eksMock } = mockClusters(clusters);
    const outcome = await checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks }), configFor("dev", settings), true, root, creates).catch((e: Error) => e.message);
    return { outcome, asked: eksMock.commandCalls(DescribeClusterCommand).map((c) => c.args[0].input) };
  };
  const pods = { eks: { clusterName: CLUSTER } };

  test("an active cluster: asked for by its name, then the usual facts", async () => {
    expect(await check({ [CLUSTER]: "ACTIVE" }, pods)).toEqual({ outcome: { stateBucketExists: true, localState: false }, asked: [{ name: CLUSTER }] });
  });

  test("no such cluster: refused before Terraform, naming the setting", async () => {
    expect((await check({ other: "ACTIVE" }, pods)).outcome).toBe(
      `eks.clusterName of dev names ${CLUSTER}, which is not an EKS cluster of account ${ACCOUNT}, us-east-1: the stack associates its pod roles there. ` +
        "Create the cluster first, or leave eks.clusterName unset until it exists (docs/pod-identity.md)",
    );
  });

  test("a cluster still being created: refused until it is active", async () => {
    expect((await check({ [CLUSTER]: "CREATING" }, pods)).outcome).toBe(
      `the EKS cluster ${CLUSTER} (account ${ACCOUNT}, us-east-1) is CREATING; the stack's Pod Identity associations need it ACTIVE: run again once it is`,
    );
  });

  test("any other failure is named", async () => {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, roles: {} });
    const { s3 } = mockBuckets({});
    const { eks, eksMock } = mockClusters({});
    eksMock.on(DescribeClusterCommand).rejects(Object.assign(new Error("User is not authorized to perform: eks:DescribeCluster"), { name: "AccessDeniedException" }));
    const outcome = await checkAccount(new Api({ sts: identity.sts, iam: identity.iam, s3, eks }), configFor("dev", pods), false, root, true).catch((e: Error) => e.message);
    expect(outcome).toBe(`could not check the EKS cluster ${CLUSTER} (account ${ACCOUNT}, us-east-1): AccessDeniedException: User is not authorized to perform: eks:DescribeCluster`);
  });

  test.each<[string, Record<string, unknown>, boolean]>([
    ["destroy and output (the cluster may already be gone)", pods, false],
    ["no cluster name", {}, true],
    ["only IRSA roles in the named cluster", { eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789", eks: { clusterName: CLUSTER, podIdentity: false } }, true],
  ])("not asked: %s", async (_name, settings, creates) => {
    expect(await check({}, settings, creates)).toEqual({ outcome: { stateBucketExists: true, localState: false }, asked: [] });
  });

  test("asked when only some roles use Pod Identity (a Fargate one keeps IRSA)", async () => {
    const mixed = {
      eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789",
      eks: { clusterName: CLUSTER, podIdentity: false, podRoles: [{ serviceAccount: "batch:scorer", access: ["read-curated-data"] }, { serviceAccount: "retail:retail-api", access: ["read-model-artifacts"], trust: "pod-identity" }] },
    };
    expect((await check({}, mixed)).asked).toEqual([{ name: CLUSTER }]);
  });

  test("asked for the agent's add-on alone too", async () => {
    const addonOnly = { eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789", eks: { clusterName: CLUSTER, podIdentity: false, manageAgentAddon: true } };
    expect((await check({}, addonOnly)).asked).toEqual([{ name: CLUSTER }]);
  });
});
