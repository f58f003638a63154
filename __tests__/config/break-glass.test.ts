import { ConfigError, loadConfig } from "../../config/load";

const ACCOUNT = "111122223333";
const problems = (settings: Record<string, unknown>): string[] => {
  try {
    loadConfig({ settings });
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n").slice(1);
    throw error;
  }
  return [];
};

describe("a break-glass list whose every entry was rejected is one mistake, not two", () => {
  test.each([
    ["in the environment's block", { accountId: ACCOUNT, synthesize: ["prod"], environments: { prod: { audit: { breakGlassPrincipalArns: [5] } } } }, "environments.prod.audit.breakGlassPrincipalArns"],
    ["at the top level", { accountId: ACCOUNT, synthesize: ["prod"], audit: { breakGlassPrincipalArns: [5] }, environments: { prod: {} } }, "audit.breakGlassPrincipalArns"],
  ])("%s", (_, settings, setting) => {
    expect(problems(settings)).toEqual([`  - ${setting}: each entry must be a string, got 5`]);
  });

  test("a list left out altogether is the mistake", () => {
    expect(problems({ accountId: ACCOUNT, synthesize: ["prod"], environments: { prod: {} } })).toEqual([expect.stringMatching(/^ {2}- audit\.breakGlassPrincipalArns: /)]);
  });
});
