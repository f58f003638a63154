import { setupJest } from "cdktf/lib/testing/adapters/jest";

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...
setupJest();
process.env.CHECKPOINT_DISABLE = "1";
// Nothing in a test may call the instance metadata address for credentials.
process.env.AWS_EC2_METADATA_DISABLED = "true";
