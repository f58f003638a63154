/** The registry of cleanup's kinds: one handler per file in this folder. */
import type { Handler, Kind } from "../types";
import { restApis } from "./apigateway-rest-api";
import { distributions } from "./cloudfront-distribution";
import { tables } from "./dynamodb-table";
import { ecrImages } from "./ecr-images";
import { eksAddons } from "./eks-addon";
import { podIdentityAssociations } from "./eks-pod-identity-association";
import { policies } from "./iam-policy";
import { roles } from "./iam-role";
import { functions } from "./lambda-function";
import { logGroups } from "./logs-log-group";
import { buckets } from "./s3-bucket";
import { endpointConfigs } from "./sagemaker-endpoint-config";
import { failedEndpoints } from "./sagemaker-endpoint";
import { modelPackages } from "./sagemaker-model-package";
import { trainingJobs } from "./sagemaker-training-job";

export const HANDLERS: Readonly<Record<Kind, Handler>> = {
  "cloudfront.distribution": distributions,
  "apigateway.rest-api": restApis,
  "lambda.function": functions,
  "sagemaker.training-job": trainingJobs,
  "sagemaker.endpoint": failedEndpoints,
  "sagemaker.endpoint-config": endpointConfigs,
  "sagemaker.model-package": modelPackages,
  "ecr.images": ecrImages,
  "eks.pod-identity-association": podIdentityAssociations,
  "eks.addon": eksAddons,
  "logs.log-group": logGroups,
  "dynamodb.table": tables,
  "s3.bucket": buckets,
  "iam.policy": policies,
  "iam.role": roles,
};
