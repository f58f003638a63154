/** Model packages pending approval; approved packages are never planned. */
import {
  DeleteModelPackageCommand,
  DescribeModelPackageCommand,
  paginateListModelPackages,
} from "@aws-sdk/client-sagemaker";
import type { Handler } from "../types";
import { compare, Findings, ifExists, item, reread, sageMakerTags, type Json } from "./common";

export const modelPackages: Handler = {
  kind: "sagemaker.model-package",
  async discover(c) {
    const { api } = c;
    const group = c.config.cleanup.modelPackageGroup;
    const found = new Findings(c, "sagemaker.model-package");
    const pages = paginateListModelPackages(
      { client: api.via(api.clients.sagemaker) },
      { ModelPackageGroupName: group, ModelApprovalStatus: "PendingManualApproval", MaxResults: 100 },
    );
    // No such group: nothing to plan (the first page says so).
    const all = await ifExists(async () => {
      const listed: Json[] = [];
      for await (const page of pages) listed.push(...(page.ModelPackageSummaryList ?? []));
      return listed;
    });
    for (const pkg of all ?? []) {
      // Only PendingManualApproval is asked for; an Approved package is never planned.
      if (pkg.ModelApprovalStatus !== "PendingManualApproval") continue;
      const tags = await sageMakerTags(c, pkg.ModelPackageArn);
      const name = pkg.ModelPackageArn.split("/").slice(1).join("/");
      await found.consider(name, tags, () => item("sagemaker.model-package", name, c.config.region, `PendingManualApproval package of ${group}`, { tags, status: "PendingManualApproval" }, { arn: pkg.ModelPackageArn }));
    }
    return found;
  },
  recheck: (c, planned) =>
    reread(async () => {
      if (!planned.arn?.includes(`:model-package/${c.config.cleanup.modelPackageGroup}/`)) return { state: "changed", why: "not in the configured model package group" };
      const pkg = await c.api.send<Json>(c.api.clients.sagemaker, new DescribeModelPackageCommand({ ModelPackageName: planned.arn }));
      if (pkg.ModelApprovalStatus !== "PendingManualApproval") return { state: "changed", why: `now ${pkg.ModelApprovalStatus}: only packages pending approval are deleted` };
      return compare(c, planned, planned.name, await sageMakerTags(c, planned.arn!), { status: pkg.ModelApprovalStatus });
    }),
  async remove(c, planned) {
    c.record("DeleteModelPackage", planned.arn!);
    await c.api.send(c.api.clients.sagemaker, new DeleteModelPackageCommand({ ModelPackageName: planned.arn }));
  },
};
