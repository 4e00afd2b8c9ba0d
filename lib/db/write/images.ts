import type { ImageRecord } from "@/lib/domain/imds";
import type { Queryable } from "@/lib/db/conn/types";

export async function saveImages(
  db: Queryable,
  input: { accountId: string; region: string; images: ImageRecord[]; seenAt: Date },
): Promise<void> {
  if (input.images.length === 0) return;
  const { images } = input;
  await db.query(
    `INSERT INTO image (account_id, region, image_id, name, owner_id, creation_date, imds_support, last_seen_at)
     SELECT $1, $2, image_id, name, owner_id, creation_date, imds_support, $8
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS t(image_id, name, owner_id, creation_date, imds_support)
     ON CONFLICT (account_id, region, image_id) DO UPDATE SET
       name = EXCLUDED.name, owner_id = EXCLUDED.owner_id, creation_date = EXCLUDED.creation_date,
       imds_support = EXCLUDED.imds_support, last_seen_at = EXCLUDED.last_seen_at`,
    [
      input.accountId,
      input.region,
      images.map((i) => i.imageId),
      images.map((i) => i.name),
      images.map((i) => i.ownerId),
      images.map((i) => i.creationDate),
      images.map((i) => i.imdsSupport),
      input.seenAt,
    ],
  );
}
