import type { PrismaClient } from "./generated/client";
import type { Prisma } from "./generated/client";

export type Db = InstanceType<typeof PrismaClient>;
export type Tx = Prisma.TransactionClient;
/** Anything that can run raw SQL: the client itself or an open transaction. */
export type Queryable = Pick<Tx, "$executeRawUnsafe" | "$queryRawUnsafe">;
