/**
 * Pod Identity roles, proven by evaluating their synthesized policies (iam-simulate): who can
 * assume them, and what a session can do with ABAC. Each allowed row has denied twins that change
 * one thing; every condition is shown necessary (support/necessity.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { PodIdentityRole, withSessionTags } from "../../constructs/pod-identity-role";
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, OIDC_ISSUER, OTHER_ACCOUNT, configFor, resourceAt, resourcesOf, synthesize, testApp, type Json } from "../helpers";
import { ALLOW_ALL, decide, type Decision, type Policies, type Request } from "../support/iam";
import { unprovenConditions } from "../support/necessity";
import { rolePolicies, type RolePolicies } from "../support/role-policies";

const REGION = "us-east-1";
const CLUSTER = "mlops-retail-cluster";
const CLUSTER_ARN = `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
const DATA_BUCKET = `mlops-retail-prediction-dev-${ACCOUNT}`;
const TARGET = `arn:aws:iam::${OTHER_ACCOUNT}:role/data-reader`;
const ISSUER_HOST = OIDC_ISSUER.slice("https://".length);

const podRoles = [
  { serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] },
  { serviceAccount: "ml:trainer", access: ["read-curated-data", "write-model-artifacts"], abac: true },
  { serviceAccount: "ml:exporter", targetRoleArn: TARGET },
];
const json = synthesize(new FoundationStack(testApp(), configFor("dev", { eks: { clusterName: CLUSTER, manageAgentAddon: true, podRoles } })));
const moving = synthesize(new FoundationStack(testApp(), configFor("dev", { eksOidcIssuerUrl: OIDC_ISSUER, eks: { clusterName: CLUSTER } })));

const ROLES: Record<string, RolePolicies> = {
  "retail-api": rolePolicies(json, "Roles/RetailApiIrsa/Role/Role"),
  trainer: rolePolicies(json, "Roles/PodRole-ml-trainer/Role/Role"),
  exporter: rolePolicies(json, "Roles/PodRole-ml-exporter/Role/Role"),
  "retail-api moving": rolePolicies(moving, "Roles/RetailApiIrsa/Role/Role"),
};
type Who = keyof typeof ROLES;
const roleArn = (who: Who): string => `arn:aws:iam::${ACCOUNT}:role/${ROLES[who].name}`;

interface Row {
  readonly who: Who;
  readonly description: string;
  readonly kind: "trust" | "identity";
  readonly request: Request;
  readonly expected: Decision;
  readonly identity?: readonly object[];
  /** The resource policy of an identity row's target (another account's role trust). */
  readonly resource?: object;
  readonly mode?: "unsafe";
}

/** What EKS Auth sends when it assumes a role for a pod of `serviceAccount` in the cluster. */
const podSession = (serviceAccount: string, over: Record<string, string> = {}): Record<string, string> => {
  const [namespace, name] = serviceAccount.split(":");
  return {
    "aws:SourceAccount": ACCOUNT,
    "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
    "aws:RequestTag/eks-cluster-name": CLUSTER,
    "aws:RequestTag/kubernetes-namespace": namespace,
    "aws:RequestTag/kubernetes-service-account": name,
    ...over,
  };
};
const withoutKey = (context: Record<string, string>, key: string): Record<string, string> => Object.fromEntries(Object.entries(context).filter(([k]) => k !== key));

