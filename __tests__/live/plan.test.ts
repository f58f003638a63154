/**
 * Opt-in live suite (`npm run test:live`): needs AWS credentials, network to download the AWS
 * provider, Terraform >= 1.10 on PATH, and MLOPS_ACCOUNT_ID set to the credentials' account.
 * Without them every test is skipped with the reason, and nothing is counted as passing.
 */
import { Testing, type TerraformStack } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config/load";
import { FoundationStack } from "../../stacks/foundation-stack";
import { StateStack } from "../../stacks/state-stack";
import { liveMissing, skipReason } from "./credentials";

const missing = liveMissing("Live suite");
const live = missing.length === 0 ? describe : describe.skip;

jest.setTimeout(15 * 60 * 1000);

live(`every stack against the real AWS provider${skipReason(missing)}`, () => {
  const context = JSON.parse(readFileSync(join(__dirname, "../../cdktf.json"), "utf8")).context;
  const { environments } = loadConfig({ settings: context.foundation, env: process.env });
  const cases = environments.flatMap((config) => [
    [config.names.stateStack, () => new StateStack(Testing.app(), config)],
    [
      config.names.foundationStack,
      () => {
        const foundation = new FoundationStack(Testing.app(), config);
        // Plan without the bootstrap bucket: this suite checks resources, not the backend.
        foundation.addOverride("terraform.backend", { local: { path: "terraform.live.tfstate" } });
        foundation.addOverride("terraform.backend.s3", undefined);
        return foundation;
      },
    ],
  ]) as [string, () => TerraformStack][];

  test.each(cases)("%s is valid Terraform and plans", (_id, build) => {
    const synthesized = Testing.fullSynth(build());
    expect(synthesized).toBeValidTerraform();
    expect(synthesized).toPlanSuccessfully();
  });
});
