/** The workshop's data bucket, emptied of every version first. */
import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, HeadBucketCommand, ListObjectVersionsCommand } from "@aws-sdk/client-s3";
import type { CleanupContext, Handler } from "../types";
import { compare, exclusion, ifExists, item, reread, tagRecord, type Json } from "./common";

async function bucketTags(c: CleanupContext, bucket: string): Promise<Record<string, string>> {
  try {
    return tagRecord((await c.api.send<Json>(c.api.clients.s3, new GetBucketTaggingCommand({ Bucket: bucket, ExpectedBucketOwner: c.config.accountId }))).TagSet);
  } catch (error) {
    if (/NoSuchTagSet/.test(String((error as { name?: string }).name))) return {};
    throw error;
  }
}

export const buckets: Handler = {
  kind: "s3.bucket",
  async discover(c) {
    const name = c.config.cleanup.workshopBucket;
    if (!(await ifExists(() => c.api.send(c.api.clients.s3, new HeadBucketCommand({ Bucket: name, ExpectedBucketOwner: c.config.accountId }))))) return { items: [], excluded: [] };
    const tags = await bucketTags(c, name);
    const why = exclusion(c, name, tags);
    if (why) return { items: [], excluded: [{ kind: "s3.bucket", name, why }] };
    const first = await c.api.send<Json>(c.api.clients.s3, new ListObjectVersionsCommand({ Bucket: name, MaxKeys: 1000, ExpectedBucketOwner: c.config.accountId }));
    const count = (first.Versions?.length ?? 0) + (first.DeleteMarkers?.length ?? 0);
    return {
      items: [
        item("s3.bucket", name, c.config.region, `the workshop's data bucket ${name}`, { tags }, {
          arn: `arn:aws:s3:::${name}`,
          cost: `${count}${first.IsTruncated ? "+" : ""} object versions and delete markers, emptied first`,
        }),
      ],
      excluded: [],
    };
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (planned.name !== c.config.cleanup.workshopBucket) return { state: "changed", why: "not the configured workshop bucket" };
      await c.api.send(c.api.clients.s3, new HeadBucketCommand({ Bucket: planned.name, ExpectedBucketOwner: c.config.accountId }));
      return compare(c, planned, planned.name, await bucketTags(c, planned.name));
    }),
  async remove(c, planned) {
    const { api } = c;
    let deleted = 0;
    for (;;) {
      // Always the first page: what is deleted leaves the listing.
      const page = await api.send<Json>(api.clients.s3, new ListObjectVersionsCommand({ Bucket: planned.name, MaxKeys: 1000, ExpectedBucketOwner: c.config.accountId }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v: Json) => ({ Key: v.Key, VersionId: v.VersionId }));
      if (objects.length === 0) break;
      c.record("DeleteObjects", planned.name, { versions: objects.length });
      const result = await api.send<Json>(api.clients.s3, new DeleteObjectsCommand({ Bucket: planned.name, Delete: { Objects: objects, Quiet: true }, ExpectedBucketOwner: c.config.accountId }));
      if ((result.Errors ?? []).length > 0) throw new Error(`DeleteObjects: ${result.Errors.slice(0, 3).map((e: Json) => `${e.Key}: ${e.Code}`).join(", ")}`);
      deleted += objects.length;
      c.progress(`cleanup: emptied ${deleted} versions from ${planned.name}`);
    }
    c.record("DeleteBucket", planned.name);
    await api.send(api.clients.s3, new DeleteBucketCommand({ Bucket: planned.name, ExpectedBucketOwner: c.config.accountId }));
  },
};