const assume = (who: Who, description: string, expected: Decision, context: Record<string, string>, principal = "pods.eks.amazonaws.com", action = "sts:AssumeRole", identity?: object[]): Row => ({
  who,
  description,
  kind: "trust",
  request: { principal, action, resource: roleArn(who), resourceAccount: ACCOUNT, context },
  expected,
  identity,
});
/** The pod-identity rows of one role: both actions allowed, and a denied twin for each thing that changes. */
const trustRows = (who: Who, serviceAccount: string): Row[] => {
  const session = podSession(serviceAccount);
  return [
    assume(who, "EKS Pod Identity assumes it for this cluster and service account", "Allowed", session),
    assume(who, "EKS Pod Identity tags the session", "Allowed", session, undefined, "sts:TagSession"),
    assume(who, "for a cluster of the same name in another account (SourceAccount)", "ImplicitlyDenied", podSession(serviceAccount, { "aws:SourceAccount": OTHER_ACCOUNT })),
    assume(who, "for another cluster of this account (eks-cluster-arn)", "ImplicitlyDenied", podSession(serviceAccount, { "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/other` })),
    assume(who, "for another namespace", "ImplicitlyDenied", podSession(serviceAccount, { "aws:RequestTag/kubernetes-namespace": "default" })),
    assume(who, "for another service account", "ImplicitlyDenied", podSession(serviceAccount, { "aws:RequestTag/kubernetes-service-account": "default" })),
    assume(who, "without session tags (an association with session tags disabled)", "ImplicitlyDenied", withoutKey(withoutKey(withoutKey(session, "aws:RequestTag/eks-cluster-arn"), "aws:RequestTag/kubernetes-namespace"), "aws:RequestTag/kubernetes-service-account")),
    assume(who, "by another service (EC2) with the same context", "ImplicitlyDenied", session, "ec2.amazonaws.com"),
    assume(who, "by a role of another account allowed everything", "ImplicitlyDenied", {}, `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, "sts:AssumeRole", [ALLOW_ALL]),
  ];
};

const object = (key: string): string => `arn:aws:s3:::${DATA_BUCKET}/${key}`;
const trainerSession = (over: Record<string, string> = {}): Record<string, string> => ({
  "aws:PrincipalTag/eks-cluster-arn": CLUSTER_ARN,
  "aws:PrincipalTag/kubernetes-namespace": "ml",
  "aws:PrincipalTag/kubernetes-service-account": "trainer",
  ...over,
});
const act = (who: Who, description: string, action: string, resource: string, expected: Decision, context: Record<string, string> = {}): Row => ({
  who,
  description,
  kind: "identity",
  request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLES[who].name}/eks-${CLUSTER}-pod`, action, resource, resourceAccount: resource.includes(OTHER_ACCOUNT) ? OTHER_ACCOUNT : ACCOUNT, context: { "aws:PrincipalArn": roleArn(who), ...context } },
  expected,
});

/** The trainer's ABAC: allowed with its session's tags; denied with each tag of another session, and without tags. */
function abacRows(what: string, action: string, resource: string, context: Record<string, string> = {}): Row[] {
  return [
    act("trainer", `ABAC: the trainer's session ${what}`, action, resource, "Allowed", trainerSession(context)),
    act("trainer", `ABAC: a session of another cluster ${what}`, action, resource, "ImplicitlyDenied", trainerSession({ ...context, "aws:PrincipalTag/eks-cluster-arn": `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/other` })),
    act("trainer", `ABAC: a session for another namespace ${what}`, action, resource, "ImplicitlyDenied", trainerSession({ ...context, "aws:PrincipalTag/kubernetes-namespace": "default" })),
    act("trainer", `ABAC: a session for another service account ${what}`, action, resource, "ImplicitlyDenied", trainerSession({ ...context, "aws:PrincipalTag/kubernetes-service-account": "default" })),
    act("trainer", `ABAC: a session without tags ${what}`, action, resource, "ImplicitlyDenied", context),
  ];
}

/** The trust docs/pod-identity.md asks the target role's account to write: the first role, with the association's external id. */
const EXTERNAL_ID = "a-0123456789abcdef0";
const TARGET_TRUST = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "AssumedByPodRole", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/mlops-retail-prediction-dev-irsa-exporter` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } } },
    { Sid: "TaggedByPodRole", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/mlops-retail-prediction-dev-irsa-exporter` }, Action: "sts:TagSession" },
  ],
};

