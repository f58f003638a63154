/** eks.pod-identity-association against the mocked account: what is planned, re-checked and removed. */
import { podIdentityAssociations } from "../../cleanup/kinds/eks-pod-identity-association";
import type { PlanItem } from "../../cleanup/types";
import { ANOTHER_PROJECT, OTHER, emptyWorld, kindContext, renamed } from "./kind-harness";
import { ACCOUNT, REGION, mockCleanupAws, type CleanupWorld, type PodIdentityAssociation } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
function given(w: Partial<CleanupWorld>): void {
  world = { ...emptyWorld(), ...w };
  mocks.reset();
}
const association = (id: string, serviceAccount: string, tags = {}): PodIdentityAssociation => {
  const [namespace, name] = serviceAccount.split(":");
  return { id, namespace, serviceAccount: name, roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-hand-made`, tags };
};
const ids = (items: PlanItem[]): string[] => items.map((i) => i.id);
const OURS = { Project: "mlops-retail-prediction", ManagedBy: "cdktf", Environment: "dev" };

describe("eks.pod-identity-association", () => {
  test("without pod roles: the retail API's associations in clusters matching the pattern, across pages, the rest left alone", async () => {
    given({
      clusters: [
        { name: "mlops-retail-a", associations: [association("a-1", "kube-system:aws-node"), association("a-2", "retail:retail-api"), association("a-3", "retail:batch")] },
        { name: "mlops-retail-b", associations: [association("a-4", "retail:retail-api", OTHER)] },
        { name: "mlops-retail-c", associations: [association("a-5", "retail:retail-api", OURS)] },
        { name: "fraud", associations: [association("a-6", "retail:retail-api")] },
      ],
    });
    const { c } = kindContext();
    const found = await podIdentityAssociations.discover(c);
    expect(found.items).toEqual([
      {
        id: "eks.pod-identity-association:mlops-retail-a/retail:retail-api",
        kind: "eks.pod-identity-association",
        name: "mlops-retail-a/retail:retail-api",
        region: REGION,
        rule: "the Pod Identity association of retail:retail-api, made outside this app's stack (it would block the stack's own)",
        dependsOn: [],
        match: { tags: {}, associationId: "a-2", roleArn: `arn:aws:iam::${ACCOUNT}:role/retail-api-hand-made` },
        arn: `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/mlops-retail-a/a-2`,
      },
    ]);
    expect(found.excluded).toEqual([
      { kind: "eks.pod-identity-association", name: "mlops-retail-b/retail:retail-api", why: ANOTHER_PROJECT },
      { kind: "eks.pod-identity-association", name: "mlops-retail-c/retail:retail-api", why: "tagged ManagedBy=cdktf, Project=mlops-retail-prediction: in this app's Terraform state, cdktf destroy removes it" },
    ]);
    // Each matching cluster listed to its last page; only the pipeline's associations read.
    expect(mocks.inputs("ListPodIdentityAssociations").map((i) => i.clusterName)).toEqual(["mlops-retail-a", "mlops-retail-a", "mlops-retail-b", "mlops-retail-c"]);
    expect(mocks.inputs("DescribePodIdentityAssociation").map((i) => i.associationId)).toEqual(["a-2", "a-4", "a-5"]);
  });

  test("with pod roles: their service accounts, in the configured cluster too when the pattern misses it", async () => {
    given({
      clusters: [
        { name: "prod-cluster", associations: [association("a-1", "ml:trainer"), association("a-2", "retail:retail-api")] },
        { name: "mlops-retail-a", associations: [association("a-3", "ml:trainer")] },
        { name: "other", associations: [association("a-4", "ml:trainer")] },
      ],
    });
    const { c } = kindContext({}, { eks: { clusterName: "prod-cluster", podRoles: [{ serviceAccount: "ml:trainer", access: ["read-curated-data"] }] } });
    expect(ids((await podIdentityAssociations.discover(c)).items)).toEqual([
      "eks.pod-identity-association:prod-cluster/ml:trainer",
      "eks.pod-identity-association:mlops-retail-a/ml:trainer",
    ]);
  });

  test("re-checked by service account, id, role and tags; removed by cluster and id; gone when EKS no longer has it", async () => {
    given({ clusters: [{ name: "mlops-retail-a", associations: [association("a-2", "retail:retail-api")] }] });
    const { c } = kindContext();
    const [planned] = (await podIdentityAssociations.discover(c)).items;
    expect(await podIdentityAssociations.recheck(c, planned)).toEqual({ state: "match" });
    expect(await podIdentityAssociations.recheck(c, renamed(planned, "mlops-retail-a/retail:batch"))).toEqual({
      state: "changed",
      why: "no longer a service account of this environment's pod roles",
    });
    world.clusters[0].associations![0].roleArn = `arn:aws:iam::${ACCOUNT}:role/other`;
    expect(await podIdentityAssociations.recheck(c, planned)).toEqual({
      state: "changed",
      why: `roleArn is now "arn:aws:iam::${ACCOUNT}:role/other" (planned: "arn:aws:iam::${ACCOUNT}:role/retail-api-hand-made")`,
    });
    world.clusters[0].associations![0] = association("a-2", "retail:retail-api", OTHER);
    expect(await podIdentityAssociations.recheck(c, planned)).toEqual({ state: "changed", why: ANOTHER_PROJECT });
    world.clusters[0].associations![0] = association("a-2", "retail:retail-api");
    const removal = kindContext();
    await podIdentityAssociations.remove(removal.c, planned);
    expect([removal.records, removal.waited, world.clusters[0].associations]).toEqual([[{ action: "DeletePodIdentityAssociation", target: "mlops-retail-a/retail:retail-api" }], [], []]);
    expect(mocks.inputs("DeletePodIdentityAssociation")).toEqual([{ clusterName: "mlops-retail-a", associationId: "a-2" }]);
    expect(await podIdentityAssociations.recheck(c, planned)).toEqual({ state: "gone" });
    // Made again by hand with a new id: not the association planned.
    world.clusters[0].associations = [association("a-9", "retail:retail-api")];
    expect(await podIdentityAssociations.recheck(c, planned)).toEqual({ state: "gone" });
  });

  test("the mocked EKS answers a cluster it does not have with EKS's not-found error, and lists the ones it has", async () => {
    given({ clusters: [{ name: "mlops-retail-a", associations: [association("a-2", "retail:retail-api")] }] });
    mocks.reset();
    const { c } = kindContext();
    const { EKSClient, ListPodIdentityAssociationsCommand } = await import("@aws-sdk/client-eks");
    await expect(new EKSClient({ region: REGION }).send(new ListPodIdentityAssociationsCommand({ clusterName: "gone" }))).rejects.toThrow("No cluster found for name: gone.");
    expect((await podIdentityAssociations.discover(c)).items).toHaveLength(1);
  });
});

describe("the environment's pod roles are this app's", () => {
  test("a workshop role setting that names one is left alone: cdktf destroy removes it", async () => {
    const { roles } = await import("../../cleanup/kinds/iam-role");
    const name = "mlops-retail-prediction-dev-irsa-trainer";
    given({ roles: [{ name, tags: {}, profiles: [], inline: [], attached: [] }] });
    const { c } = kindContext({ iamRole: name }, { eks: { clusterName: "mlops-retail-a", podRoles: [{ serviceAccount: "ml:trainer", access: ["read-curated-data"] }] } });
    expect(await roles.discover(c)).toEqual({ items: [], excluded: [{ kind: "iam.role", name, why: "created by this app's stacks: cdktf destroy removes it" }] });
  });
});
