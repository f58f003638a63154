import { setupJest } from "cdktf/lib/testing/adapters/jest";

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...
setupJest();
process.env.CHECKPOINT_DISABLE = "1";
