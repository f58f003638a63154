/** verify's SDK clients: the configured region (IAM's global endpoint for IAM), the shared retry settings, and the deploy role's credentials when given. */
import { createClients } from "../../verify/aws";
import { VERIFY_USAGE } from "../../verify/args";

test("every client works in the configured region but IAM and AWS Organizations, which are global (us-east-1), all with adaptive retries", async () => {
  const clients = createClients("eu-west-1");
  const regions = Object.fromEntries(await Promise.all(Object.entries(clients).map(async ([name, c]) => [name, await c.config.region()])));
  expect(regions).toEqual({ sts: "eu-west-1", cloudtrail: "eu-west-1", s3: "eu-west-1", kms: "eu-west-1", iam: "us-east-1", cloudwatch: "eu-west-1", logs: "eu-west-1", sns: "eu-west-1", eks: "eu-west-1", organizations: "us-east-1" });
  expect(await clients.iam.config.maxAttempts()).toBe(6);
});

test("the deploy role's credentials reach every client, IAM's included", async () => {
  const identity = { accessKeyId: "ASIAROLE", secretAccessKey: "secret" };
  const clients = createClients("eu-west-1", async () => identity);
  for (const c of Object.values(clients)) expect(await (c.config.credentials as () => Promise<unknown>)()).toEqual(identity);
});

test("the usage names every option", () => {
  expect(VERIFY_USAGE.split("\n")).toEqual([
    "usage: npm run verify -- [<environment> ... | organization | --all] [--probe] [--probe-timeout <minutes>]",
    "  Read-only checks of the deployed environments (default: those cdktf.json synthesizes; --all: every configured one),",
    "  and of the organization's trail and archive, each from its own account (organization; included by default and by --all),",
    "  four at a time, with a summary line per environment when there are several.",
  ]);
});
