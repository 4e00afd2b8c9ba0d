import { SimError } from "@/lib/simulator/errors";
import { IMAGE_ID } from "./ids";
import { listParam } from "@/lib/simulator/query-params";
import type { CallContext } from "@/lib/simulator/protocols/context";
import type { ImageRecord } from "@/lib/simulator/types";
import { el, itemSet } from "@/lib/simulator/xml";
import { anyMatch, invalidFilter, parseFilters } from "./filters";

function imageFilterValue(name: string, img: ImageRecord): string | undefined {
  switch (name) {
    case "image-id":
      return img.imageId;
    case "name":
      return img.name;
    case "owner-id":
      return img.ownerId;
    case "architecture":
      return img.architecture;
    case "state":
      return "available";
    case "imds-support":
      return img.imdsSupport;
    default:
      throw invalidFilter(name);
  }
}

export function describeImages(ctx: CallContext, params: URLSearchParams): string {
  const ids = listParam(params, "ImageId");
  const owners = listParam(params, "Owner");
  const filters = parseFilters(params);
  const account = ctx.caller.account.id;
  let images = ctx.fleet.listImages(account, ctx.region);
  if (ids.length > 0) {
    const malformed = ids.find((id) => !IMAGE_ID.test(id));
    if (malformed) throw new SimError("InvalidAMIID.Malformed", `Invalid id: "${malformed}" (expecting "ami-...")`);
    const missing = ids.filter((id) => !images.some((img) => img.imageId === id));
    if (missing.length > 0) {
      throw new SimError("InvalidAMIID.NotFound", `The image id '[${missing.join(", ")}]' does not exist`);
    }
    images = images.filter((img) => ids.includes(img.imageId));
  }
  if (owners.length > 0) {
    // The fleet's AMIs are all private images of their own account.
    images = images.filter((img) => owners.some((o) => o === "self" || o === img.ownerId));
  }
  for (const f of filters) images = images.filter((img) => anyMatch(f.values, imageFilterValue(f.name, img)));
  return itemSet(
    "imagesSet",
    images,
    (img) =>
      el("imageId", img.imageId) +
      el("imageLocation", `${img.ownerId}/${img.name}`) +
      el("imageState", "available") +
      el("imageOwnerId", img.ownerId) +
      el("creationDate", img.creationDate) +
      el("isPublic", false) +
      el("architecture", img.architecture) +
      el("imageType", "machine") +
      el("name", img.name) +
      el("description", img.description) +
      el("rootDeviceType", "ebs") +
      el("rootDeviceName", "/dev/xvda") +
      el("virtualizationType", "hvm") +
      el("hypervisor", "xen") +
      el("platformDetails", img.name.startsWith("Windows") ? "Windows" : "Linux/UNIX") +
      el("imdsSupport", img.imdsSupport),
  );
}
