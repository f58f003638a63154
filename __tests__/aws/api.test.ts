/**
 * What every command that talks to AWS shares: the client settings, the counted and limited
 * `send` (directly and as paginators and waiters see it), reading every page, and telling the
 * service's answers from everything else.
 */
import { Api, clientConfig, collect, errorOf, isNoCredentials, isResponseError, noCredentials, responseProblem } from "../../aws/api";

describe("clientConfig", () => {
  test("the region, adaptive retries, six attempts; credentials only when given", () => {
    expect(clientConfig("eu-west-1")).toStrictEqual({ region: "eu-west-1", retryMode: "adaptive", maxAttempts: 6 });
    const provider = async () => ({ accessKeyId: "a", secretAccessKey: "b" });
    expect(clientConfig("eu-west-1", provider)).toStrictEqual({ region: "eu-west-1", retryMode: "adaptive", maxAttempts: 6, credentials: provider });
  });
});

describe("Api", () => {
  /** A client whose answers wait until released, recording how many were in flight at most. */
  function slowClient() {
    let inFlight = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    return {
      client: {
        send: async (command: unknown) => {
          most = Math.max(most, ++inFlight);
          await new Promise<void>((resolve) => waiting.push(resolve));
          inFlight--;
          if (command === "fail") throw new Error("refused");
          return { answered: command };
        },
      },
      most: () => most,
      release: () => waiting.splice(0).forEach((r) => r()),
    };
  }
  const settle = () => new Promise((r) => setImmediate(r));

  test("counts every call and keeps at most `limit` in flight", async () => {
    const slow = slowClient();
    const api = new Api({ slow: slow.client }, 2);
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => api.send(slow.client, n)));
    for (let i = 0; i < 5; i++) {
      await settle();
      slow.release();
    }
    expect(await all).toEqual([1, 2, 3, 4, 5].map((n) => ({ answered: n })));
    expect({ calls: api.calls, most: slow.most() }).toEqual({ calls: 5, most: 2 });
  });

  test("via: the client with send counted, afterEach after every answer, a failure included", async () => {
    const slow = slowClient();
    const api = new Api({ slow: slow.client });
    let after = 0;
    const wrapped = api.via(slow.client, () => after++);
    const ok = wrapped.send("a");
    const failed = wrapped.send("fail").catch((e: Error) => e.message);
    await settle();
    slow.release();
    expect([await ok, await failed]).toEqual([{ answered: "a" }, "refused"]);
    expect({ calls: api.calls, after }).toEqual({ calls: 2, after: 2 });
    expect(Object.getPrototypeOf(wrapped)).toBe(slow.client);
  });

  test("via without afterEach", async () => {
    const api = new Api({});
    const client: { send(command: unknown): Promise<unknown> } = { send: async () => "answer" };
    const wrapped = api.via(client);
    expect(await wrapped.send("x")).toBe("answer");
  });
});

test("collect reads every page; a page without items adds none", async () => {
  async function* pages() {
    yield { items: [1, 2] };
    yield { items: undefined };
    yield { items: [3] };
  }
  expect(await collect(pages(), (p) => p.items)).toEqual([1, 2, 3]);
});

describe("errors", () => {
  test.each<[unknown, boolean]>([
    [Object.assign(new Error("x"), { $metadata: { httpStatusCode: 500 } }), true],
    [new Error("connect ECONNREFUSED"), false],
    [{ $metadata: "not an object" }, false],
    [null, false],
    [undefined, false],
    ["text", false],
  ])("isResponseError(%p) is %p", (error, expected) => {
    expect(isResponseError(error)).toBe(expected);
  });

  test.each([
    [{ name: "SyntaxError", message: "Unexpected token < in JSON\nat line 1" }, "the answer was not the service's (SyntaxError: Unexpected token < in JSON): a proxy, a wrong endpoint, or a region without this API"],
    [{ name: "Error", message: "Deserialization error: to see the raw response\nmore" }, "the answer was not the service's (Error: Deserialization error: to see the raw response): a proxy, a wrong endpoint, or a region without this API"],
    [{ name: "AccessDenied", message: "Access Denied\nRequestId: 1" }, "AccessDenied: Access Denied"],
  ])("responseProblem(%p)", (error, line) => {
    expect(responseProblem(error)).toBe(line);
  });

  test("errorOf: the name and message, or Error and the text of anything else", () => {
    expect(errorOf(Object.assign(new Error("m"), { name: "N" }))).toEqual({ name: "N", message: "m" });
    expect(errorOf("plain")).toEqual({ name: "Error", message: "plain" });
    expect(errorOf({ name: 3, message: 4 })).toEqual({ name: "Error", message: "[object Object]" });
  });

  test.each<[string, string, boolean]>([
    ["CredentialsProviderError", "whatever", true],
    ["Error", "Could not load credentials from any providers", true],
    ["AccessDenied", "Access Denied", false],
  ])("isNoCredentials(%s, %s) is %p", (name, message, expected) => {
    expect(isNoCredentials(name, message)).toBe(expected);
  });

  test("noCredentials says where the default chain looks, then the SDK's words", () => {
    expect(noCredentials("")).toBe(
      "no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, SSO after aws sso login, or a container or instance role).",
    );
  });
});
