/**
 * What verify expects of an organization, read from its synthesized stacks: each setting as the
 * stacks write it (not as the example happens to set it), each policy's own attachments.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { expectedOrganization } from "../../verify/organization-expected";
import { synthesizeOnce } from "./world";

const CONTEXT = JSON.parse(readFileSync(join(__dirname, "../../examples/organization/cdktf.json"), "utf8")).context;
const ORG = loadConfig({ settings: CONTEXT.foundation, env: {} }).organization!;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const stacks = (): Record<"archive" | "trail" | "management", Json> => {
  const { stacks: all } = synthesizeOnce({ context: CONTEXT, env: {} });
  const read = (name: string): Json => JSON.parse(all.find((s) => s.name === name)!.text);
  return { archive: read(ORG.names.archiveStack), trail: read(ORG.names.trailStack), management: read(ORG.names.managementStack) };
};

test("the trail's settings as the stack writes them, false ones included; the trail account holds no bucket", () => {
  const s = stacks();
  const trail = Object.values(s.trail.resource.aws_cloudtrail)[0] as Json;
  Object.assign(trail, { is_multi_region_trail: false, include_global_service_events: false, enable_log_file_validation: false });
  const e = expectedOrganization(ORG, s.archive, s.trail, s.management);
  expect({ multiRegion: e.trailAccount.trail.multiRegion, global: e.trailAccount.trail.globalServiceEvents, validation: e.trailAccount.trail.logFileValidation }).toEqual({
    multiRegion: false,
    global: false,
    validation: false,
  });
  expect(e.trailAccount.buckets).toEqual([]);
  expect(e.logArchive.alarms).toEqual([]);
});

test("each policy's targets are its own attachments'", () => {
  const s = stacks();
  const attachments = s.management.resource.aws_organizations_policy_attachment as Record<string, Json>;
  const rcp = Object.entries(attachments).find(([, a]) => String(a.policy_id).includes("ArchivePerimeter"))!;
  rcp[1].target_id = "ou-ab12-11111111";
  const e = expectedOrganization(ORG, s.archive, s.trail, s.management);
  expect(e.guardrails.policies.map((p) => [p.type, p.targets])).toEqual([
    ["RESOURCE_CONTROL_POLICY", ["ou-ab12-11111111"]],
    ["SERVICE_CONTROL_POLICY", ["r-ab12"]],
  ]);
});
