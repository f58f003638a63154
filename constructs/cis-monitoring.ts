/**
 * The CIS AWS Foundations Benchmark monitoring controls (section 4, "Ensure a log metric filter
 * and alarm exist for ..."), with the filter patterns exactly as published. Security Hub's
 * CloudWatch.1-14 checks fail unless the pattern is exactly this text, so do not reformat it.
 *
 * Sources: AWS Security Hub user guide, "Amazon CloudWatch controls" (CloudWatch.1-14, which
 * quote the CIS patterns); CIS 4.15 (Organizations), which Security Hub has no control for, as
 * reproduced identically by several public CIS implementations.
 */
export interface CisMonitoringControl {
  /** Stable key, used in configuration (`alarms.disabledControls`). */
  readonly key: string;
  /** CIS AWS Foundations Benchmark recommendation (v1.4-v3.0 numbering). */
  readonly cis: string;
  /** AWS Security Hub control, where there is one. */
  readonly securityHub?: string;
  readonly title: string;
  /** Metric name, and the suffix of the filter and alarm names. */
  readonly metricName: string;
  readonly pattern: string;
}

const CATALOGUE = [
  {
    key: "unauthorizedApiCalls",
    cis: "4.1",
    securityHub: "CloudWatch.2",
    title: "Unauthorized API calls",
    metricName: "UnauthorizedAPICalls",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    key: "consoleSignInWithoutMfa",
    cis: "4.2",
    securityHub: "CloudWatch.3",
    title: "Management Console sign-in without MFA",
    metricName: "ConsoleSigninWithoutMFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    key: "rootAccountUsage",
    cis: "4.3",
    securityHub: "CloudWatch.1",
    title: 'Usage of the "root" account',
    metricName: "RootAccountUsage",
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    key: "iamPolicyChanges",
    cis: "4.4",
    securityHub: "CloudWatch.4",
    title: "IAM policy changes",
    metricName: "IAMPolicyChanges",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
  },
  {
    key: "cloudTrailChanges",
    cis: "4.5",
    securityHub: "CloudWatch.5",
    title: "CloudTrail configuration changes",
    metricName: "CloudTrailChanges",
    pattern: "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
  },
  {
    key: "consoleAuthFailures",
    cis: "4.6",
    securityHub: "CloudWatch.6",
    title: "Management Console authentication failures",
    metricName: "ConsoleAuthenticationFailure",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    key: "kmsKeyDisableOrDeletion",
    cis: "4.7",
    securityHub: "CloudWatch.7",
    title: "Disabling or scheduled deletion of customer managed keys",
    metricName: "DisableOrDeleteCMK",
    pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
  },
  {
    key: "s3BucketPolicyChanges",
    cis: "4.8",
    securityHub: "CloudWatch.8",
    title: "S3 bucket policy changes",
    metricName: "S3BucketPolicyChanges",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
  },
  {
    key: "awsConfigChanges",
    cis: "4.9",
    securityHub: "CloudWatch.9",
    title: "AWS Config configuration changes",
    metricName: "AWSConfigChanges",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
  },
  {
    key: "securityGroupChanges",
    cis: "4.10",
    securityHub: "CloudWatch.10",
    title: "Security group changes",
    metricName: "SecurityGroupChanges",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
  },
  {
    key: "naclChanges",
    cis: "4.11",
    securityHub: "CloudWatch.11",
    title: "Network ACL changes",
    metricName: "NetworkACLChanges",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
  },
  {
    key: "networkGatewayChanges",
    cis: "4.12",
    securityHub: "CloudWatch.12",
    title: "Network gateway changes",
    metricName: "NetworkGatewayChanges",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
  },
  {
    key: "routeTableChanges",
    cis: "4.13",
    securityHub: "CloudWatch.13",
    title: "Route table changes",
    metricName: "RouteTableChanges",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
  },
  {
    key: "vpcChanges",
    cis: "4.14",
    securityHub: "CloudWatch.14",
    title: "VPC changes",
    metricName: "VPCChanges",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
  },
  {
    key: "organizationsChanges",
    cis: "4.15",
    title: "AWS Organizations changes",
    metricName: "OrganizationsChanges",
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
] as const satisfies readonly CisMonitoringControl[];

export type CisControlKey = (typeof CATALOGUE)[number]["key"];
export const CIS_MONITORING_CONTROLS: readonly (CisMonitoringControl & { readonly key: CisControlKey })[] = CATALOGUE;
export const CIS_CONTROL_KEYS: readonly CisControlKey[] = CIS_MONITORING_CONTROLS.map((c) => c.key);