const rows: Row[] = [
  ...trustRows("retail-api", "retail:retail-api"),
  ...trustRows("trainer", "ml:trainer"),
  ...trustRows("exporter", "ml:exporter"),
  ...trustRows("retail-api moving", "retail:retail-api"),
  {
    ...assume("retail-api moving", "while moving, IRSA pods still assume it (sub and aud)", "Allowed", { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:retail:retail-api", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" }, `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`, "sts:AssumeRoleWithWebIdentity"),
    mode: "unsafe",
  },
  {
    ...assume("retail-api moving", "while moving, another service account's token", "ImplicitlyDenied", { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:retail:batch", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" }, `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`, "sts:AssumeRoleWithWebIdentity"),
    mode: "unsafe",
  },
  {
    ...assume("retail-api moving", "while moving, a token for another audience", "ImplicitlyDenied", { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:retail:retail-api", [`${ISSUER_HOST}:aud`]: "other" }, `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`, "sts:AssumeRoleWithWebIdentity"),
    mode: "unsafe",
  },
  act("retail-api moving", "while moving, it lists artifacts/", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "Allowed", { "s3:prefix": "artifacts/" }),
  act("retail-api moving", "while moving, it lists gold/", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", { "s3:prefix": "gold/" }),
  {
    ...assume("retail-api", "once moved, an IRSA token is refused", "ImplicitlyDenied", { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:retail:retail-api", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" }, `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`, "sts:AssumeRoleWithWebIdentity"),
    mode: "unsafe",
  },
  act("retail-api", "retail API reads a model artifact (no ABAC: any session of the role)", "s3:GetObject", object("artifacts/model.tar.gz"), "Allowed"),
  act("retail-api", "retail API reads curated data", "s3:GetObject", object("gold/sales.parquet"), "ImplicitlyDenied"),
  act("retail-api", "retail API lists artifacts/", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "Allowed", { "s3:prefix": "artifacts/model-1/" }),
  act("retail-api", "retail API lists gold/ (s3:prefix)", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", { "s3:prefix": "gold/" }),
  ...abacRows("reads curated data", "s3:GetObject", object("gold/sales.parquet")),
  ...abacRows("lists gold/", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, { "s3:prefix": "gold/2026/" }),
  ...abacRows("writes an artifact", "s3:PutObject", object("artifacts/model-2.tar.gz")),
  ...abacRows("lists artifacts/ to write", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, { "s3:prefix": "artifacts/" }),
  ...abacRows("finds the bucket's region", "s3:GetBucketLocation", `arn:aws:s3:::${DATA_BUCKET}`),
  act("trainer", "ABAC: it lists the bucket's top level (s3:prefix)", "s3:ListBucket", `arn:aws:s3:::${DATA_BUCKET}`, "ImplicitlyDenied", trainerSession({ "s3:prefix": "" })),
  act("trainer", "ABAC: writes outside artifacts/", "s3:PutObject", object("gold/sales.parquet"), "ImplicitlyDenied", trainerSession()),
  { ...act("exporter", "the first role assumes its target (whose trust names it)", "sts:AssumeRole", TARGET, "Allowed", { "sts:ExternalId": EXTERNAL_ID }), resource: TARGET_TRUST },
  { ...act("exporter", "and tags that session", "sts:TagSession", TARGET, "Allowed"), resource: TARGET_TRUST },
  { ...act("exporter", "it assumes another role of that account (trusting it the same way)", "sts:AssumeRole", `arn:aws:iam::${OTHER_ACCOUNT}:role/admin`, "ImplicitlyDenied", { "sts:ExternalId": EXTERNAL_ID }), resource: TARGET_TRUST },
  act("exporter", "it reads data itself", "s3:GetObject", object("artifacts/model.tar.gz"), "ImplicitlyDenied"),
];

const policiesOf = (row: Row): Policies =>
  row.kind === "trust" ? { resource: ROLES[row.who].trust, identity: row.identity } : { identity: ROLES[row.who].identity, resource: row.resource };

describe("Pod Identity roles, evaluated (iam-simulate)", () => {
  test.each(rows)("$who: $description -> $expected", async (row) => {
    expect(await decide(policiesOf(row), row.request, row.mode)).toBe(row.expected);
  });

  const owned = Object.keys(ROLES).flatMap((who) => [
    { who, document: "trust", policy: ROLES[who].trust },
    ...ROLES[who].identity.map((policy, i) => ({ who, document: `identity policy ${i}`, policy })),
  ]);
  test.each(owned)("$who: every condition of the $document is necessary", async ({ policy }) => {
    const proofs = rows.map((row) => ({ policies: policiesOf(row), request: row.request, expected: row.expected, mode: row.mode }));
    expect(await unprovenConditions(policy, proofs)).toEqual([]);
  });

  test("a trust without sts:TagSession refuses the tags Pod Identity passes: the proof can fail", async () => {
    const trust: Json = JSON.parse(JSON.stringify(ROLES["retail-api"].trust));
    trust.Statement[0].Action = "sts:AssumeRole";
    const tagging = assume("retail-api", "", "ImplicitlyDenied", podSession("retail:retail-api"), undefined, "sts:TagSession").request;
    expect(await decide({ resource: trust }, tagging)).toBe("ImplicitlyDenied");
    expect(await decide({ resource: ROLES["retail-api"].trust }, tagging)).toBe("Allowed");
  });
});

describe("Pod Identity resources", () => {
  test("an association per service account, each after its role's permissions, a target role where configured; the agent's add-on; no OIDC provider", () => {
    const associations = Object.values(resourcesOf(json, "aws_eks_pod_identity_association")).map((a: Json) => {
      const { "//": _, ...rest } = a;
      return rest;
    });
    expect(associations).toEqual([
      { cluster_name: CLUSTER, namespace: "retail", service_account: "retail-api", role_arn: "${aws_iam_role.Roles_RetailApiIrsa_Role_70E8C3CE.arn}", depends_on: ["aws_iam_role_policy.Roles_RetailApiIrsa_Role_read-model-artifacts_8537341F"] },
      expect.objectContaining({ namespace: "ml", service_account: "trainer", depends_on: [expect.stringContaining("read-curated-data"), expect.stringContaining("write-model-artifacts")] }),
      expect.objectContaining({ namespace: "ml", service_account: "exporter", target_role_arn: TARGET, depends_on: [expect.stringContaining("assume-target-role")] }),
    ]);
    expect(Object.values(resourcesOf(json, "aws_eks_addon")).map((a: Json) => [a.cluster_name, a.addon_name])).toEqual([[CLUSTER, "eks-pod-identity-agent"]]);
    expect([resourcesOf(json, "aws_iam_openid_connect_provider"), json.data?.aws_iam_openid_connect_provider]).toEqual([{}, undefined]);
    expect(Object.keys(json.output).filter((o) => /pod|irsa/.test(o))).toEqual([
      "pod_role_arn_retail_retail_api",
      "pod_identity_association_retail_retail_api",
      "pod_role_arn_ml_trainer",
      "pod_identity_association_ml_trainer",
      "pod_role_arn_ml_exporter",
      "pod_identity_association_ml_exporter",
      "pod_identity_external_id_ml_exporter",
    ]);
    expect(json.output.pod_identity_external_id_ml_exporter.description).toBe(`External id the trust of ${TARGET} must require (sts:ExternalId)`);
  });

  test("roles are described by what their pods may do, and keep the names and addresses of their IRSA days", () => {
    expect(Object.values(ROLES).map((r) => r.name)).toEqual([
      "mlops-retail-prediction-dev-irsa-retail-api",
      "mlops-retail-prediction-dev-irsa-trainer",
      "mlops-retail-prediction-dev-irsa-exporter",
      "mlops-retail-prediction-dev-irsa-retail-api",
    ]);
    expect(resourceAt(json, "aws_iam_role", "Roles/PodRole-ml-trainer/Role/Role").description).toBe("Pods of ml:trainer: read curated data, write model artifacts");
    expect(resourceAt(json, "aws_iam_role", "Roles/PodRole-ml-exporter/Role/Role").description).toBe(`Pods of ml:exporter: chain to ${TARGET}`);
  });

  test("while moving (a cluster name and an issuer), the role trusts both, the provider stays, and both outputs are there", () => {
    expect(ROLES["retail-api moving"].trust.Statement.map((s: Json) => s.Sid)).toEqual(["TrustServiceAccounts", "TrustPodIdentity"]);
    expect(Object.keys(resourcesOf(moving, "aws_iam_openid_connect_provider"))).toHaveLength(1);
    expect(resourceAt(moving, "aws_iam_role", "Roles/RetailApiIrsa/Role/Role").depends_on).toEqual(["aws_iam_openid_connect_provider.Roles_EksOidcProvider_8CB5A070"]);
    expect(Object.keys(moving.output).filter((o) => /pod|irsa/.test(o))).toEqual(["irsa_role_arn_retail_retail_api", "pod_identity_association_retail_retail_api"]);
  });
});

describe("docs/pod-identity.md", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "pod-identity.md"), "utf8");
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1]);

  test("its example settings load, and synthesize the roles the proofs above evaluate", () => {
    const settings = JSON.parse(`{${blocks[0]}}`).environments.dev;
    const example = synthesize(new FoundationStack(testApp(), configFor("dev", settings)));
    expect(Object.values(resourcesOf(example, "aws_eks_pod_identity_association")).map((a: Json) => `${a.namespace}:${a.service_account}`).sort()).toEqual(["ml:exporter", "ml:trainer", "retail:retail-api"]);
  });

  test("prints the trust this app writes", () => {
    expect(JSON.parse(blocks[1])).toEqual(ROLES["retail-api"].trust.Statement[0]);
  });
});

