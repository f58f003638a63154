/**
 * The S3 side of a mocked account for the lifecycle commands: buckets by name with their owner,
 * and the keys each holds. HeadBucket and HeadObject answer as S3 does: 200 for a bucket of the
 * expected owner (and a key it holds), 403 for one that exists under another owner (S3 bucket
 * names are global), 404 NotFound for no bucket or no key (a HEAD has no body to say which).
 */
import { HeadBucketCommand, HeadObjectCommand, NotFound, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

export function mockBuckets(buckets: Record<string, string>, keys: Record<string, readonly string[]> = {}): { s3: S3Client; s3Mock: ReturnType<typeof mockClient> } {
  const s3 = new S3Client({ region: "us-east-1" });
  const s3Mock = mockClient(s3);
  s3Mock.on(HeadBucketCommand).callsFake((input: { Bucket: string; ExpectedBucketOwner?: string }) => {
    const owner = buckets[input.Bucket];
    if (owner === undefined) throw new NotFound({ $metadata: { httpStatusCode: 404 }, message: "NotFound" });
    if (input.ExpectedBucketOwner !== undefined && input.ExpectedBucketOwner !== owner) {
      throw new S3ServiceException({ name: "Forbidden", $fault: "client", $metadata: { httpStatusCode: 403 }, message: "Forbidden" });
    }
    return { BucketRegion: "us-east-1" };
  });
  s3Mock.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string; ExpectedBucketOwner?: string }) => {
    const owner = buckets[input.Bucket];
    if (owner === undefined) throw new NotFound({ $metadata: { httpStatusCode: 404 }, message: "NotFound" });
    if (input.ExpectedBucketOwner !== undefined && input.ExpectedBucketOwner !== owner) {
      throw new S3ServiceException({ name: "Forbidden", $fault: "client", $metadata: { httpStatusCode: 403 }, message: "Forbidden" });
    }
    if (!(keys[input.Bucket] ?? []).includes(input.Key)) throw new NotFound({ $metadata: { httpStatusCode: 404 }, message: "NotFound" });
    return { ContentLength: 1024, ETag: '"etag"' };
  });
  return { s3, s3Mock };
}
