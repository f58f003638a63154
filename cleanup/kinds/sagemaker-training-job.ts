/** SageMaker training jobs still running. */
import {
  DescribeTrainingJobCommand,
  paginateListTrainingJobs,
  StopTrainingJobCommand,
} from "@aws-sdk/client-sagemaker";
import type { Handler } from "../types";
import { compare, Findings, item, reread, sageMakerTags, type Json } from "./common";

export const trainingJobs: Handler = {
  kind: "sagemaker.training-job",
  done: "stopped",
  async discover(c) {
    const { api } = c;
    const prefix = c.config.cleanup.sagemakerPrefix;
    const found = new Findings(c, "sagemaker.training-job");
    for await (const page of paginateListTrainingJobs({ client: api.via(api.clients.sagemaker) }, { StatusEquals: "InProgress", NameContains: prefix, MaxResults: 100 })) {
      for (const job of (page.TrainingJobSummaries ?? []) as Json[]) {
        if (!String(job.TrainingJobName).startsWith(prefix)) continue;
        const tags = await sageMakerTags(c, job.TrainingJobArn);
        await found.consider(job.TrainingJobName, tags, async () => {
          const described = await api.send<Json>(api.clients.sagemaker, new DescribeTrainingJobCommand({ TrainingJobName: job.TrainingJobName }));
          const resources = described.ResourceConfig ?? {};
          return item("sagemaker.training-job", job.TrainingJobName, c.config.region, `InProgress training job named ${prefix}*`, { tags, status: "InProgress" }, {
            arn: job.TrainingJobArn,
            cost: `${resources.InstanceCount ?? "?"} x ${resources.InstanceType ?? "?"} billed while it runs`,
          });
        });
      }
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!planned.name.startsWith(c.config.cleanup.sagemakerPrefix)) return { state: "changed", why: "not named with the configured prefix" };
      const job = await c.api.send<Json>(c.api.clients.sagemaker, new DescribeTrainingJobCommand({ TrainingJobName: planned.name }));
      if (job.TrainingJobStatus !== "InProgress") return { state: "gone" };
      return compare(c, planned, planned.name, await sageMakerTags(c, job.TrainingJobArn), { status: job.TrainingJobStatus });
    }),
  async remove(c, planned) {
    c.record("StopTrainingJob", planned.name);
    await c.api.send(c.api.clients.sagemaker, new StopTrainingJobCommand({ TrainingJobName: planned.name }));
  },
};

/** Every endpoint of the region, described (with its config name): a config is deleted only when no endpoint uses it. */
