/**
 * Today's environments, pinned byte for byte: the repository's cdktf.json with dev, staging and
 * prod selected, and a deployable configuration (real accounts, break-glass principals, an OIDC
 * issuer, subscribers, prod in its own account). A refactoring of the configuration or the
 * constructs must leave every synthesized stack identical; a change that means to alter them
 * updates golden/pinned-stacks.json (UPDATE_GOLDEN=1) and says why in its commit. On a mismatch
 * the stacks are kept in a temporary folder, named in the failure, for a diff.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { synthesizeFoundation } from "../../stacks/foundation-app";
import { SelfContainedStack } from "../../stacks/self-contained-stack";

const ROOT = join(__dirname, "..", "..");
const GOLDEN = join(__dirname, "golden", "pinned-stacks.json");

const repository = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).context;
const deployable = {
  foundation: {
    project: "mlops-retail-prediction",
    accountId: "111122223333",
    region: "us-east-1",
    alarmEmails: ["secops@example.com"],
    audit: { breakGlassPrincipalArns: ["arn:aws:iam::111122223333:role/terraform-deployer"] },
    synthesize: ["dev", "staging", "prod"],
    environments: {
      dev: { eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789" },
      staging: { tags: { CostCenter: "ml-platform" } },
      prod: { accountId: "444455556666", region: "eu-west-1", audit: { breakGlassPrincipalArns: ["arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef"] } },
    },
  },
};
/** Every form of today's IRSA output: a second service account, the CNI's role, a looked-up provider. */
const irsaVariants = {
  foundation: {
    ...deployable.foundation,
    synthesize: ["dev", "staging"],
    eksOidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789",
    environments: {
      dev: { iam: { cniPolicy: "irsa", retailApiServiceAccount: "serving:retail-api-v2" } },
      staging: { iam: { oidcProvider: "existing" } },
    },
  },
};
const CASES: Record<string, Record<string, unknown>> = {
  "repository cdktf.json": { ...repository, foundation: { ...repository.foundation, synthesize: ["dev", "staging", "prod"] } },
  "deployable configuration": deployable,
  "IRSA variants": irsaVariants,
};

/** Terraform's JSON without its comments: every "//" key (cdktf's metadata, the compliance results) removed, at any depth. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, withoutComments(v)]));
}

const sha = (text: string | Buffer): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/**
 * Every stack's cdk.tf.json hashed, by stack name; with `terraformOnly`, what Terraform reads of
 * it (comments removed): the compliance results a new rule adds to every stack's metadata change
 * the file, not the infrastructure.
 */
function synthesizedHashes(context: Record<string, unknown>, kept: string[], terraformOnly = false): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "pinned-"));
  kept.push(outdir);
  expect(synthesizeFoundation({ context, env: {}, outdir, log: () => undefined })).toBe(0);
  return Object.fromEntries(
    readdirSync(join(outdir, "stacks"))
      .sort()
      .map((stack) => {
        const file = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"));
        return [stack, terraformOnly ? sha(JSON.stringify(withoutComments(JSON.parse(file.toString("utf8"))))) : sha(file)];
      }),
  );
}

test("every stack of today's environments is byte-identical to the pinned output", () => {
  const kept: string[] = [];
  const actual = Object.fromEntries(Object.entries(CASES).map(([name, context]) => [name, synthesizedHashes(context, kept)]));
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, JSON.stringify(actual, null, 2) + "\n");
  const pinned = JSON.parse(readFileSync(GOLDEN, "utf8"));
  const same = JSON.stringify(actual) === JSON.stringify(pinned);
  if (same) for (const dir of kept) rmSync(dir, { recursive: true, force: true });
  expect(same ? actual : { actual, stacksKeptIn: kept }).toEqual(pinned);
});

/**
 * What Terraform reads of the same stacks, pinned at the last commit before Pod Identity and the
 * ML events (ecf9ae1): a change that only adds compliance results to the metadata leaves these
 * unchanged.
 */
test("what Terraform reads of every stack is byte-identical to before issue 25 (comments aside)", () => {
  const kept: string[] = [];
  const actual = Object.fromEntries(Object.entries(CASES).map(([name, context]) => [name, synthesizedHashes(context, kept, true)]));
  const golden = join(__dirname, "golden", "pinned-terraform.json");
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, JSON.stringify(actual, null, 2) + "\n");
  for (const dir of kept) rmSync(dir, { recursive: true, force: true });
  expect(actual).toEqual(JSON.parse(readFileSync(golden, "utf8")));
});

test("cdktf's full preparation (the cross-stack reference pass the stacks leave out) gives the same output", () => {
  const kept: string[] = [];
  const prepare = Object.getOwnPropertyDescriptor(SelfContainedStack.prototype, "prepareStack")!;
  Object.defineProperty(SelfContainedStack.prototype, "prepareStack", { value: TerraformStack.prototype.prepareStack, configurable: true, writable: true });
  try {
    expect(synthesizedHashes(CASES["deployable configuration"], kept)).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8"))["deployable configuration"]);
  } finally {
    Object.defineProperty(SelfContainedStack.prototype, "prepareStack", prepare);
    for (const dir of kept) rmSync(dir, { recursive: true, force: true });
  }
});
