import { getDatabase } from "./client";

/** Whether the process's database answers a trivial query within `timeoutMs`. */
export async function checkDatabase(timeoutMs = 2_000): Promise<"reachable" | "unreachable"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"unreachable">((resolve) => {
    timer = setTimeout(() => resolve("unreachable"), timeoutMs);
  });
  const probe = (async () => {
    try {
      const database = await getDatabase();
      await database.raw.query("SELECT 1");
      return "reachable" as const;
    } catch (error) {
      console.error("[health] database check failed:", error);
      return "unreachable" as const;
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
