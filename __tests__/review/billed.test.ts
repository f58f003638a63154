/** What the review reads off a synthesized foundation stack to price it: the ML and network activity selectors. */
import { stackView } from "../../compliance/stack-view";
import { billedResources } from "../../review/sections";
import { FoundationStack } from "../../stacks/foundation-stack";
import { configFor, resourceAt, synthesize, testApp, type Json } from "../helpers";

const stack = (audit: Record<string, unknown>): Json => synthesize(new FoundationStack(testApp(), configFor("dev", { audit })));
const billed = (json: Json) => billedResources(stackView(json), "first", "us-east-1")!;

test("ML resource types and network activity sources are counted from the trail's selectors", () => {
  expect(billed(stack({})).mlDataEventTypes).toBe(0);
  const json = stack({ mlDataEvents: ["sagemaker-experiments", "bedrock-agents"], networkActivity: { eventSources: ["s3.amazonaws.com", "kms.amazonaws.com"] } });
  expect([billed(json).mlDataEventTypes, billed(json).networkActivity]).toEqual([6, { sources: 2, errorsOnly: true }]);
  expect(billed(stack({ networkActivity: { eventSources: ["s3.amazonaws.com"], errorsOnly: false } })).networkActivity).toEqual({ sources: 1, errorsOnly: false });
});

test("a trail where one source records every request is priced as every request", () => {
  const json = stack({ networkActivity: { eventSources: ["s3.amazonaws.com", "kms.amazonaws.com"] } });
  const trail = resourceAt(json, "aws_cloudtrail", "Audit/Trail");
  trail.advanced_event_selector[3].field_selector = trail.advanced_event_selector[3].field_selector.filter((f: Json) => f.field !== "errorCode");
  expect(billed(json).networkActivity).toEqual({ sources: 2, errorsOnly: false });
});
