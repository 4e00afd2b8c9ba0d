import { createHash } from "node:crypto";

/** SHA-256 as lowercase hex: migration checksums, and the hashes stored in place of secret tokens. */
export function sha256Hex(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
