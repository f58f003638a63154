import { FoundationStack } from "../../stacks/foundation-stack";
import { ACCOUNT, configFor, synthesize, testApp } from "../helpers";

describe("FoundationStack", () => {
  test("keeps its state in the environment's state bucket with S3-native locking", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("dev")));
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: `mlops-retail-prediction-dev-tfstate-${ACCOUNT}`,
        key: "mlops-retail-prediction-dev-foundation/terraform.tfstate",
        region: "us-east-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(json.terraform.required_version).toBe(">= 1.10.0");
  });

  test("uses the configured region for the backend and the provider", () => {
    const json = synthesize(new FoundationStack(testApp(), configFor("prod", { region: "eu-west-1" })));
    expect(json.terraform.backend.s3).toMatchObject({ bucket: `mlops-retail-prediction-prod-tfstate-${ACCOUNT}`, region: "eu-west-1" });
    expect(json.provider.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: [ACCOUNT] });
    expect(json.provider.aws[0].default_tags[0].tags.Environment).toBe("prod");
  });
});
