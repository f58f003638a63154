/**
 * verify on an environment with Pod Identity roles: the associations as declared, no foreign
 * association using the roles, the agent's add-on, each broken in the mocked account one at a time.
 */
import type { Row } from "../../verify/checks";
import { mocks, use, verify } from "./harness";
import { ACCOUNT, fixture, type Fixture, type World } from "./world";

const CLUSTER = "mlops-retail-cluster";
const TARGET = "arn:aws:iam::444455556666:role/data-reader";
const settings = {
  eks: {
    clusterName: CLUSTER,
    manageAgentAddon: true,
    podRoles: [
      { serviceAccount: "retail:retail-api", access: ["read-model-artifacts"] },
      { serviceAccount: "ml:trainer", access: ["read-curated-data"], abac: true },
      { serviceAccount: "ml:exporter", targetRoleArn: TARGET },
    ],
  },
};
const pods = (): Fixture => fixture("dev", settings);
const podRows = (rows: readonly Row[]): Row[] => rows.filter((r) => r.group === "Pod Identity");
const retailRole = `arn:aws:iam::${ACCOUNT}:role/mlops-retail-prediction-dev-irsa-retail-api`;

test("a healthy environment: every association, no foreign one, the agent active; the roles' trust compared as the others'", async () => {
  const outcome = await verify(pods());
  expect(outcome.rows.filter((r) => r.status !== "pass")).toEqual([]);
  expect(outcome.code).toBe(0);
  expect(podRows(outcome.rows).map((r) => `${r.check} [${r.resource}]`)).toEqual([
    `association exists [${CLUSTER}/ml:exporter]`,
    `association: role as declared [${CLUSTER}/ml:exporter]`,
    `association: session tags on [${CLUSTER}/ml:exporter]`,
    `association: target role as declared [${CLUSTER}/ml:exporter]`,
    `association exists [${CLUSTER}/ml:trainer]`,
    `association: role as declared [${CLUSTER}/ml:trainer]`,
    `association: session tags on [${CLUSTER}/ml:trainer]`,
    `association exists [${CLUSTER}/retail:retail-api]`,
    `association: role as declared [${CLUSTER}/retail:retail-api]`,
    `association: session tags on [${CLUSTER}/retail:retail-api]`,
    `no other association uses this environment's pod roles [${CLUSTER}]`,
    `the Pod Identity agent's add-on is active [${CLUSTER}/eks-pod-identity-agent]`,
  ]);
  expect(outcome.rows.filter((r) => r.group === "Role" && r.check.startsWith("trust policy")).map((r) => r.resource)).toContain("mlops-retail-prediction-dev-irsa-trainer");
  // One list of the cluster, read to its last page (two a page), then one read per association.
  // (The SDK's paginator reuses one input object, so both recorded inputs show the last token.)
  expect(mocks.inputsOf("ListPodIdentityAssociationsCommand").map((i) => [i.clusterName, i.namespace, i.serviceAccount, i.nextToken])).toEqual([
    [CLUSTER, undefined, undefined, "page-2"],
    [CLUSTER, undefined, undefined, "page-2"],
  ]);
  expect(mocks.inputsOf("DescribePodIdentityAssociationCommand").map((i) => i.associationId)).toEqual(["a-00000000000000000", "a-00000000000000001", "a-00000000000000002"]);
  expect(mocks.inputsOf("DescribeAddonCommand")).toEqual([{ clusterName: CLUSTER, addonName: "eks-pod-identity-agent" }]);
});

test("each row says what was expected and what was seen", async () => {
  const f = pods();
  // Another namespace's service account of the same name, with its own role: not this environment's, not counted.
  associations(f.world).push({ ...of(f.world, "ml:trainer"), namespace: "default", roleArn: `arn:aws:iam::${ACCOUNT}:role/someone-elses`, associationId: "a-77777777777777777" });
  const outcome = await verify(f);
  const trainer = `arn:aws:iam::${ACCOUNT}:role/mlops-retail-prediction-dev-irsa-trainer`;
  const exporter = `arn:aws:iam::${ACCOUNT}:role/mlops-retail-prediction-dev-irsa-exporter`;
  expect(podRows(outcome.rows).map((r) => [r.check, r.expected, r.observed, r.status])).toEqual([
    ["association exists", `one, to ${exporter}`, "a-00000000000000000", "pass"],
    ["association: role as declared", exporter, exporter, "pass"],
    ["association: session tags on", "disableSessionTags false", "disableSessionTags false", "pass"],
    ["association: target role as declared", TARGET, TARGET, "pass"],
    ["association exists", `one, to ${trainer}`, "a-00000000000000001", "pass"],
    ["association: role as declared", trainer, trainer, "pass"],
    ["association: session tags on", "disableSessionTags false", "disableSessionTags false", "pass"],
    ["association exists", `one, to ${retailRole}`, "a-00000000000000002", "pass"],
    ["association: role as declared", retailRole, retailRole, "pass"],
    ["association: session tags on", "disableSessionTags false", "disableSessionTags false", "pass"],
    ["no other association uses this environment's pod roles", "none", "none", "pass"],
    ["the Pod Identity agent's add-on is active", "ACTIVE", "ACTIVE", "pass"],
  ]);
});

