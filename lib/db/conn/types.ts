import type { PrismaClient } from "@/lib/db/generated/client";
import type { SqlQueryable } from "./migrate";

export type Db = InstanceType<typeof PrismaClient>;
/**
 * Raw SQL on the pool (or one transaction's connection). Bulk writes use it rather than Prisma's
 * $executeRawUnsafe, which costs ~1.7x more per unnest batch (measured in bench/).
 */
export type Queryable = SqlQueryable;
