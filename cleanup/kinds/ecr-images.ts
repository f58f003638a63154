/** Images of the workshop's ECR repository: the environment's tags, and untagged images no kept image needs. */
import { BatchDeleteImageCommand, BatchGetImageCommand, DescribeRepositoriesCommand, ListTagsForResourceCommand as ListEcrTagsCommand, paginateListImages } from "@aws-sdk/client-ecr";
import type { CleanupContext, Handler } from "../types";
import { compare, exclusion, ifExists, item, reread, tagRecord, type Json } from "./common";


/** Media types of manifests that list other manifests (a multi-arch image, with its attestations). */
const INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
const MANIFEST_TYPES = [...INDEX_TYPES, "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

/** The manifests of these digests, by digest (BatchGetImage takes at most 100 ids a call). */
async function manifestsOf(c: CleanupContext, digests: readonly string[]): Promise<Map<string, Json>> {
  const manifests = new Map<string, Json>();
  for (let i = 0; i < digests.length; i += 100) {
    const imageIds = digests.slice(i, i + 100).map((imageDigest) => ({ imageDigest }));
    const result = await c.api.send<Json>(
      c.api.clients.ecr,
      new BatchGetImageCommand({ repositoryName: c.config.cleanup.ecrRepository, imageIds, acceptedMediaTypes: MANIFEST_TYPES }),
    );
    for (const image of result.images ?? []) {
      try {
        manifests.set(image.imageId.imageDigest, JSON.parse(image.imageManifest));
      } catch {
        manifests.set(image.imageId.imageDigest, {});
      }
    }
  }
  return manifests;
}

/**
 * Image ids to delete: by tag for tagged images (other tags keep the image), by digest for
 * untagged ones, but never an untagged digest that a kept image still needs: the per-platform
 * and attestation manifests a tagged multi-arch index lists (what `docker buildx` pushes), and a
 * referrer (signature, SBOM) whose subject is kept. Deleting those would make `:prod` unpullable.
 */
async function ecrTargets(c: CleanupContext): Promise<{ targets: string[]; kept: number }> {
  const { api } = c;
  const list = async (tagStatus: "TAGGED" | "UNTAGGED"): Promise<Json[]> => {
    const ids: Json[] = [];
    for await (const page of paginateListImages({ client: api.via(api.clients.ecr) }, { repositoryName: c.config.cleanup.ecrRepository, filter: { tagStatus }, maxResults: 1000 })) {
      ids.push(...(page.imageIds ?? []));
    }
    return ids;
  };
  const tagged = await list("TAGGED");
  const targets = tagged.filter((id) => c.config.cleanup.ecrTags.includes(id.imageTag)).map((id) => `tag:${id.imageTag}`);
  let kept = 0;
  if (c.config.cleanup.ecrUntagged) {
    const untagged = [...new Set((await list("UNTAGGED")).map((id) => String(id.imageDigest)).filter((d) => d !== "undefined"))];
    if (untagged.length > 0) {
      const taggedDigests = [...new Set(tagged.map((id) => String(id.imageDigest)))];
      const needed = new Set(taggedDigests);
      for (const manifest of (await manifestsOf(c, taggedDigests)).values()) {
        for (const child of Array.isArray(manifest.manifests) ? manifest.manifests : []) needed.add(String(child.digest));
      }
      const untaggedManifests = await manifestsOf(c, untagged);
      for (const digest of untagged) {
        const subject = untaggedManifests.get(digest)?.subject?.digest;
        if (needed.has(digest) || (subject !== undefined && needed.has(String(subject)))) kept++;
        else targets.push(`digest:${digest}`);
      }
    }
  }
  return { targets: [...new Set(targets)].sort(), kept };
}

export const ecrImages: Handler = {
  kind: "ecr.images",
  done: "images deleted",
  async discover(c) {
    const { api } = c;
    const repo = c.config.cleanup.ecrRepository;
    const repository: Json = (await ifExists(() => api.send<Json>(api.clients.ecr, new DescribeRepositoriesCommand({ repositoryNames: [repo] }))))?.repositories?.[0];
    if (!repository) return { items: [], excluded: [] };
    const tags = tagRecord((await api.send<Json>(api.clients.ecr, new ListEcrTagsCommand({ resourceArn: repository.repositoryArn }))).tags);
    const why = exclusion(c, repo, tags);
    if (why) return { items: [], excluded: [{ kind: "ecr.images", name: repo, why }] };
    const { targets, kept } = await ecrTargets(c);
    const keptNote = kept > 0 ? [{ kind: "ecr.images" as const, name: `${repo} (${kept} untagged digest${kept === 1 ? "" : "s"})`, why: "listed by a tagged multi-arch image index, or a signature or attestation of a kept image: deleting it would break a kept tag" }] : [];
    if (targets.length === 0) return { items: [], excluded: keptNote };
    const tagged = targets.filter((t) => t.startsWith("tag:")).length;
    return {
      items: [
        item("ecr.images", repo, c.config.region, `images of ${repo} tagged ${c.config.cleanup.ecrTags.join(" or ")}${c.config.cleanup.ecrUntagged ? ", and untagged images" : ""}`, { tags, targets }, {
          arn: repository.repositoryArn,
          cost: `${tagged} tag(s), ${targets.length - tagged} untagged image(s)`,
        }),
      ],
      excluded: keptNote,
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.ecrRepository) return { state: "changed", why: "not the configured repository" };
      const repository = (await c.api.send<Json>(c.api.clients.ecr, new DescribeRepositoriesCommand({ repositoryNames: [planned.name] }))).repositories?.[0];
      const tags = tagRecord((await c.api.send<Json>(c.api.clients.ecr, new ListEcrTagsCommand({ resourceArn: repository.repositoryArn }))).tags);
      const verdict = compare(c, planned, planned.name, tags);
      if (verdict.state !== "match") return verdict;
      // Images pushed or retagged since the plan are left alone: only planned ids that still match go.
      const now = new Set((await ecrTargets(c)).targets);
      return (planned.match.targets as string[]).some((t) => now.has(t)) ? verdict : { state: "gone" };
    }),
  async remove(c, planned) {
    // Looked at again: an image pushed since the plan may list a planned digest, which then stays.
    const now = new Set((await ecrTargets(c)).targets);
    const ids = (planned.match.targets as string[]).filter((t) => now.has(t));
    // BatchDeleteImage takes at most 100 image ids.
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100).map((t) => (t.startsWith("tag:") ? { imageTag: t.slice(4) } : { imageDigest: t.slice(7) }));
      c.record("BatchDeleteImage", planned.name, { images: batch.length });
      const result = await c.api.send<Json>(c.api.clients.ecr, new BatchDeleteImageCommand({ repositoryName: planned.name, imageIds: batch }));
      if ((result.failures ?? []).length > 0) throw new Error(`BatchDeleteImage: ${result.failures.map((f: Json) => `${f.imageId?.imageTag ?? f.imageId?.imageDigest}: ${f.failureCode}`).join(", ")}`);
    }
  },
};
