/**
 * Terraform and a filesystem mirror of the AWS provider on this machine, for checks that run real
 * Terraform offline. The mirror may hold an older major version than the bindings generate for:
 * the checks run on a copy of each stack whose provider constraint names the mirror's version.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface OfflineTerraform {
  /** The folder given to `terraform init -plugin-dir`. */
  readonly mirror: string;
  /** The AWS provider version in it. */
  readonly providerVersion: string;
  readonly terraformVersion: string;
}

/** Where Terraform's documentation and machine images put plugin mirrors, and MLOPS_TF_PROVIDER_MIRROR first. */
function candidates(): string[] {
  // Set, it is the only place looked at (an empty folder turns the checks off).
  if (process.env.MLOPS_TF_PROVIDER_MIRROR) return [process.env.MLOPS_TF_PROVIDER_MIRROR];
  const data = process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share");
  return [
    "/opt/tf-plugins",
    join(homedir(), ".terraform.d", "plugins"),
    join(data, "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
}

/** The mirror and versions, or why the offline checks cannot run here. */
export function findOfflineTerraform(): OfflineTerraform | { readonly skipped: string } {
  const version = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (version.status !== 0) return { skipped: "terraform is not on PATH" };
  const terraformVersion = String(JSON.parse(version.stdout).terraform_version);
  const [major, minor] = terraformVersion.split(".").map(Number);
  if (major === 1 && minor < 10) return { skipped: `terraform ${terraformVersion} is older than the stacks' required 1.10` };
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  for (const mirror of candidates()) {
    const dir = join(mirror, "registry.terraform.io", "hashicorp", "aws");
    if (!existsSync(dir)) continue;
    const versions = readdirSync(dir)
      .filter((v) => existsSync(join(dir, v, platform)) && readdirSync(join(dir, v, platform)).some((f) => f.startsWith("terraform-provider-aws")))
      .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    if (versions.length > 0) return { mirror, providerVersion: versions[0], terraformVersion };
  }
  return { skipped: `no filesystem mirror of the AWS provider for ${platform} in ${candidates().join(", ")} (set MLOPS_TF_PROVIDER_MIRROR)` };
}
