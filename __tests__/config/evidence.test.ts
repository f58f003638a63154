import { evidenceGuards, protectsEvidence } from "../../config/evidence";
import type { EnvironmentConfig } from "../../config/types";

const config = (retainOnDestroy: boolean, breakGlassPrincipalArns: string[]) => ({ audit: { retainOnDestroy, breakGlassPrincipalArns } }) as unknown as EnvironmentConfig;
const DEPLOYER = "arn:aws:iam::111122223333:role/terraform-deployer";

test.each([
  ["kept, with break-glass principals", true, [DEPLOYER], [DEPLOYER], true],
  ["kept, with none (the example account)", true, [], [], false],
  ["not kept, even with principals listed (dev's destroy removes the evidence)", false, [DEPLOYER], [], false],
])("evidence %s: guards and protection", (_, retain, principals, guards, protectedEvidence) => {
  expect(evidenceGuards(config(retain, principals))).toEqual(guards);
  expect(protectsEvidence(config(retain, principals))).toBe(protectedEvidence);
});
