import { DescribeImagesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import type { ImageRecord } from "@/lib/domain/imds";

const IMAGES_PER_CALL = 200;

/** The AMIs behind the region's instances; deregistered ones are simply absent from the reply. */
export async function describeImages(ec2: EC2Client, imageIds: string[]): Promise<ImageRecord[]> {
  const records: ImageRecord[] = [];
  for (let start = 0; start < imageIds.length; start += IMAGES_PER_CALL) {
    const reply = await ec2.send(
      new DescribeImagesCommand({ ImageIds: imageIds.slice(start, start + IMAGES_PER_CALL) }),
    );
    for (const image of reply.Images ?? []) {
      if (!image.ImageId) continue;
      records.push({
        imageId: image.ImageId,
        name: image.Name ?? null,
        ownerId: image.OwnerId ?? null,
        creationDate: image.CreationDate ?? null,
        imdsSupport: image.ImdsSupport ?? null,
      });
    }
  }
  return records;
}
