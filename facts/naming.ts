
/** Every name the foundation creates. Each can be overridden under `names` in the configuration. */
export interface Names {
  /** Bootstrap stack that owns the Terraform state bucket. */
  readonly stateStack: string;
  /** The foundation stack (audit trail and IAM). */
  readonly foundationStack: string;
  readonly stateBucket: string;
  readonly trail: string;
  readonly logBucket: string;
  readonly accessLogBucket: string;
  readonly kmsAlias: string;
  readonly logGroup: string;
  readonly cloudTrailLogsRole: string;
  readonly eksClusterRole: string;
  readonly eksNodeGroupRole: string;
  readonly eksNodeInstanceProfile: string;
  readonly sagemakerExecutionRole: string;
  readonly lambdaInferenceRole: string;
  readonly lambdaInferencePolicy: string;
  readonly alarmTopic: string;
  readonly alarmKmsAlias: string;
}

/**
 * The longest project name for which every derived name fits AWS's limits in every
 * environment: `<project>-staging-lambda-inference-role` must fit an IAM role name (64), and
 * `<project>-staging-tfstate-<12-digit account>` an S3 bucket name (63). Both leave 34.
 */
export const MAX_PROJECT_LENGTH = 34;

/**
 * Environment names: lowercase words joined by single hyphens, as the project's, so every name
 * derived from them stays valid (trail names forbid "--", bucket names uppercase). The 40 here is
 * only an upper bound: what fits depends on the project, the account and the region, and the
 * configuration checks each environment's derived names against it (config/environment-name.ts).
 */
export const MAX_ENVIRONMENT_LENGTH = 40;
export const ENVIRONMENT_NAME_PATTERN = new RegExp(`^(?=.{1,${MAX_ENVIRONMENT_LENGTH}}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$`);

/** The family prefix of the audit resources later pipeline stages look up by name. */
export const AUDIT_NAME_PREFIX = "mlops";

export interface NameInputs {
  readonly project: string;
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * Derives every name from the configuration. For `dev` these are exactly the names the later
 * pipeline stages use; the other environments add their name so they cannot collide with
 * dev's in a shared account.
 */
export function deriveNames({ project, environment, accountId, region }: NameInputs): Names {
  const p = `${project}-${environment}`;
  // The seed's audit names carry no environment; keep them for dev only.
  const env = environment === "dev" ? "" : `${environment}-`;
  return {
    stateStack: `${p}-state`,
    foundationStack: `${p}-foundation`,
    stateBucket: `${p}-tfstate-${accountId}`,
    trail: `${project}-${env}audit-trail`,
    logBucket: `${AUDIT_NAME_PREFIX}-cloudtrail-logs-${env}${region}-${accountId}`,
    accessLogBucket: `${AUDIT_NAME_PREFIX}-cloudtrail-s3access-${env}${region}-${accountId}`,
    kmsAlias: `alias/${p}-cloudtrail-key`,
    logGroup: `${AUDIT_NAME_PREFIX}-cloudtrail-${env}log-group`,
    cloudTrailLogsRole: `${p}-cloudtrail-logs-role`,
    eksClusterRole: `${p}-eks-cluster-role`,
    eksNodeGroupRole: `${p}-eks-nodegroup-role`,
    eksNodeInstanceProfile: `${p}-eks-nodegroup-profile`,
    sagemakerExecutionRole: `${p}-sagemaker-execution`,
    lambdaInferenceRole: `${p}-lambda-inference-role`,
    lambdaInferencePolicy: `${p}-lambda-inference-policy`,
    alarmTopic: `${p}-security-alarms`,
    alarmKmsAlias: `alias/${p}-security-alarms-key`,
  };
}

/**
 * Name of the IRSA role for a service account. The namespace is left out so that
 * `<longest project>-staging-irsa-retail-api` still fits IAM's 64 characters.
 */
export function irsaRoleName(project: string, environment: string, serviceAccount: string): string {
  return `${project}-${environment}-irsa-${serviceAccount.slice(serviceAccount.indexOf(":") + 1)}`;
}

/** The backend key of a stack whose state lives in a state bucket (an environment's, or the organization's). */
export function stateKey(stack: string): string {
  return `${stack}/terraform.tfstate`;
}
