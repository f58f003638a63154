/** The ML pipeline's own events on the trail: the selectors each setting adds, and what they cost in the review. */
import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, configFor, resourceAt, synthesize, testApp, type Json } from "../helpers";

const trailOf = (settings: Record<string, unknown>): Json => resourceAt(synthesize(new FoundationStack(testApp(), configFor("dev", settings))), "aws_cloudtrail", "Audit/Trail");
const names = (trail: Json): string[] => trail.advanced_event_selector.map((s: Json) => s.name);

test("none by default: the management and S3 selectors only", () => {
  expect(names(trailOf({}))).toEqual(["Management events", "S3 object events of the project buckets"]);
});

test("SageMaker presets are limited to the project's SageMaker name prefixes; Bedrock's record the account's", () => {
  const trail = trailOf({ audit: { mlDataEvents: ["sagemaker-serving", "bedrock-agents"] }, iam: { sagemakerResourcePrefixes: ["retail-", "mlops-"] } });
  expect(trail.advanced_event_selector.slice(2)).toEqual([
    {
      name: "ML data events: sagemaker-serving (AWS::SageMaker::Endpoint)",
      field_selector: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::SageMaker::Endpoint"] },
        { field: "resources.ARN", starts_with: [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/retail-`, `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/mlops-`] },
      ],
    },
    ...["AgentAlias", "KnowledgeBase", "FlowAlias", "PromptVersion"].map((t) => ({
      name: `ML data events: bedrock-agents (AWS::Bedrock::${t})`,
      field_selector: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: [`AWS::Bedrock::${t}`] },
      ],
    })),
  ]);
});

test("every preset: one selector per resource type, each with a unique name", () => {
  const trail = trailOf({ audit: { mlDataEvents: ["sagemaker-serving", "sagemaker-features", "sagemaker-experiments", "bedrock-inference", "bedrock-agents"] } });
  const ml = names(trail).slice(2);
  expect(ml).toHaveLength(11);
  expect(new Set(ml).size).toBe(11);
  const arns = trail.advanced_event_selector.slice(2).map((s: Json) => s.field_selector.find((f: Json) => f.field === "resources.ARN")?.starts_with?.[0]);
  expect(arns.slice(0, 4)).toEqual([
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/mlops-retail-prediction`,
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:feature-group/mlops-retail-prediction`,
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:mlflow-tracking-server/mlops-retail-prediction`,
    `arn:aws:sagemaker:us-east-1:${ACCOUNT}:experiment-trial-component/mlops-retail-prediction`,
  ]);
});

test("network activity: one selector per event source, VpceAccessDenied only unless errorsOnly is false", () => {
  expect(trailOf({ audit: { networkActivity: { eventSources: ["s3.amazonaws.com"] } } }).advanced_event_selector[2]).toEqual({
    name: "Network activity: s3.amazonaws.com (VpceAccessDenied only)",
    field_selector: [
      { field: "eventCategory", equals: ["NetworkActivity"] },
      { field: "eventSource", equals: ["s3.amazonaws.com"] },
      { field: "errorCode", equals: ["VpceAccessDenied"] },
    ],
  });
  expect(trailOf({ audit: { networkActivity: { eventSources: ["kms.amazonaws.com"], errorsOnly: false } } }).advanced_event_selector[2]).toEqual({
    name: "Network activity: kms.amazonaws.com",
    field_selector: [
      { field: "eventCategory", equals: ["NetworkActivity"] },
      { field: "eventSource", equals: ["kms.amazonaws.com"] },
    ],
  });
});
