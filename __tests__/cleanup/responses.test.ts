/**
 * Answers that are not the service's: real SDK clients whose HTTP handler returns an HTML page (a
 * proxy's error page, an endpoint without the API), so the SDK's own parsers meet it.
 */
import { Readable } from "node:stream";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECRClient } from "@aws-sdk/client-ecr";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CleanupClients } from "../../cleanup/aws";
import { runPlan } from "../../cleanup/run";
import { ACCOUNT } from "../helpers";
import { mockIdentity } from "../support/fake-identity";

/** An HTTP handler that answers every request with an HTML page. */
const htmlPage = (statusCode: number) => ({
  handle: async () => ({
    response: { statusCode, headers: { "content-type": "text/html" }, body: Readable.from([Buffer.from("<html><body><h1>404 Not Found</h1></body></html>")]) },
  }),
});

test.each([200, 404])("an HTML page (status %d) instead of the service's answer: exit 2, one line naming what was looked for", async (status) => {
  const dir = mkdtempSync(join(tmpdir(), "cleanup-html-"));
  try {
    const identity = mockIdentity({ caller: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice` }, roles: {} });
    const config = { region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, requestHandler: htmlPage(status), maxAttempts: 1 };
    const clients: CleanupClients = {
      sts: identity.sts,
      logs: new CloudWatchLogsClient(config),
      eks: new EKSClient(config),
      ecr: new ECRClient(config),
      sagemaker: new SageMakerClient(config),
      cloudfront: new CloudFrontClient(config),
      apigateway: new APIGatewayClient(config),
      lambda: new LambdaClient(config),
      dynamodb: new DynamoDBClient(config),
      s3: new S3Client(config),
      iam: new IAMClient(config),
    };
    const problems: string[] = [];
    const code = await runPlan(
      { context: { foundation: { accountId: ACCOUNT, environments: { dev: {} } } }, env: {}, clients: () => clients, outdir: dir, log: () => undefined, problem: (l) => problems.push(l) },
      "dev",
      undefined,
      { allowProd: false, sharedAccount: false },
    );
    expect(code).toBe(2);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^cleanup: could not look for [a-z0-9.-]+: the answer was not the service's \(SyntaxError: .*\): a proxy, a wrong endpoint, or a region without this API$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
