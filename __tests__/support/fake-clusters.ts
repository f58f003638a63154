/**
 * The EKS side of a mocked account for the lifecycle commands: clusters by name with their status.
 * DescribeCluster answers as EKS does: the cluster, or ResourceNotFoundException for any other name.
 */
import { DescribeClusterCommand, EKSClient, ResourceNotFoundException } from "@aws-sdk/client-eks";
import { mockClient } from "aws-sdk-client-mock";

export function mockClusters(clusters: Record<string, string>): { eks: EKSClient; eksMock: ReturnType<typeof mockClient> } {
  const eks = new EKSClient({ region: "us-east-1" });
  const eksMock = mockClient(eks);
  eksMock.on(DescribeClusterCommand).callsFake((input: { name: string }) => {
    const status = clusters[input.name];
    if (status === undefined) throw new ResourceNotFoundException({ $metadata: { httpStatusCode: 404 }, message: `No cluster found for name: ${input.name}.` });
    return { cluster: { name: input.name, status, arn: `arn:aws:eks:us-east-1:111122223333:cluster/${input.name}` } };
  });
  return { eks, eksMock };
}
