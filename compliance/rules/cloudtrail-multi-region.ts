import { compliant, nonCompliant, type Json, type Rule } from "../types";
import { asList, field, fieldSelectors } from "./util";

/**
 * True when a selector records management events without a readOnly filter (read and write).
 * Excluding event sources (`audit.excludeNoisyManagementEvents`) is a configured trade-off the
 * KMS alarm check (MON-1 and the configuration) already guards.
 */
function recordsReadAndWriteManagementEvents(trail: Json): boolean {
  const advanced = fieldSelectors(trail).some(
    (s) => asList(field(s, "eventCategory")?.equals).includes("Management") && field(s, "readOnly") === undefined,
  );
  const basic = asList(trail.event_selector).some((s: Json) => s.include_management_events !== false && (s.read_write_type ?? "All") === "All");
  return advanced || basic;
}

export const cloudTrailMultiRegion: Rule = {
  id: "CT-1",
  level: "error",
  info: "The trail is multi-region and records management events, read and write",
  explanation: "Activity in a region the trail does not cover, or read-only reconnaissance, leaves no audit record.",
  cisV5: ["3.1"],
  cisV3: ["3.1"],
  cisV6: ["4.1"],
  securityHub: ["CloudTrail.1"],
  checkov: ["CKV_AWS_67"],
  resourceTypes: ["aws_cloudtrail"],
  evaluate: ({ config }) => {
    if (config.is_multi_region_trail !== true) return nonCompliant("is_multi_region_trail is not true");
    if (!recordsReadAndWriteManagementEvents(config)) return nonCompliant("no event selector records both read and write management events");
    return compliant;
  },
};
