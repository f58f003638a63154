/** The mocked CloudWatch Logs, EKS and ECR of the cleanup account. */
import { CloudWatchLogsClient, DeleteLogGroupCommand, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { BatchDeleteImageCommand, BatchGetImageCommand, DescribeRepositoriesCommand, ECRClient, ListImagesCommand, ListTagsForResourceCommand as ListEcrTagsCommand } from "@aws-sdk/client-ecr";
import {
  DeleteAddonCommand,
  DeletePodIdentityAssociationCommand,
  DescribeAddonCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListClustersCommand,
  ListPodIdentityAssociationsCommand,
} from "@aws-sdk/client-eks";
import { mockClient } from "aws-sdk-client-mock";
import type { CleanupWorld } from "../world";
import { ACCOUNT, error, page, REGION, tagList, type Json, type ServiceMock } from "./common";

/** The only add-on this world's clusters carry. */
export const ADDON = "amazon-cloudwatch-observability";

export function logsEksEcrMock(world: () => CleanupWorld, failing: (name: string) => void): ServiceMock {
  const logs = mockClient(CloudWatchLogsClient);
  const eks = mockClient(EKSClient);
  const ecr = mockClient(ECRClient);
  const logGroupArn = (name: string): string => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
  const repositoryArn = (name: string): string => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
  const repository = (name: string) => {
    const repo = world().repository;
    if (!repo || repo.name !== name) throw error("RepositoryNotFoundException", `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`);
    return repo;
  };
  const addonOf = (clusterName: string, addonName: string) => {
    const cluster = world().clusters.find((c) => c.name === clusterName);
    if (!cluster) throw error("ResourceNotFoundException", `No cluster found for name: ${clusterName}.`);
    if (!cluster.addon || addonName !== ADDON) throw error("ResourceNotFoundException", `No addon: ${addonName} found in cluster: ${clusterName}`);
    return { cluster, addon: cluster.addon };
  };
  const clusterNamed = (clusterName: string) => {
    const cluster = world().clusters.find((c) => c.name === clusterName);
    if (!cluster) throw error("ResourceNotFoundException", `No cluster found for name: ${clusterName}.`);
    return cluster;
  };
  const associationOf = (clusterName: string, associationId: string) => {
    const cluster = clusterNamed(clusterName);
    const association = (cluster.associations ?? []).find((a) => a.id === associationId);
    if (!association) throw error("ResourceNotFoundException", `No Pod Identity Association found for id: ${associationId}.`);
    return { cluster, association };
  };
  const associationArn = (clusterName: string, id: string): string => `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${clusterName}/${id}`;
  const install = (): void => {
    logs.on(DescribeLogGroupsCommand).callsFake(({ logGroupNamePrefix, nextToken }) => {
      const p = page(world().logGroups.filter((g) => g.name.startsWith(logGroupNamePrefix ?? "")), nextToken);
      return { logGroups: p.slice.map((g) => ({ logGroupName: g.name, arn: `${logGroupArn(g.name)}:*`, storedBytes: g.storedBytes })), nextToken: p.next };
    });
    // ListTagsForResource takes the log group's ARN without the trailing `:*` DescribeLogGroups gives.
    logs.on(ListLogTagsCommand).callsFake(({ resourceArn }) => {
      const group = world().logGroups.find((g) => logGroupArn(g.name) === resourceArn);
      if (!group) throw error("ResourceNotFoundException", "The specified log group does not exist.");
      return { tags: group.tags };
    });
    logs.on(DeleteLogGroupCommand).callsFake(({ logGroupName }) => {
      failing(logGroupName);
      const w = world();
      if (!w.logGroups.some((g) => g.name === logGroupName)) throw error("ResourceNotFoundException", "The specified log group does not exist.");
      const deleted = w.logGroups.find((g) => g.name === logGroupName)!;
      w.logGroups = w.logGroups.filter((g) => g.name !== logGroupName);
      if (w.recreated?.includes(logGroupName)) w.logGroups.push({ ...deleted, storedBytes: 0 });
      return {};
    });
    eks.on(ListClustersCommand).callsFake(({ nextToken }) => {
      const p = page(world().clusters.map((c) => c.name), nextToken);
      return { clusters: p.slice, nextToken: p.next };
    });
    // Summaries, as EKS lists them (no tags), filtered by namespace and service account when given.
    eks.on(ListPodIdentityAssociationsCommand).callsFake(({ clusterName, namespace, serviceAccount, nextToken }) => {
      const matching = (clusterNamed(clusterName).associations ?? []).filter((a) => (namespace ?? a.namespace) === a.namespace && (serviceAccount ?? a.serviceAccount) === a.serviceAccount);
      const p = page(matching, nextToken);
      return {
        associations: p.slice.map((a) => ({ clusterName, namespace: a.namespace, serviceAccount: a.serviceAccount, roleArn: a.roleArn, associationId: a.id, associationArn: associationArn(clusterName, a.id) })),
        nextToken: p.next,
      };
    });
    eks.on(DescribePodIdentityAssociationCommand).callsFake(({ clusterName, associationId }) => {
      const { association: a } = associationOf(clusterName, associationId);
      return {
        association: { clusterName, namespace: a.namespace, serviceAccount: a.serviceAccount, roleArn: a.roleArn, associationId: a.id, associationArn: associationArn(clusterName, a.id), tags: a.tags, disableSessionTags: false },
      };
    });
    eks.on(DeletePodIdentityAssociationCommand).callsFake(({ clusterName, associationId }) => {
      failing(`${clusterName}/${associationId}`);
      const { cluster, association } = associationOf(clusterName, associationId);
      cluster.associations = cluster.associations!.filter((a) => a !== association);
      return { association: { clusterName, associationId } };
    });
    eks.on(DescribeAddonCommand).callsFake(({ clusterName, addonName }) => {
      const { cluster, addon } = addonOf(clusterName, addonName);
      if (addon.deletingPolls !== undefined && addon.deletingPolls-- <= 0) {
        cluster.addon = undefined;
        throw error("ResourceNotFoundException", `No addon: ${addonName} found in cluster: ${clusterName}`);
      }
      const status = addon.deletingPolls !== undefined ? "DELETING" : "ACTIVE";
      return { addon: { addonName, clusterName, addonArn: `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${clusterName}/${addonName}/x`, status, tags: addon.tags } };
    });
    eks.on(DeleteAddonCommand).callsFake(({ clusterName, addonName }) => {
      const { addon } = addonOf(clusterName, addonName);
      addon.deletingPolls ??= 3;
      return { addon: { addonName, clusterName, status: "DELETING" } };
    });
    ecr.on(DescribeRepositoriesCommand).callsFake(({ repositoryNames }) => {
      const repo = repository(repositoryNames[0]);
      return { repositories: [{ repositoryName: repo.name, repositoryArn: repositoryArn(repo.name) }] };
    });
    ecr.on(ListEcrTagsCommand).callsFake(({ resourceArn }) => {
      const repo = world().repository;
      if (!repo || repositoryArn(repo.name) !== resourceArn) throw error("RepositoryNotFoundException", `The repository with ARN '${resourceArn}' does not exist`);
      return { tags: tagList(repo.tags) };
    });
    ecr.on(ListImagesCommand).callsFake(({ repositoryName, filter, nextToken }) => {
      repository(repositoryName);
      if (filter !== undefined && !["TAGGED", "UNTAGGED", "ANY"].includes(filter.tagStatus)) throw error("InvalidParameterException", "Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]");
      const ids =
        filter?.tagStatus === "UNTAGGED"
          ? world().images.filter((i) => i.tags.length === 0).map((i) => ({ imageDigest: i.digest }))
          : world().images.flatMap((i) => i.tags.map((imageTag) => ({ imageDigest: i.digest, imageTag })));
      const p = page(ids, nextToken);
      return { imageIds: p.slice, nextToken: p.next };
    });
    // BatchGetImage: the manifests asked for by digest, 1 to 100 ids a call, in the media types accepted (1 to 100 of
    // them when given); unknown ids, and manifests of a type not accepted, are failures.
    ecr.on(BatchGetImageCommand).callsFake(({ repositoryName, imageIds, acceptedMediaTypes }) => {
      repository(repositoryName);
      if (imageIds.length < 1 || imageIds.length > 100) throw error("InvalidParameterException", "imageIds must contain 1 to 100 items");
      if (acceptedMediaTypes !== undefined && acceptedMediaTypes.length < 1) throw error("InvalidParameterException", "acceptedMediaTypes must contain 1 to 100 items");
      const images = [];
      const failures = [];
      for (const id of imageIds) {
        const image = world().images.find((i) => i.digest === id.imageDigest);
        const manifest = image?.manifest ?? { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: { digest: `${id.imageDigest}-config` }, layers: [] };
        if (!image || (acceptedMediaTypes !== undefined && !acceptedMediaTypes.includes(manifest.mediaType))) failures.push({ imageId: id, failureCode: "ImageNotFound", failureReason: "Requested image not found" });
        else {
          images.push({ imageId: { imageDigest: image.digest }, imageManifest: JSON.stringify(manifest), imageManifestMediaType: manifest.mediaType });
        }
      }
      return { images, failures };
    });
    ecr.on(BatchDeleteImageCommand).callsFake(({ repositoryName, imageIds }) => {
      repository(repositoryName);
      failing(repositoryName);
      if (imageIds.length < 1 || imageIds.length > 100) throw error("InvalidParameterException", "imageIds must contain 1 to 100 items");
      const w = world();
      const failures: Json[] = [];
      for (const id of imageIds) {
        const found = id.imageTag ? w.images.filter((i) => i.tags.includes(id.imageTag)) : w.images.filter((i) => i.digest === id.imageDigest);
        if (found.length === 0) {
          failures.push({ imageId: id, failureCode: "ImageNotFound", failureReason: "Requested image not found" });
          continue;
        }
        if (found.some((i) => i.refuseDelete)) {
          failures.push({ imageId: id, failureCode: "ImageReferencedByManifestList", failureReason: "Requested image is referenced by an image index" });
          continue;
        }
        if (id.imageTag) {
          // Removing an image's last tag deletes the image, as ECR does.
          for (const image of found) image.tags = image.tags.filter((t) => t !== id.imageTag);
          w.images = w.images.filter((i) => !(found.includes(i) && i.tags.length === 0));
        } else w.images = w.images.filter((i) => i.digest !== id.imageDigest);
      }
      return { imageIds: imageIds.filter((id: { imageDigest?: string; imageTag?: string }) => !failures.some((f) => f.imageId === id)), failures };
    });
  };
  return { stubs: { logs, eks, ecr }, install };
}
