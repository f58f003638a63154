import { TerraformStack } from "cdktf";

/**
 * A stack that reads no other stack's values. Before synthesis cdktf resolves every element of
 * every stack once more, only to find references across stacks (and add the outputs and
 * remote-state data sources they need): a quarter of a synthesis, for every environment. These
 * stacks have none (the foundation finds the state bucket by name, through its backend), so
 * that pass is left out; the backend is still ensured. A test synthesizes with cdktf's full
 * preparation and checks that the output is the same, so a reference added across stacks fails
 * there instead of going unnoticed.
 */
export class SelfContainedStack extends TerraformStack {
  prepareStack(): void {
    this.ensureBackendExists();
  }
}
