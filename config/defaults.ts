/**
 * The defaults that depend on other settings (the environment, the project). Defaults that depend
 * on nothing are declared with each setting in the schema (config/schema.ts).
 */
import type { Environment } from "./types";

/** Every environment but dev keeps its audit evidence unless told otherwise. */
export const retainsByDefault = (environment: Environment): boolean => environment !== "dev";

/** Name prefixes the seed's pipeline uses besides the project's: `retail-*` jobs and endpoints, the
 * `retail-forecast-models` package group, and the `pipelines-*` jobs SageMaker Pipelines names. */
export const SEED_SAGEMAKER_PREFIXES = ["retail-", "pipelines-"];

