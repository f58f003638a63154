/** The mocked DynamoDB and S3 of the cleanup account: the inference metadata table and the workshop's data bucket. */
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from "@aws-sdk/client-dynamodb";
import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, HeadBucketCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import type { CleanupWorld } from "../world";
import { ACCOUNT, error, REGION, tagList, type Json, type ServiceMock } from "./common";

const tableArn = (name: string): string => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

export function dataMock(world: () => CleanupWorld): ServiceMock {
  const dynamodb = mockClient(DynamoDBClient);
  const s3 = mockClient(S3Client);
  const install = (): void => {
    dynamodb.on(DescribeTableCommand).callsFake(({ TableName }) => {
      const w = world();
      const t = w.tables.find((x) => x.name === TableName);
      if (!t) throw error("ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
      if (t.deletingPolls !== undefined && t.deletingPolls-- <= 0) {
        w.tables = w.tables.filter((x) => x !== t);
        throw error("ResourceNotFoundException", `Requested resource not found: Table: ${TableName} not found`);
      }
      return { Table: { TableName, TableStatus: t.deletingPolls !== undefined ? "DELETING" : "ACTIVE", TableArn: tableArn(TableName), DeletionProtectionEnabled: t.protection, BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" }, TableSizeBytes: 2048 } };
    });
    dynamodb.on(ListTagsOfResourceCommand).callsFake(({ ResourceArn }) => {
      const table = world().tables.find((t) => tableArn(t.name) === ResourceArn);
      if (!table) throw error("ResourceNotFoundException", `Requested resource not found: ResourcArn: ${ResourceArn} not found`);
      return { Tags: tagList(table.tags) };
    });
    dynamodb.on(DeleteTableCommand).callsFake(({ TableName }) => {
      const w = world();
      const t = w.tables.find((x) => x.name === TableName);
      if (!t) throw error("ResourceNotFoundException", "not found");
      if (t.protection) throw error("ValidationException", "Resource cannot be deleted as it is currently protected against deletion.");
      if (t.deletingPolls !== undefined) throw error("ResourceInUseException", `Attempt to change a resource which is still in use: Table is being deleted: ${TableName}`);
      t.deletingPolls = 3;
      return { TableDescription: { TableName, TableStatus: "DELETING" } };
    });
    // Every bucket of this world is the account's: a call that expects another owner gets S3's 403.
    const bucket = (name: string, expectedOwner?: string) => {
      const b = world().buckets.find((x) => x.name === name);
      if (!b) throw error("NotFound", "Not Found");
      if (expectedOwner !== undefined && expectedOwner !== ACCOUNT) throw error("AccessDenied", "Access Denied");
      return b;
    };
    s3.on(HeadBucketCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => (bucket(Bucket, ExpectedBucketOwner), {}));
    s3.on(GetBucketTaggingCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      const tags = bucket(Bucket, ExpectedBucketOwner).tags;
      if (Object.keys(tags).length === 0) throw error("NoSuchTagSet", "The TagSet does not exist");
      return { TagSet: tagList(tags) };
    });
    s3.on(ListObjectVersionsCommand).callsFake(({ Bucket, MaxKeys, ExpectedBucketOwner }) => {
      const b = bucket(Bucket, ExpectedBucketOwner);
      const max = MaxKeys ?? 1000;
      const versions = b.versions.slice(0, max);
      const markers = b.markers.slice(0, max - versions.length);
      return { Versions: versions, DeleteMarkers: markers, IsTruncated: b.versions.length + b.markers.length > max };
    });
    s3.on(DeleteObjectsCommand).callsFake(({ Bucket, Delete, ExpectedBucketOwner }) => {
      if (Delete.Objects.length > 1000) throw error("MalformedXML", "The XML you provided was not well-formed");
      const b = bucket(Bucket, ExpectedBucketOwner);
      const gone = new Set(Delete.Objects.map((o: Json) => `${o.Key}#${o.VersionId}`));
      b.versions = b.versions.filter((v) => !gone.has(`${v.Key}#${v.VersionId}`));
      b.markers = b.markers.filter((v) => !gone.has(`${v.Key}#${v.VersionId}`));
      return { Deleted: Delete.Objects, Errors: [] };
    });
    s3.on(DeleteBucketCommand).callsFake(({ Bucket, ExpectedBucketOwner }) => {
      const b = bucket(Bucket, ExpectedBucketOwner);
      if (b.versions.length + b.markers.length > 0) throw error("BucketNotEmpty", "The bucket you tried to delete is not empty");
      world().buckets = world().buckets.filter((x) => x.name !== Bucket);
      return {};
    });
  };
  return { stubs: { dynamodb, s3 }, install };
}
