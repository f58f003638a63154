/**
 * The ML pipeline's own events a trail can record beyond S3 objects: data events of SageMaker and
 * Bedrock resources, grouped in presets by workload, and network activity events of VPC
 * endpoints. The `resources.type` values and event sources are those of the CloudTrail User
 * Guide's tables ("Data events", "Network activity events"), as read on 2026-12-04; the
 * configuration validates against them, the trail construct builds its selectors from them and
 * the review prices them.
 */

/** One resource type of a preset, and how its ARNs can be scoped to the project. */
export interface MlResourceType {
  readonly type: string;
  /** What it records, for the review. */
  readonly records: string;
  /**
   * The ARN's resource part before the name (`endpoint/`): the selector is limited to the
   * project's SageMaker name prefixes. Undefined where the ARN carries an id AWS generates (Bedrock
   * guardrails, knowledge bases, agent aliases) or an AWS resource (foundation models): the
   * selector records every resource of the type in the account.
   */
  readonly namedBy?: string;
}

export const ML_PRESETS = {
  "sagemaker-serving": [{ type: "AWS::SageMaker::Endpoint", records: "InvokeEndpointWithResponseStream on the project's endpoints", namedBy: "endpoint/" }],
  "sagemaker-features": [{ type: "AWS::SageMaker::FeatureGroup", records: "PutRecord, GetRecord, BatchGetRecord, DeleteRecord on the project's feature groups", namedBy: "feature-group/" }],
  "sagemaker-experiments": [
    { type: "AWS::SageMaker::MlflowTrackingServer", records: "MLflow API calls on the project's tracking servers", namedBy: "mlflow-tracking-server/" },
    { type: "AWS::SageMaker::ExperimentTrialComponent", records: "SageMaker Metrics (BatchPutMetrics) on the project's trial components", namedBy: "experiment-trial-component/" },
  ],
  "bedrock-inference": [
    { type: "AWS::Bedrock::Model", records: "model invocations (InvokeModel, Converse and their streams) on any model" },
    { type: "AWS::Bedrock::AsyncInvoke", records: "asynchronous invocations" },
    { type: "AWS::Bedrock::Guardrail", records: "ApplyGuardrail and guardrail evaluations" },
  ],
  "bedrock-agents": [
    { type: "AWS::Bedrock::AgentAlias", records: "InvokeAgent on agent aliases" },
    { type: "AWS::Bedrock::KnowledgeBase", records: "Retrieve and RetrieveAndGenerate on knowledge bases" },
    { type: "AWS::Bedrock::FlowAlias", records: "InvokeFlow on flow aliases" },
    { type: "AWS::Bedrock::PromptVersion", records: "RenderPrompt on prompt versions" },
  ],
} as const satisfies Record<string, readonly MlResourceType[]>;

export type MlPreset = keyof typeof ML_PRESETS;
export const ML_PRESET_NAMES = Object.keys(ML_PRESETS) as MlPreset[];

/** Services whose VPC endpoint activity CloudTrail records as network activity events. */
export const NETWORK_ACTIVITY_SOURCES = [
  "cloudtrail.amazonaws.com",
  "ec2.amazonaws.com",
  "kms.amazonaws.com",
  "s3.amazonaws.com",
  "secretsmanager.amazonaws.com",
] as const;

/** The error code of a request a VPC endpoint policy refused: recording only those is the cheap default. */
export const VPCE_ACCESS_DENIED = "VpceAccessDenied";

/** Names of the selectors, as the trail, verify and the review show them. */
export const mlSelectorName = (preset: MlPreset, type: string): string => `ML data events: ${preset} (${type})`;
export const networkSelectorName = (source: string, errorsOnly: boolean): string => `Network activity: ${source}${errorsOnly ? ` (${VPCE_ACCESS_DENIED} only)` : ""}`;
