/** The mocked SageMaker of the cleanup account: training jobs, endpoints and their configurations, model packages. */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelPackageCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelPackageCommand,
  DescribeTrainingJobCommand,
  ListEndpointsCommand,
  ListModelPackagesCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import type { CleanupWorld } from "../world";
import { ACCOUNT, error, page, REGION, tagList, type ServiceMock } from "./common";

const arnOf = (kind: string, name: string): string => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${kind}/${name}`;

export function sageMakerMock(world: () => CleanupWorld): ServiceMock {
  const sagemaker = mockClient(SageMakerClient);
  const install = (): void => {
    sagemaker.on(ListTrainingJobsCommand).callsFake(({ StatusEquals, NameContains, NextToken }) => {
      const p = page(world().trainingJobs.filter((j) => j.status === StatusEquals && j.name.includes(NameContains ?? "")), NextToken);
      return { TrainingJobSummaries: p.slice.map((j) => ({ TrainingJobName: j.name, TrainingJobArn: arnOf("training-job", j.name), TrainingJobStatus: j.status })), NextToken: p.next };
    });
    sagemaker.on(DescribeTrainingJobCommand).callsFake(({ TrainingJobName }) => {
      const job = world().trainingJobs.find((j) => j.name === TrainingJobName);
      if (!job) throw error("ResourceNotFound", `Requested resource not found: ${TrainingJobName}`);
      // A heterogeneous cluster gives instance groups instead of one type and count.
      const resources = job.instanceGroups
        ? { InstanceGroups: [{ InstanceGroupName: "a", InstanceType: "ml.m5.xlarge", InstanceCount: 1 }, { InstanceGroupName: "b", InstanceType: "ml.p3.2xlarge", InstanceCount: 1 }], VolumeSizeInGB: 30 }
        : { InstanceType: "ml.m5.xlarge", InstanceCount: 2, VolumeSizeInGB: 30 };
      return { TrainingJobName, TrainingJobArn: arnOf("training-job", job.name), TrainingJobStatus: job.status, ResourceConfig: resources };
    });
    sagemaker.on(StopTrainingJobCommand).callsFake(({ TrainingJobName }) => {
      const job = world().trainingJobs.find((j) => j.name === TrainingJobName);
      if (!job) throw error("ResourceNotFound", `Requested resource not found: ${TrainingJobName}`);
      if (job.status !== "InProgress") throw error("ValidationException", `The training job ${TrainingJobName} is not in progress and cannot be stopped.`);
      job.status = "Stopping";
      return {};
    });
    sagemaker.on(ListEndpointsCommand).callsFake(({ NextToken }) => {
      const p = page(world().endpoints, NextToken);
      return { Endpoints: p.slice.map((e) => ({ EndpointName: e.name, EndpointArn: arnOf("endpoint", e.name), EndpointStatus: e.status })), NextToken: p.next };
    });
    sagemaker.on(DescribeEndpointCommand).callsFake(({ EndpointName }) => {
      const w = world();
      const e = w.endpoints.find((x) => x.name === EndpointName);
      if (!e) throw error("ValidationException", `Could not find endpoint "${EndpointName}".`);
      if (e.status === "Deleting" && (e.deletingPolls ?? 3) <= 0) {
        w.endpoints = w.endpoints.filter((x) => x !== e);
        throw error("ValidationException", `Could not find endpoint "${EndpointName}".`);
      }
      if (e.status === "Deleting") e.deletingPolls = (e.deletingPolls ?? 3) - 1;
      return { EndpointName, EndpointArn: arnOf("endpoint", e.name), EndpointStatus: e.status, EndpointConfigName: e.config };
    });
    sagemaker.on(DescribeEndpointConfigCommand).callsFake(({ EndpointConfigName }) => {
      if (world().deniedReads?.has(EndpointConfigName)) throw error("AccessDeniedException", `User is not authorized to perform: sagemaker:DescribeEndpointConfig on ${EndpointConfigName}`);
      if (!world().endpointConfigs.includes(EndpointConfigName)) throw error("ValidationException", `Could not find endpoint configuration "${EndpointConfigName}".`);
      // A serverless variant has a ServerlessConfig instead of an instance type and count.
      const serverless = { VariantName: "Serverless", ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } };
      const instances = { VariantName: "AllTraffic", InstanceType: "ml.m5.large", InitialInstanceCount: 1 };
      const variants = world().serverlessConfigs?.includes(EndpointConfigName) ? [serverless] : world().splitConfigs?.includes(EndpointConfigName) ? [instances, serverless] : [instances];
      return { EndpointConfigName, EndpointConfigArn: arnOf("endpoint-config", EndpointConfigName), ProductionVariants: variants };
    });
    sagemaker.on(DeleteEndpointCommand).callsFake(({ EndpointName }) => {
      const w = world();
      const e = w.endpoints.find((x) => x.name === EndpointName);
      if (!e) throw error("ValidationException", "Could not find endpoint");
      e.status = "Deleting";
      return {};
    });
    sagemaker.on(DeleteEndpointConfigCommand).callsFake(({ EndpointConfigName }) => {
      const w = world();
      if (!w.endpointConfigs.includes(EndpointConfigName)) throw error("ValidationException", `Could not find endpoint configuration "${EndpointConfigName}".`);
      w.endpointConfigs = w.endpointConfigs.filter((c) => c !== EndpointConfigName);
      return {};
    });
    sagemaker.on(ListModelPackagesCommand).callsFake(({ ModelPackageGroupName, ModelApprovalStatus, NextToken }) => {
      const matching = world().modelPackages.filter((m) => m.arn.includes(`/${ModelPackageGroupName}/`) && m.status === ModelApprovalStatus);
      const p = page(matching, NextToken);
      return { ModelPackageSummaryList: p.slice.map((m) => ({ ModelPackageArn: m.arn, ModelApprovalStatus: m.status, ModelPackageGroupName })), NextToken: p.next };
    });
    sagemaker.on(DescribeModelPackageCommand).callsFake(({ ModelPackageName }) => {
      const m = world().modelPackages.find((x) => x.arn === ModelPackageName);
      if (!m) throw error("ValidationException", "Model package not found");
      return { ModelPackageArn: m.arn, ModelApprovalStatus: m.status };
    });
    sagemaker.on(DeleteModelPackageCommand).callsFake(({ ModelPackageName }) => {
      const w = world();
      if (!w.modelPackages.some((m) => m.arn === ModelPackageName)) throw error("ValidationException", "Model package not found");
      w.modelPackages = w.modelPackages.filter((m) => m.arn !== ModelPackageName);
      return {};
    });
    sagemaker.on(ListTagsCommand).callsFake(({ ResourceArn }) => {
      const w = world();
      const tags = [...w.trainingJobs.map((j) => [arnOf("training-job", j.name), j.tags] as const), ...w.endpoints.map((e) => [arnOf("endpoint", e.name), e.tags] as const), ...w.modelPackages.map((m) => [m.arn, m.tags] as const)].find(
        ([arn]) => arn === ResourceArn,
      )?.[1];
      if (!tags) throw error("ValidationException", `Resource ${ResourceArn} not found.`);
      return { Tags: tagList(tags) };
    });
  };
  return { stubs: { sagemaker }, install };
}
