import { ecrImages } from "../../cleanup/kinds/ecr-images";
import { emptyWorld, kindContext, renamed } from "./kind-harness";
import { ACCOUNT, REGION, mockCleanupAws, type CleanupWorld } from "./world";

let world: CleanupWorld;
const mocks = mockCleanupAws(() => world);
function given(w: Partial<CleanupWorld>): void {
  world = { ...emptyWorld(), repository: { name: "mlops/retail-api", tags: {} }, ...w };
  mocks.reset();
}
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const index = (digest: string, tags: string[], mediaType: string, children: string[]) => ({ digest, tags, manifest: { schemaVersion: 2, mediaType, manifests: children.map((c) => ({ mediaType: OCI_MANIFEST, digest: c })) } });
const untagged = (digest: string, manifest?: object) => ({ digest, tags: [], ...(manifest ? { manifest } : {}) });
const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/mlops/retail-api`;

describe("ecr.images discovery", () => {
  test("the environment's tags and the untagged images, asked for by tag status", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev", "v1"] }, { digest: "sha256:b", tags: ["qa"] }, { digest: "sha256:c", tags: ["prod"] }, untagged("sha256:d")] });
    const found = await ecrImages.discover(kindContext({ ecrTags: ["dev", "qa"] }).c);
    expect(found).toEqual({
      items: [
        {
          id: "ecr.images:mlops/retail-api",
          kind: "ecr.images",
          name: "mlops/retail-api",
          region: REGION,
          rule: "images of mlops/retail-api tagged dev or qa, and untagged images",
          dependsOn: [],
          match: { tags: {}, targets: ["digest:sha256:d", "tag:dev", "tag:qa"] },
          arn: REPO_ARN,
          cost: "2 tag(s), 1 untagged image(s)",
        },
      ],
      excluded: [],
    });
    expect(mocks.inputs("ListImages").map((i) => [i.filter.tagStatus, i.maxResults])).toEqual([
      ["TAGGED", 1000],
      ["TAGGED", 1000],
      ["UNTAGGED", 1000],
    ]);
  });

  test("with ecrUntagged false, untagged images are not even listed", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev"] }, untagged("sha256:d")] });
    const [item] = (await ecrImages.discover(kindContext({ ecrUntagged: false }).c)).items;
    expect([item.rule, item.match.targets]).toEqual(["images of mlops/retail-api tagged dev", ["tag:dev"]]);
    expect(mocks.sent().filter((s) => s.startsWith("ecr."))).toEqual(["ecr.DescribeRepositories", "ecr.ListTagsForResource", "ecr.ListImages"]);
  });

  test("no manifest is read when nothing is untagged", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev"] }] });
    expect((await ecrImages.discover(kindContext().c)).items[0].match.targets).toEqual(["tag:dev"]);
    expect(mocks.inputs("BatchGetImage")).toEqual([]);
  });

  test.each([
    ["an OCI index", OCI_INDEX],
    ["a Docker manifest list", DOCKER_LIST],
  ])("the untagged manifests %s lists stay, said once with how many", async (_, mediaType) => {
    given({ images: [index("sha256:idx", ["prod"], mediaType, ["sha256:amd64", "sha256:arm64"]), untagged("sha256:amd64"), untagged("sha256:arm64"), untagged("sha256:orphan")] });
    const found = await ecrImages.discover(kindContext().c);
    expect(found.items[0].match.targets).toEqual(["digest:sha256:orphan"]);
    expect(found.excluded).toEqual([
      { kind: "ecr.images", name: "mlops/retail-api (2 untagged digests)", why: "listed by a tagged multi-arch image index, or a signature or attestation of a kept image: deleting it would break a kept tag" },
    ]);
    for (const input of mocks.inputs("BatchGetImage")) expect(input.acceptedMediaTypes).toEqual([OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, "application/vnd.docker.distribution.manifest.v2+json"]);
  });

  test("a signature of a kept image stays (one digest); one of a deleted image goes; an image whose manifest cannot be read goes", async () => {
    given({
      images: [
        { digest: "sha256:prod", tags: ["prod"] },
        { digest: "sha256:old", tags: ["dev"] },
        untagged("sha256:sig-prod", { schemaVersion: 2, mediaType: OCI_MANIFEST, subject: { digest: "sha256:prod" } }),
        untagged("sha256:sig-old", { schemaVersion: 2, mediaType: OCI_MANIFEST, subject: { digest: "sha256:gone" } }),
        untagged("sha256:schema1", { schemaVersion: 1, mediaType: "application/vnd.docker.distribution.manifest.v1+prettyjws" }),
      ],
    });
    const found = await ecrImages.discover(kindContext().c);
    expect(found.items[0].match.targets).toEqual(["digest:sha256:schema1", "digest:sha256:sig-old", "tag:dev"]);
    expect(found.excluded.map((e) => e.name)).toEqual(["mlops/retail-api (1 untagged digest)"]);
  });

  test("manifests are read 100 digests a call", async () => {
    given({ images: [{ digest: "sha256:prod", tags: ["prod"] }, ...Array.from({ length: 150 }, (_, i) => untagged(`sha256:u${String(i).padStart(3, "0")}`))] });
    const found = await ecrImages.discover(kindContext().c);
    expect(found.items[0].match.targets).toHaveLength(150);
    expect(mocks.inputs("BatchGetImage").map((i) => i.imageIds.length)).toEqual([1, 100, 50]);
  });

  test("no repository, another project's repository, nothing to delete", async () => {
    given({ repository: undefined });
    expect(await ecrImages.discover(kindContext().c)).toEqual({ items: [], excluded: [] });
    given({ repository: { name: "mlops/retail-api", tags: { Project: "fraud-detection" } }, images: [{ digest: "sha256:a", tags: ["dev"] }] });
    expect(await ecrImages.discover(kindContext().c)).toEqual({ items: [], excluded: [{ kind: "ecr.images", name: "mlops/retail-api", why: "tagged for another project (Project=fraud-detection)" }] });
    given({ images: [{ digest: "sha256:a", tags: ["prod"] }] });
    expect(await ecrImages.discover(kindContext().c)).toEqual({ items: [], excluded: [] });
  });
});

describe("ecr.images re-check and removal", () => {
  test("re-check: the repository, its tags, and whether any planned image is left", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev"] }] });
    const { c } = kindContext();
    const [planned] = (await ecrImages.discover(c)).items;
    expect(await ecrImages.recheck(c, planned)).toEqual({ state: "match" });
    expect(await ecrImages.recheck(c, renamed(planned, "other/repo"))).toEqual({ state: "changed", why: "not the configured repository" });
    world.repository = { name: "mlops/retail-api", tags: { Owner: "someone" } };
    world.images = [];
    expect(await ecrImages.recheck(c, planned)).toEqual({ state: "changed", why: "its tags changed since the plan" });
    world.repository = { name: "mlops/retail-api", tags: {} };
    expect(await ecrImages.recheck(c, planned)).toEqual({ state: "gone" });
    world.repository = undefined;
    expect(await ecrImages.recheck(c, planned)).toEqual({ state: "gone" });
  });

  test("removal deletes 100 ids a call, tags by tag and the rest by digest", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev"] }, ...Array.from({ length: 120 }, (_, i) => untagged(`sha256:u${String(i).padStart(3, "0")}`))] });
    const { c, records } = kindContext();
    const [planned] = (await ecrImages.discover(c)).items;
    await ecrImages.remove(c, planned);
    const batches = mocks.inputs("BatchDeleteImage");
    expect(batches.map((b) => [b.repositoryName, b.imageIds.length])).toEqual([
      ["mlops/retail-api", 100],
      ["mlops/retail-api", 21],
    ]);
    expect(batches[1].imageIds.at(-1)).toEqual({ imageTag: "dev" });
    expect(batches[0].imageIds[0]).toEqual({ imageDigest: "sha256:u000" });
    expect(records).toEqual([
      { action: "BatchDeleteImage", target: "mlops/retail-api", detail: { images: 100 } },
      { action: "BatchDeleteImage", target: "mlops/retail-api", detail: { images: 21 } },
    ]);
    expect(world.images).toEqual([]);
  });

  test("exactly 100 ids are one call", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev"] }, ...Array.from({ length: 99 }, (_, i) => untagged(`sha256:u${String(i).padStart(3, "0")}`))] });
    const { c } = kindContext();
    const [planned] = (await ecrImages.discover(c)).items;
    await ecrImages.remove(c, planned);
    expect(mocks.inputs("BatchDeleteImage").map((b) => b.imageIds.length)).toEqual([100]);
  });

  test("removal fails naming each image ECR refused, by tag or digest, with its code", async () => {
    given({ images: [{ digest: "sha256:a", tags: ["dev"], refuseDelete: true }, { ...untagged("sha256:b"), refuseDelete: true }, untagged("sha256:c")] });
    const { c } = kindContext();
    const [planned] = (await ecrImages.discover(c)).items;
    await expect(ecrImages.remove(c, planned)).rejects.toThrow(new Error("BatchDeleteImage: sha256:b: ImageReferencedByManifestList, dev: ImageReferencedByManifestList"));
  });
});
