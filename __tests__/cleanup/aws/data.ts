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
      // A table that was always provisioned has no BillingModeSummary, as DynamoDB answers.
      const billing = t.provisioned
        ? { ProvisionedThroughput: { ReadCapacityUnits: t.provisioned.read, WriteCapacityUnits: t.provisioned.write } }
        : { BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" }, ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } };
      return { Table: { TableName, TableStatus: t.deletingPolls !== undefined ? "DELETING" : "ACTIVE", TableArn: tableArn(TableName), DeletionProtectionEnabled: t.protection, ...billing, TableSizeBytes: 2048 } };
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
      t.deletingPolls = t.deleteTakesPolls ?? 3;
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
      const b = bucket(Bucket, ExpectedBucketOwner);
      if (b.taggingDenied) throw error("AccessDenied", "Access Denied");
      const tags = b.tags;
      if (Object.keys(tags).length === 0) throw error("NoSuchTagSet", "The TagSet does not exist");
      return { TagSet: tagList(tags) };
    });
    s3.on(ListObjectVersionsCommand).callsFake(({ Bucket, MaxKeys, ExpectedBucketOwner }) => {
      const b = bucket(Bucket, ExpectedBucketOwner);
      const max = MaxKeys ?? 1000;
      const versions = b.versions.slice(0, max);
      const markers = b.markers.slice(0, max - versions.length);
      // S3 leaves an empty list out of its answer.
      return { Versions: versions.length > 0 ? versions : undefined, DeleteMarkers: markers.length > 0 ? markers : undefined, IsTruncated: b.versions.length + b.markers.length > max };
    });
    s3.on(DeleteObjectsCommand).callsFake(({ Bucket, Delete, ExpectedBucketOwner }) => {
      if (Delete.Objects.length > 1000) throw error("MalformedXML", "The XML you provided was not well-formed");
      const b = bucket(Bucket, ExpectedBucketOwner);
      // A version under Object Lock retention is refused one by one; quiet mode answers only the errors.
      const refused = Delete.Objects.filter((o: Json) => b.locked?.includes(o.Key));
      const gone = new Set(Delete.Objects.filter((o: Json) => !refused.includes(o)).map((o: Json) => `${o.Key}#${o.VersionId}`));
      b.versions = b.versions.filter((v) => !gone.has(`${v.Key}#${v.VersionId}`));
      b.markers = b.markers.filter((v) => !gone.has(`${v.Key}#${v.VersionId}`));
      const errors = refused.map((o: Json) => ({ Key: o.Key, VersionId: o.VersionId, Code: "AccessDenied", Message: "Access Denied because object protected by object lock." }));
      return { ...(Delete.Quiet ? {} : { Deleted: Delete.Objects.filter((o: Json) => !refused.includes(o)) }), ...(errors.length > 0 ? { Errors: errors } : {}) };
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
