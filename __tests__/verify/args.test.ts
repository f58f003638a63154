import { parseVerifyArgs } from "../../verify/args";

describe("npm run verify's arguments", () => {
  test.each<[string[], unknown]>([
    [[], { environments: [], all: false, probe: false, timeoutMinutes: 15 }],
    [["dev", "prod"], { environments: ["dev", "prod"], all: false, probe: false, timeoutMinutes: 15 }],
    [["dev", "--probe"], { environments: ["dev"], all: false, probe: true, timeoutMinutes: 15 }],
    [["--probe", "--probe-timeout", "2.5"], { environments: [], all: false, probe: true, timeoutMinutes: 2.5 }],
    [["--all"], { environments: [], all: true, probe: false, timeoutMinutes: 15 }],
    [["--help"], { help: true }],
    [["dev", "-h"], { help: true }],
  ])("%j", (argv, expected) => {
    expect(parseVerifyArgs(argv)).toEqual(expected);
  });

  test.each<[string[], string]>([
    [["--probe", "--probe-timeout", "0"], '--probe-timeout must be a number of minutes above 0, got "0"'],
    [["--probe", "--probe-timeout=-1"], '--probe-timeout must be a number of minutes above 0, got "-1"'],
    [["--probe", "--probe-timeout", "soon"], '--probe-timeout must be a number of minutes above 0, got "soon"'],
    [["--probe", "--probe-timeout", " "], '--probe-timeout must be a number of minutes above 0, got " "'],
    [["--probe", "--probe-timeout", "Infinity"], '--probe-timeout must be a number of minutes above 0, got "Infinity"'],
    [["--probe-timeout", "5"], "--probe-timeout is an option of --probe"],
    [["dev", "--all"], "--all verifies every configured environment; name environments (dev) or give --all, not both"],
    [["dev", "prod", "--all"], "--all verifies every configured environment; name environments (dev prod) or give --all, not both"],
    [["dev", "--prob"], expect.stringContaining("Unknown option '--prob'") as unknown as string],
  ])("%j is an error", (argv, error) => {
    expect(parseVerifyArgs(argv)).toEqual({ error });
  });
});
