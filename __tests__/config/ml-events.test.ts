/** The ML data event presets and network activity sources in the configuration: one message per mistake. */
import { ACCOUNT, configProblems } from "../helpers";

test.each<[string, Record<string, unknown>, string[]]>([
  ["an unknown preset", { audit: { mlDataEvents: ["bedrock"] } }, [
    'environments.dev.audit.mlDataEvents: each entry must be one of sagemaker-serving, sagemaker-features, sagemaker-experiments, bedrock-inference, bedrock-agents, got "bedrock"',
  ]],
  ["a preset twice", { audit: { mlDataEvents: ["bedrock-agents", "bedrock-agents"] } }, ['environments.dev.audit.mlDataEvents: must list each entry once, got "bedrock-agents"']],
  ["an event source CloudTrail does not record", { audit: { networkActivity: { eventSources: ["sagemaker.amazonaws.com"] } } }, [
    'environments.dev.audit.networkActivity.eventSources: each entry must be one of cloudtrail.amazonaws.com, ec2.amazonaws.com, kms.amazonaws.com, s3.amazonaws.com, secretsmanager.amazonaws.com, got "sagemaker.amazonaws.com" (23 characters)',
  ]],
  ["an event source that only looks like one", { audit: { networkActivity: { eventSources: ["s3xamazonaws.com"] } } }, [
    'environments.dev.audit.networkActivity.eventSources: each entry must be one of cloudtrail.amazonaws.com, ec2.amazonaws.com, kms.amazonaws.com, s3.amazonaws.com, secretsmanager.amazonaws.com, got "s3xamazonaws.com"',
  ]],
  ["an event source twice", { audit: { networkActivity: { eventSources: ["s3.amazonaws.com", "s3.amazonaws.com"] } } }, ['environments.dev.audit.networkActivity.eventSources: must list each entry once, got "s3.amazonaws.com"']],
  ["a share above one", { costAssumptions: { vpceDeniedShare: 2 } }, ["environments.dev.costAssumptions.vpceDeniedShare: must be a number from 0 to 1, got 2"]],
])("%s is refused with one message", (_name, settings, expected) => {
  expect(configProblems({ accountId: ACCOUNT, environments: { dev: settings } })).toEqual(expected);
});

test("lists without repeats load", () => {
  expect(configProblems({ accountId: ACCOUNT, environments: { dev: { audit: { mlDataEvents: ["sagemaker-serving", "bedrock-agents"], networkActivity: { eventSources: ["s3.amazonaws.com", "kms.amazonaws.com"] } } } } })).toEqual([]);
});
