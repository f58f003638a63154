/**
 * cdktf records where every token was created: each Lazy and Intrinsic captures a full stack
 * trace (Error.stackTraceLimit lifted to its maximum), kept only for the message of a token that
 * fails to resolve. The App's `stackTraces: false` does not turn these off, and they cost about a
 * seventh of a synthesis, for every environment. While the foundation app is built and
 * synthesized, cdktf's own captures are skipped (its tokens then carry an empty creation stack);
 * every other caller of Error.captureStackTrace, Node's errors included, is untouched, and the
 * original is restored afterwards whatever happens.
 */
import { captureStackTrace as cdktfCaptureStackTrace } from "cdktf/lib/tokens/private/stack-trace";

export function withoutTokenTraces<T>(run: () => T): T {
  const original = Error.captureStackTrace;
  // cdktf passes its own function as `below` (or nothing, and then defaults to it).
  Error.captureStackTrace = ((target: object, below?: (...args: unknown[]) => unknown) => {
    if (below !== cdktfCaptureStackTrace) original.call(Error, target, below);
  }) as typeof Error.captureStackTrace;
  try {
    return run();
  } finally {
    Error.captureStackTrace = original;
  }
}
