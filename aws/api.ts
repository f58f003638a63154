/**
 * What every command that talks to AWS shares (verify, cleanup, deploy, diff, destroy, output):
 * the SDK client settings, one `send` that counts calls and keeps a few in flight, and the error
 * that means "could not run" (exit 2). Loaded only by those commands: synthesis never imports it.
 */

/** Credentials for every client of a command: the environment's deploy role assumed (aws/deploy-role.ts), or undefined for the default chain. */
export type Credentials = import("@smithy/types").AwsCredentialIdentityProvider | undefined;

/** The SDK settings of every client: the configured region, the SDK's adaptive retries, and the deploy role's credentials where one is set. */
export function clientConfig(region: string, credentials?: Credentials): { region: string; retryMode: string; maxAttempts: number; credentials?: Credentials } {
  return { region, retryMode: "adaptive", maxAttempts: 6, ...(credentials !== undefined ? { credentials } : {}) };
}

/** A client with `send` (every SDK v3 client); typed loosely so one helper serves them all. */
export interface Sender {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}

/** Counts the API calls made and keeps at most `limit` in flight. */
export class Api<C> {
  calls = 0;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly clients: C,
    private readonly limit = 8,
  ) {}

  /**
   * The client as the SDK's paginators and waiters want it (they check the client's class), with
   * every call they make sent through this Api: counted, and within the limit. `afterEach` runs
   * after every answer (a waiter's progress).
   */
  via<T extends Sender>(client: T, afterEach?: () => void): T {
    const send = async (command: unknown): Promise<unknown> => {
      try {
        return await this.send(client, command);
      } finally {
        afterEach?.();
      }
    };
    return Object.create(client, { send: { value: send } }) as T;
  }

  async send<T>(client: Sender, command: unknown): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.calls++;
    try {
      return (await client.send(command)) as T;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Every item of every page a paginator yields: a list read whole, never its first page only. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

/** The command cannot run at all (exit 2): no credentials, another account, no configuration. */
export class CannotRun extends Error {}

/** The SDK's default credential chain found nothing (its error's name and message). */
export function isNoCredentials(name: string, message: string): boolean {
  return name === "CredentialsProviderError" || /could not load credentials/i.test(message);
}

/** What to say when there are no credentials at all: where the default chain looks. */
export function noCredentials(message: string): string {
  return (
    "no AWS credentials: the default chain found none (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with ~/.aws/config or credentials, " +
    `SSO after aws sso login, or a container or instance role). ${message}`
  ).trim();
}

/** The name and message of whatever an SDK call threw. */
export function errorOf(error: unknown): { name: string; message: string } {
  const e = error as { name?: unknown; message?: unknown } | undefined;
  return {
    name: typeof e?.name === "string" ? e.name : "Error",
    message: typeof e?.message === "string" ? e.message : String(error),
  };
}

/**
 * An error the AWS SDK raised for a response (it carries the response's `$metadata`): a service
 * error, or an answer the SDK could not parse (an HTML page from a proxy, an endpoint without the
 * API), which it reports as a SyntaxError with "Deserialization error".
 */
export function isResponseError(error: unknown): boolean {
  return typeof error === "object" && error !== null && typeof (error as { $metadata?: unknown }).$metadata === "object";
}

/** One line for a response error: what the service said, or that the answer was not the service's. */
export function responseProblem(error: unknown): string {
  const { name, message } = errorOf(error);
  const first = message.split("\n")[0];
  return name === "SyntaxError" || /Deserialization error/.test(message)
    ? `the answer was not the service's (${name}: ${first}): a proxy, a wrong endpoint, or a region without this API`
    : `${name}: ${first}`;
}
