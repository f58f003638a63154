/** cleanup's SDK clients: the configured region (us-east-1 for the global IAM and CloudFront), the shared retries, the deploy role's credentials. */
import { createCleanupClients } from "../../cleanup/aws";

test("every client works in the configured region but IAM and CloudFront, which are global (us-east-1)", async () => {
  const clients = createCleanupClients("eu-west-1");
  const regions = Object.fromEntries(await Promise.all(Object.entries(clients).map(async ([name, c]) => [name, await c.config.region()])));
  expect(regions).toEqual({
    sts: "eu-west-1",
    logs: "eu-west-1",
    eks: "eu-west-1",
    ecr: "eu-west-1",
    sagemaker: "eu-west-1",
    cloudfront: "us-east-1",
    apigateway: "eu-west-1",
    lambda: "eu-west-1",
    dynamodb: "eu-west-1",
    s3: "eu-west-1",
    iam: "us-east-1",
  });
  for (const c of Object.values(clients)) expect(await c.config.maxAttempts()).toBe(6);
});

test("the deploy role's credentials reach every client", async () => {
  const identity = { accessKeyId: "ASIAROLE", secretAccessKey: "secret" };
  const clients = createCleanupClients("eu-west-1", async () => identity);
  for (const c of Object.values(clients)) expect(await (c.config.credentials as () => Promise<unknown>)()).toEqual(identity);
});
