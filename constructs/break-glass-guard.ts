import { Construct } from "constructs";
import { Fn, type Precondition } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";

export interface BreakGlassGuardProps {
  /** The principals exempt from the evidence protection; only they may plan a change of it. */
  readonly breakGlassPrincipalArns: readonly string[];
  /** The setting that lists them, as the user wrote it, for the error message. */
  readonly setting: string;
}

/**
 * The preflight of `npm run deploy`, inside Terraform, for whoever runs `terraform plan` or
 * `apply` on cdktf.out directly: the caller, resolved to the IAM principal policies see as
 * aws:PrincipalArn (`aws_iam_session_context` turns an assumed-role session, IAM Identity Center's
 * included, into its role's ARN with its path), must be a break-glass principal. Each resource
 * that carries the denies gets {@link precondition}, so the plan of anyone else stops before
 * anything changes, instead of an apply that fails halfway with AccessDenied.
 */
export class BreakGlassGuard extends Construct {
  /** The caller as aws:PrincipalArn sees it. */
  readonly principalArn: string;
  /** A lifecycle precondition for every resource that carries the evidence-protection denies. */
  readonly precondition: Precondition;

  constructor(scope: Construct, id: string, props: BreakGlassGuardProps) {
    super(scope, id);
    const caller = new DataAwsCallerIdentity(this, "Caller");
    const session = new DataAwsIamSessionContext(this, "Session", { arn: caller.arn });
    this.principalArn = session.issuerArn;
    this.precondition = {
      condition: Fn.contains([...props.breakGlassPrincipalArns], session.issuerArn),
      errorMessage:
        `The caller ${session.issuerArn} is not one of ${props.setting} (${props.breakGlassPrincipalArns.join(", ")}). ` +
        "The explicit denies on the log buckets, keys and alarm topic would stop its apply halfway: sign in as a break-glass principal, " +
        "or have one of them add this ARN to the setting and apply that first (docs/break-glass.md).",
    };
  }
}
