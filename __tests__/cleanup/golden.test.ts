import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runApply, runPlan } from "../../cleanup/run";
import { cleanupHarness, logLines } from "./harness";
import type { CleanupWorld } from "./world";

const { mocks, setup, world } = cleanupHarness();

/** What a command printed, as a file: the temporary directory named <outdir>, the log file's timestamp kept (the clock is fixed). */
const printed = (lines: readonly string[], outdir: string): string => lines.map((l) => l.split(outdir).join("<outdir>")).join("\n") + "\n";

describe("the plan and the apply log of the leftovers, written out", () => {
  // Every field of every planned and excluded item, and every line of the apply log, pinned: a
  // kind that plans a wrong name, rule, ARN or match, or logs a wrong action, fails here. Read the
  // files when they change (UPDATE_GOLDEN=1).
  test("the plan file and the JSONL log of its apply", async () => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    const plan = readFileSync(t.planFile, "utf8").replace(t.outdir, "<outdir>");
    const planned = printed(t.log.splice(0), t.outdir);
    mocks.reset();
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(0);
    const log = logLines(t.outdir).map((l) => JSON.stringify(l)).join("\n") + "\n";
    const applied = printed(t.log, t.outdir);
    for (const [text, name] of [[plan, "plan-dev.json"], [planned, "plan-dev.txt"], [log, "apply-dev.jsonl"], [applied, "apply-dev.txt"]]) {
      const golden = join(__dirname, "golden", name);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
    }
  });

  // Every kind's re-check at apply time: everything re-tagged for another project is skipped with
  // the reason; everything deleted meanwhile is "already gone". Nothing is deleted in either.
  test.each([
    [
      "retagged",
      (w: CleanupWorld) => {
        const other = { Project: "fraud-detection" };
        for (const list of [w.logGroups, w.trainingJobs, w.endpoints, w.modelPackages, w.distributions, w.restApis, w.functions, w.tables, w.buckets, w.policies, w.roles]) for (const r of list as { tags: Record<string, string> }[]) r.tags = other;
        for (const c of w.clusters) if (c.addon) c.addon.tags = other;
        for (const c of w.clusters) for (const a of c.associations ?? []) a.tags = other;
        if (w.repository) w.repository.tags = other;
      },
    ],
    [
      "gone",
      (w: CleanupWorld) => {
        Object.assign(w, { logGroups: [], trainingJobs: [], endpoints: [], endpointConfigs: [], modelPackages: [], distributions: [], restApis: [], functions: [], tables: [], buckets: [], policies: [], roles: [], images: [] });
        for (const c of w.clusters) Object.assign(c, { addon: undefined, associations: [] });
      },
    ],
  ] as const)("the apply log when everything planned was %s", async (name, change) => {
    const t = setup();
    expect(await runPlan(t.options, "dev", undefined, { allowProd: false, sharedAccount: true })).toBe(0);
    change(world());
    mocks.reset();
    t.log.splice(0);
    expect(await runApply(t.options, t.planFile, { yes: true, allowProd: false })).toBe(name === "gone" ? 0 : 1);
    expect(mocks.destructive()).toEqual([]);
    const log = logLines(t.outdir).map((l) => JSON.stringify(l)).join("\n") + "\n";
    for (const [text, file] of [[log, `apply-dev-${name}.jsonl`], [printed(t.log, t.outdir), `apply-dev-${name}.txt`]]) {
      const golden = join(__dirname, "golden", file);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
    }
  });
});
