/** Environments are data: 24 named by the user, in 24 accounts, give 48 stacks, each in its account. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeFoundation } from "../../stacks/foundation-app";

const TEAMS = ["search", "pricing", "forecast", "catalog", "checkout", "payments", "fraud", "support"];
const STAGES = ["dev", "stage", "prod"];

test("24 environments named by the user in 24 accounts synthesize 48 stacks, each with its own account, region and names", () => {
  const environments: Record<string, unknown> = {};
  TEAMS.forEach((team, t) =>
    STAGES.forEach((stage, s) => {
      const accountId = String(200000000000 + t * 10 + s);
      environments[`${team}-${stage}`] = {
        accountId,
        region: stage === "prod" ? "eu-west-1" : "us-east-1",
        audit: { breakGlassPrincipalArns: [`arn:aws:iam::${accountId}:role/platform-admin`] },
      };
    }),
  );
  const names = Object.keys(environments);
  expect(names).toHaveLength(24);
  const outdir = mkdtempSync(join(tmpdir(), "many-"));
  try {
    const log: string[] = [];
    const code = synthesizeFoundation({ context: { foundation: { environments, synthesize: names } }, env: {}, outdir, log: (l) => log.push(l) });
    expect({ code, log }).toEqual({ code: 0, log: [] });
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks).toEqual(names.flatMap((n) => [`mlops-retail-prediction-${n}-foundation`, `mlops-retail-prediction-${n}-state`]).sort());
    for (const name of names) {
      const { accountId, region } = environments[name] as { accountId: string; region: string };
      const foundation = JSON.parse(readFileSync(join(outdir, "stacks", `mlops-retail-prediction-${name}-foundation`, "cdk.tf.json"), "utf8"));
      expect(foundation.provider.aws[0]).toMatchObject({ allowed_account_ids: [accountId], region });
      expect(foundation.terraform.backend.s3.bucket).toBe(`mlops-retail-prediction-${name}-tfstate-${accountId}`);
      expect(foundation.resource.aws_cloudtrail).toBeDefined();
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
