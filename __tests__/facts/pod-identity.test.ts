import { CNI_SERVICE_ACCOUNT, EKS_CLUSTER_NAME, eksClusterArn, POD_IDENTITY_AGENT_ADDON, splitServiceAccount, trustsIrsa, trustsPodIdentity } from "../../facts/pod-identity";

test("which trust forms trust which mechanism", () => {
  expect(["pod-identity", "irsa", "both"].map((t) => [t, trustsPodIdentity(t as never), trustsIrsa(t as never)])).toEqual([
    ["pod-identity", true, false],
    ["irsa", false, true],
    ["both", true, true],
  ]);
});

test("EKS cluster names: 1-100 letters, digits, hyphens and underscores, starting with a letter or digit, nothing around them", () => {
  for (const ok of ["a", "0", "mlops-retail_cluster", `a${"b".repeat(99)}`]) expect([ok, EKS_CLUSTER_NAME.test(ok)]).toEqual([ok, true]);
  for (const bad of ["", "-cluster", "_cluster", "cluster.x", " cluster", "cluster ", `a${"b".repeat(100)}`, "x/-y"]) expect([bad, EKS_CLUSTER_NAME.test(bad)]).toEqual([bad, false]);
});

test("the agent's add-on, a cluster's ARN, a service account's parts", () => {
  expect(POD_IDENTITY_AGENT_ADDON).toBe("eks-pod-identity-agent");
  expect(CNI_SERVICE_ACCOUNT).toBe("kube-system:aws-node");
  expect(eksClusterArn("eu-west-1", "111122223333", "c")).toBe("arn:aws:eks:eu-west-1:111122223333:cluster/c");
  expect(splitServiceAccount("retail:retail-api")).toEqual({ namespace: "retail", name: "retail-api" });
});
