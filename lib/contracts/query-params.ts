import { z } from "zod";

// URL filters shared by the dashboard's read models; absent or empty means "all".
export const accountIdParam = z
  .string()
  .regex(/^\d{12}$/, { error: "must be a 12-digit AWS account id" })
  .nullish()
  .transform((value) => value ?? null);

export const regionParam = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "must be a region name like eu-west-1" })
  .nullish()
  .transform((value) => value ?? null);

export const INSTANCE_ID_PATTERN = /^i-[0-9a-f]{8,17}$/;

export const instanceIdString = z
  .string()
  .regex(INSTANCE_ID_PATTERN, { error: "must be an instance id like i-0123456789abcdef0" });

export const instanceIdParam = instanceIdString.nullish().transform((value) => value ?? null);

/** One of a fixed list, or null for all. */
export const enumParam = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values, { error: `must be one of ${values.join(", ")}` })
    .nullish()
    .transform((value) => value ?? null);

/** A keyset cursor: the last id (a bigint) of the page before. */
export const idCursorParam = (what: string) =>
  z
    .string()
    .regex(/^\d{1,18}$/, { error: `must be ${what}` })
    .nullish()
    .transform((value) => value ?? null);
