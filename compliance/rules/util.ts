import type { Json, ResourceView, StackView } from "../types";

/** A list attribute that may be a single value. */
export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Whether an IAM action pattern (`s3:Delete*`, `s3:DeleteObjectVersio?`) matches an action. Only
 * `*` and `?` are wildcards; action names are case-insensitive.
 */
export const actionMatches = (pattern: string, action: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(action);

/** Every principal: `"*"`, `{ "AWS": "*" }` or `{ "AWS": ["*"] }`. */
export const isEveryone = (principal: unknown): boolean =>
  principal === "*" || asList((principal as { AWS?: string | string[] } | undefined)?.AWS).includes("*");

/** The statements of a policy JSON string, or none when it is not a literal document. */
export function statementsOf(policy: unknown): Json[] {
  if (typeof policy !== "string") return [];
  try {
    return asList(JSON.parse(policy).Statement);
  } catch {
    return [];
  }
}

/**
 * The name of an AWS managed policy in any partition (`aws`, `aws-us-gov`, `aws-cn`), with or
 * without a path; undefined for any other ARN, such as a customer managed policy's.
 */
export const awsManagedPolicyName = (arn: string): string | undefined => /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(arn)?.[1];

/** A set argument (string, reference or non-empty list) is present. */
export const isSet = (value: unknown): boolean => (typeof value === "string" ? value.length > 0 : value !== undefined && value !== null);

/** Field selectors of a trail's advanced event selectors, by selector. */
export function fieldSelectors(trail: Json): Json[][] {
  return asList(trail.advanced_event_selector).map((s: Json) => asList(s.field_selector));
}

export const field = (selectors: Json[], name: string): Json | undefined => selectors.find((f) => f.field === name);

/** A trail's selectors of S3 object data events: the ARN prefixes they cover and any readOnly restriction. */
export function s3ObjectSelectors(trail: Json): { prefixes: string[]; readOnly: "true" | "false" | undefined }[] {
  return fieldSelectors(trail)
    .filter((s) => asList(field(s, "eventCategory")?.equals).includes("Data") && asList(field(s, "resources.type")?.equals).includes("AWS::S3::Object"))
    .map((s) => {
      const readOnly = asList(field(s, "readOnly")?.equals).map(String);
      return {
        prefixes: asList(field(s, "resources.ARN")?.starts_with) as string[],
        readOnly: readOnly.length === 1 ? (readOnly[0] as "true" | "false") : undefined,
      };
    });
}

/** The trail's own buckets: the log bucket and where that bucket's access logs go. */
export function trailOwnBuckets(trail: ResourceView, stack: StackView): string[] {
  const logBucket: string = trail.config.s3_bucket_name;
  const logging = stack
    .resources("aws_s3_bucket")
    .filter((b) => b.config.bucket === logBucket)
    .flatMap((b) => stack.attachedTo("aws_s3_bucket_logging", b))
    .map((l) => l.config.target_bucket as string);
  return [logBucket, ...logging];
}

/** Operators that exempt the principals they name: every other request is denied, including one with no principal ARN. */
const EXEMPTING = /^(Arn|String)Not(Equals|Like)(IfExists)?$/;

/**
 * A Deny of `action` that applies to every request except at most those of named principals (a
 * condition on aws:PrincipalArn only). A deny limited by any other condition, such as the TLS-only
 * statement's aws:SecureTransport, protects nothing.
 */
export function deniesExceptNamedPrincipals(statement: Json, action: string): boolean {
  if (statement.Effect !== "Deny" || !asList(statement.Action).some((a: string) => actionMatches(a, action))) return false;
  return Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).every(
    ([operator, keys]) => EXEMPTING.test(operator) && Object.keys(keys).every((k) => k.toLowerCase() === "aws:principalarn"),
  );
}