test("failing rows name what was expected: a missing association, a target removed by hand, two foreign ones, an unreadable cluster", async () => {
  const f = pods();
  associations(f.world).splice(associations(f.world).indexOf(of(f.world, "retail:retail-api")), 1);
  delete of(f.world, "ml:exporter").targetRoleArn;
  of(f.world, "ml:trainer").targetRoleArn = TARGET;
  const trainer = of(f.world, "ml:trainer");
  associations(f.world).push({ ...trainer, serviceAccount: "x", associationId: "a-1" }, { ...trainer, serviceAccount: "y", associationId: "a-2" });
  const rows = podRows((await verify(f)).rows).filter((r) => r.status === "fail");
  expect(rows.map((r) => [r.check, r.expected, r.observed])).toEqual([
    ["association: target role as declared", TARGET, "none"],
    ["association: target role as declared", "none", TARGET],
    ["association exists", `one, to ${retailRole}`, "none"],
    ["no other association uses this environment's pod roles", "none", `ml:x -> ${trainer.roleArn} (a-1), ml:y -> ${trainer.roleArn} (a-2)`],
  ]);
  const gone = pods();
  gone.world.clusters = {};
  expect(podRows((await verify(gone)).rows).map((r) => [r.check, r.resource, r.expected])).toEqual([["associations of the cluster can be read", CLUSTER, "ListPodIdentityAssociations answers"]]);
});

test("without the agent's add-on managed here, it is not asked for", async () => {
  await verify(fixture("dev", { eks: { clusterName: CLUSTER } }));
  expect(mocks.sent().filter((c) => /Addon/.test(c))).toEqual([]);
  expect(mocks.sent().filter((c) => /PodIdentity/.test(c))).toEqual(["ListPodIdentityAssociationsCommand", "DescribePodIdentityAssociationCommand"]);
});

test("an environment without Pod Identity sends no EKS call", async () => {
  await verify(fixture("dev"));
  expect(mocks.sent().filter((c) => /PodIdentity|Addon/.test(c))).toEqual([]);
});

const associations = (w: World): World["clusters"][string]["associations"] => w.clusters[CLUSTER].associations;
/** The association of one service account in the world. */
const of = (w: World, serviceAccount: string) => associations(w).find((a) => `${a.namespace}:${a.serviceAccount}` === serviceAccount)!;
const VARIANTS: [string, (w: World) => void, string, string][] = [
  ["an association deleted", (w) => associations(w).splice(0, 1), "association exists", "none"],
  ["an association to another role", (w) => (of(w, "retail:retail-api").roleArn = `arn:aws:iam::${ACCOUNT}:role/handmade`), "association: role as declared", "role/handmade"],
  ["session tags disabled", (w) => (of(w, "ml:trainer").disableSessionTags = true), "association: session tags on", "disableSessionTags true"],
  ["the target role changed", (w) => (of(w, "ml:exporter").targetRoleArn = "arn:aws:iam::444455556666:role/admin"), "association: target role as declared", "role/admin"],
  ["a target role added by hand", (w) => (of(w, "retail:retail-api").targetRoleArn = TARGET), "association: target role as declared", TARGET],
  [
    "someone else's association using a pod role",
    (w) => associations(w).push({ ...of(w, "retail:retail-api"), namespace: "default", serviceAccount: "intruder", associationId: "a-99999999999999999" }),
    "no other association uses this environment's pod roles",
    `default:intruder -> ${retailRole} (a-99999999999999999)`,
  ],
  ["the agent's add-on degraded", (w) => (w.clusters[CLUSTER].addons["eks-pod-identity-agent"] = "DEGRADED"), "the Pod Identity agent's add-on is active", "DEGRADED"],
  ["the agent's add-on removed", (w) => (w.clusters[CLUSTER].addons = {}), "the Pod Identity agent's add-on is active", "ResourceNotFoundException"],
  ["the cluster is gone", (w) => (w.clusters = {}), "associations of the cluster can be read", "ResourceNotFoundException: No cluster found for name: mlops-retail-cluster."],
  ["the verifying role may not list associations", (w) => (w.denied = ["eks:ListPodIdentityAssociations"]), "associations of the cluster can be read", "AccessDenied"],
  ["one service account associated twice", (w) => associations(w).push({ ...of(w, "ml:trainer"), associationId: "a-88888888888888888" }), "association exists", "2"],
];

test.each(VARIANTS)("fails on: %s", async (_name, breaks, check, observed) => {
  const f = pods();
  breaks(f.world);
  const outcome = await verify(f);
  expect(outcome.code).toBe(1);
  const failing = podRows(outcome.rows).filter((r) => r.status === "fail");
  expect(failing.map((r) => [r.check, r.observed.includes(observed)])).toEqual([[check, true]]);
});

test("an association deleted between the list and its read fails its row with EKS's error", async () => {
  const f = use(pods());
  mocks.reset();
  const { EKSClient, DescribePodIdentityAssociationCommand } = await import("@aws-sdk/client-eks");
  await expect(new EKSClient({ region: "us-east-1" }).send(new DescribePodIdentityAssociationCommand({ clusterName: CLUSTER, associationId: "a-0" }))).rejects.toThrow(
    "No Pod Identity Association found for id: a-0.",
  );
  f.world.clusters[CLUSTER].deleting = [of(f.world, "ml:trainer").associationId];
  const outcome = await verify(f);
  expect(podRows(outcome.rows).filter((r) => r.status === "fail").map((r) => [r.check, r.expected, r.observed])).toEqual([
    ["association can be read", "DescribePodIdentityAssociation answers", "ResourceNotFoundException: No Pod Identity Association found for id: a-00000000000000001."],
  ]);
});
