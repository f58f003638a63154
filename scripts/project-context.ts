// cdktf.json's context for the scripts that read it themselves (review, verify, cleanup): as
// `cdktf synth` passes it (CDKTF_CONTEXT_JSON) or from the file in the project folder. A file
// that cannot be read is one line and the command's "could not run" exit code, never a stack trace.
import { join } from "node:path";
import { ConfigFileError, contextOf, readProjectFile } from "../config/file";

export function readContextOrExit(command: string, exitCode: number): Record<string, unknown> {
  try {
    return process.env.CDKTF_CONTEXT_JSON
      ? contextOf(JSON.parse(process.env.CDKTF_CONTEXT_JSON), 'cdktf.json: "context"')
      : readProjectFile(join(process.cwd(), "cdktf.json"), "cdktf.json").context;
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    console.error(`${command}: ${error.message}`);
    process.exit(exitCode);
  }
}
