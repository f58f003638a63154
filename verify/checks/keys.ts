/** The KMS keys: each alias resolves to an enabled key with rotation on. */
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import { attempt, row, type AccountCheckContext, type Json, type Row } from "./common";

/** Each key alias resolves to an enabled key with rotation on; returns the keys' ARNs by alias. */
export async function checkKeys(c: AccountCheckContext): Promise<{ rows: Row[]; arns: Record<string, string> }> {
  const { api, expected: e } = c;
  const rows: Row[] = [];
  const arns: Record<string, string> = {};
  await Promise.all(
    e.keyAliases.map(async (alias) => {
      const described = await attempt(() => api.send<Json>(api.clients.kms, new DescribeKeyCommand({ KeyId: alias })));
      const meta = described.value?.KeyMetadata;
      rows.push(row("Key", "alias resolves to a key", alias, `${alias} -> a customer key`, described.error ?? String(meta?.Arn), meta?.Arn !== undefined));
      if (!meta) return;
      arns[alias] = meta.Arn;
      rows.push(row("Key", "key state", alias, "Enabled", String(meta.KeyState), meta.KeyState === "Enabled"));
      const rotation = await attempt(() => api.send<Json>(api.clients.kms, new GetKeyRotationStatusCommand({ KeyId: meta.Arn })));
      rows.push(row("Key", "rotation", alias, "on", rotation.error ?? (rotation.value?.KeyRotationEnabled ? "on" : "off"), rotation.value?.KeyRotationEnabled === true));
    }),
  );
  return { rows: rows.sort((a, b) => a.resource.localeCompare(b.resource)), arns };
}