describe("PodIdentityRole on its own", () => {
  const stack = (): TerraformStack => new TerraformStack(Testing.app(), "s");
  const base = { roleName: "pods", description: "d", accountId: ACCOUNT, region: REGION, clusterName: CLUSTER, serviceAccount: "ml:exporter" };

  test("refuses ABAC beside a target role: the pods would get the target's credentials, not the conditioned ones", () => {
    expect(() => new PodIdentityRole(stack(), "Pods", { ...base, targetRoleArn: TARGET, abac: true })).toThrow(
      "PodIdentityRole pods: abac conditions this role's permissions, but with a target role the pods get the target's",
    );
  });

  test("a target role: one inline policy that assumes and tags it, and nothing else", () => {
    const s = stack();
    new PodIdentityRole(s, "Pods", { ...base, targetRoleArn: TARGET });
    const policies = Object.values(resourcesOf(synthesize(s), "aws_iam_role_policy")).map((p: Json) => [p.name, JSON.parse(p.policy).Statement]);
    expect(policies).toEqual([["assume-target-role", [{ Sid: "AssumeTargetRole", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: TARGET }]]]);
  });

  test("ABAC conditions the Allow statements only: a Deny stays as written, for every session", () => {
    const deny = { Sid: "DenyDelete", Effect: "Deny" as const, Action: "s3:DeleteObject", Resource: "*" };
    const allow = { Sid: "Read", Effect: "Allow" as const, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "s3:ExistingObjectTag/x": "y" } } };
    expect(withSessionTags([deny, allow], CLUSTER_ARN, "ml:trainer")).toEqual([
      deny,
      {
        ...allow,
        Condition: {
          StringEquals: {
            "s3:ExistingObjectTag/x": "y",
            "aws:PrincipalTag/eks-cluster-arn": CLUSTER_ARN,
            "aws:PrincipalTag/kubernetes-namespace": "ml",
            "aws:PrincipalTag/kubernetes-service-account": "trainer",
          },
        },
      },
    ]);
  });
});
