/** The mocked CloudFront, API Gateway and Lambda of the cleanup account: what served the workshop's model. */
import { APIGatewayClient, DeleteRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import {
  CloudFrontClient,
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand as ListCloudFrontTagsCommand,
  UpdateDistributionCommand,
} from "@aws-sdk/client-cloudfront";
import { DeleteFunctionCommand, GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import type { CleanupWorld, Distribution } from "../world";
import { ACCOUNT, error, page, REGION, tagList, type Json, type ServiceMock } from "./common";

const distributionArn = (id: string): string => `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;

export function servingMock(world: () => CleanupWorld, failing: (name: string) => void): ServiceMock {
  const cloudfront = mockClient(CloudFrontClient);
  const apigateway = mockClient(APIGatewayClient);
  const lambda = mockClient(LambdaClient);
  const install = (): void => {
    const distribution = (id: string): Distribution => {
      const d = world().distributions.find((x) => x.id === id);
      if (!d) throw error("NoSuchDistribution", "The specified distribution does not exist.");
      return d;
    };
    const configOf = (d: Distribution): Json => ({ CallerReference: d.id, Enabled: d.enabled, Origins: { Quantity: d.origins.length, Items: d.origins.map((o, i) => ({ Id: `o${i}`, DomainName: o })) } });
    cloudfront.on(ListDistributionsCommand).callsFake(({ Marker }) => {
      const p = page(world().distributions, Marker);
      // CloudFront leaves Items out of an empty list.
      return {
        DistributionList: {
          Quantity: p.slice.length,
          Items: p.slice.length === 0 ? undefined : p.slice.map((d) => ({ Id: d.id, ARN: distributionArn(d.id), DomainName: `${d.id.toLowerCase()}.cloudfront.net`, Enabled: d.enabled, Status: d.status, Origins: configOf(d).Origins })),
          IsTruncated: p.next !== undefined,
          NextMarker: p.next,
        },
      };
    });
    cloudfront.on(ListCloudFrontTagsCommand).callsFake(({ Resource }) => {
      const d = world().distributions.find((x) => distributionArn(x.id) === Resource);
      if (!d) throw error("NoSuchResource", "The specified resource does not exist.");
      return { Tags: { Items: tagList(d.tags) } };
    });
    cloudfront.on(GetDistributionConfigCommand).callsFake(({ Id }) => ({ ETag: distribution(Id).etag, DistributionConfig: configOf(distribution(Id)) }));
    cloudfront.on(GetDistributionCommand).callsFake(({ Id }) => {
      const d = distribution(Id);
      if (d.status === "InProgress" && --d.pollsToDeploy <= 0) {
        d.status = "Deployed";
        if (d.enabledWhileDeploying) d.enabled = true;
      }
      return { ETag: d.etag, Distribution: { Id: d.id, ARN: distributionArn(d.id), Status: d.status, DistributionConfig: configOf(d) } };
    });
    cloudfront.on(UpdateDistributionCommand).callsFake(({ Id, IfMatch, DistributionConfig }) => {
      const d = distribution(Id);
      if (IfMatch !== d.etag) throw error("PreconditionFailed", "The If-Match version is missing or not valid for the resource.");
      // UpdateDistribution replaces the whole configuration: one that lacks what the distribution has is refused.
      const { Enabled, ...rest } = DistributionConfig;
      const { Enabled: _current, ...kept } = configOf(d);
      if (JSON.stringify(rest) !== JSON.stringify(kept)) throw error("InvalidArgument", "The parameter DistributionConfig is missing or does not match the distribution's configuration.");
      d.enabled = Enabled;
      d.status = "InProgress";
      d.etag = `${d.id}-${Number(d.etag.split("-")[1]) + 1}`;
      return { ETag: d.etag, Distribution: { Id, Status: d.status } };
    });
    cloudfront.on(DeleteDistributionCommand).callsFake(({ Id, IfMatch }) => {
      const d = distribution(Id);
      if (IfMatch !== d.etag) throw error("PreconditionFailed", "The If-Match version is missing or not valid for the resource.");
      if (d.enabled || d.status !== "Deployed") throw error("DistributionNotDisabled", "The distribution you are trying to delete has not been disabled.");
      world().distributions = world().distributions.filter((x) => x.id !== Id);
      return {};
    });
    apigateway.on(GetRestApisCommand).callsFake(({ position }) => {
      const p = page(world().restApis, position);
      return { items: p.slice.map((a) => ({ id: a.id, name: a.name, tags: a.tags })), position: p.next };
    });
    apigateway.on(DeleteRestApiCommand).callsFake(({ restApiId }) => {
      const w = world();
      if (!w.restApis.some((a) => a.id === restApiId)) throw error("NotFoundException", "Invalid API identifier specified");
      w.restApis = w.restApis.filter((a) => a.id !== restApiId);
      return {};
    });
    lambda.on(GetFunctionCommand).callsFake(({ FunctionName }) => {
      const f = world().functions.find((x) => x.name === FunctionName);
      if (!f) throw error("ResourceNotFoundException", `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FunctionName}`);
      return { Configuration: { FunctionName, FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FunctionName}` }, Tags: f.tags };
    });
    lambda.on(DeleteFunctionCommand).callsFake(({ FunctionName }) => {
      failing(FunctionName);
      const w = world();
      if (!w.functions.some((f) => f.name === FunctionName)) throw error("ResourceNotFoundException", "Function not found");
      w.functions = w.functions.filter((f) => f.name !== FunctionName);
      return {};
    });
  };
  return { stubs: { cloudfront, apigateway, lambda }, install };
}
