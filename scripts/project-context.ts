// cdktf.json's context for the scripts that read it themselves (review, verify, cleanup): as
// `cdktf synth` passes it (CDKTF_CONTEXT_JSON) or from the file in the project folder. A file
// that cannot be read is one line and the command's "could not run" exit code, never a stack trace.
import { ConfigFileError, projectContext } from "../config/file";

export function readContextOrExit(command: string, exitCode: number): Record<string, unknown> {
  try {
    return projectContext(process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    console.error(`${command}: ${error.message}`);
    process.exit(exitCode);
  }
}
