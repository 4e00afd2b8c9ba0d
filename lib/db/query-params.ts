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
