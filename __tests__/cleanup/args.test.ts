import { CLEANUP_USAGE, parseCleanupArgs } from "../../cleanup/args";

describe("npm run cleanup's arguments", () => {
  test.each<[string[], unknown]>([
    [["plan", "dev"], { command: "plan", environment: "dev", allowProd: false, sharedAccount: false }],
    [["plan", "prod", "--allow-prod", "--out", "p.json"], { command: "plan", environment: "prod", out: "p.json", allowProd: true, sharedAccount: false }],
    [["plan", "dev", "--shared-account"], { command: "plan", environment: "dev", allowProd: false, sharedAccount: true }],
    [["apply", "cdktf.out/cleanup-plan-dev.json"], { command: "apply", file: "cdktf.out/cleanup-plan-dev.json", yes: false, allowProd: false }],
    [["apply", "p.json", "--yes", "--allow-prod"], { command: "apply", file: "p.json", yes: true, allowProd: true }],
    [["--help"], { help: true }],
    [["plan", "dev", "-h"], { help: true }],
  ])("%j", (argv, expected) => {
    // Strict: a plan without --out carries no out key at all.
    expect(parseCleanupArgs(argv)).toStrictEqual(expected);
  });

  test("the usage names both commands and every option", () => {
    expect(CLEANUP_USAGE.split("\n")).toEqual([
      "usage: npm run cleanup -- plan <environment> [--out <file>] [--allow-prod] [--shared-account]",
      "       npm run cleanup -- apply <plan file> [--yes] [--allow-prod]",
      "  plan: read-only discovery of what Terraform does not own; apply: deletes exactly what the plan lists.",
    ]);
  });

  test.each<[string[], string]>([
    [[], 'the first argument must be plan or apply, got ""'],
    [["delete", "dev"], 'the first argument must be plan or apply, got "delete"'],
    [["plan"], "plan takes an environment, got none"],
    [["apply"], "apply takes a plan file, got none"],
    [["plan", "dev", "staging"], 'plan takes one environment, got also "staging"'],
    [["apply", "a.json", "b.json", "c.json"], 'apply takes one plan file, got also "b.json", "c.json"'],
    [["plan", "dev", "--yes"], "--yes is an option of apply (plan changes nothing)"],
    [["apply", "p.json", "--out", "x"], "--out is an option of plan (apply reads the plan file it is given)"],
    [["apply", "p.json", "--shared-account"], "--shared-account is an option of plan (apply deletes what the plan lists)"],
    [["plan", "dev", "--force"], expect.stringContaining("Unknown option '--force'") as unknown as string],
    [["plan", "dev", "--out"], expect.stringContaining("Option '--out <value>' argument missing") as unknown as string],
  ])("%j is an error", (argv, error) => {
    expect(parseCleanupArgs(argv)).toEqual({ error });
  });
});
