/** ARNs of the AWS managed policies the foundation's roles may attach. */
export const AWS_MANAGED_POLICY = {
  AmazonEKSClusterPolicy: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
  AmazonEKSWorkerNodePolicy: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  AmazonEKS_CNI_Policy: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  AmazonEC2ContainerRegistryPullOnly: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
  AmazonEC2ContainerRegistryReadOnly: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  CloudWatchAgentServerPolicy: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
  AmazonSageMakerFullAccess: "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
  AmazonS3FullAccess: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
  CloudWatchLogsFullAccess: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
} as const;
