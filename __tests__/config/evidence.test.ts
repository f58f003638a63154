import { evidenceGuards, protectsEvidence } from "../../config/evidence";
import type { EnvironmentConfig } from "../../config/types";

const config = (retainOnDestroy: boolean, breakGlassPrincipalArns: string[], localTrail = true) => ({ audit: { retainOnDestroy, breakGlassPrincipalArns, localTrail } }) as unknown as EnvironmentConfig;
const DEPLOYER = "arn:aws:iam::111122223333:role/terraform-deployer";

test.each([
  ["kept, with break-glass principals", true, [DEPLOYER], [DEPLOYER], true],
  ["kept, with none (the example account)", true, [], [], false],
  ["not kept, even with principals listed (dev's destroy removes the evidence)", false, [DEPLOYER], [], false],
])("evidence %s: guards and protection", (_, retain, principals, guards, protectedEvidence) => {
  expect(evidenceGuards(config(retain, principals))).toEqual(guards);
  expect(protectsEvidence(config(retain, principals))).toBe(protectedEvidence);
});

test("a member of an organization without a local trail has no evidence of its own to guard", () => {
  expect(evidenceGuards(config(true, [DEPLOYER], false))).toEqual([]);
  expect(protectsEvidence(config(true, [DEPLOYER], false))).toBe(false);
});
