/** A value kept once per process. */
export interface ProcessSlot<T> {
  value: T | undefined;
}

const SLOTS = Symbol.for("imds-dashboard.process-slots");

/**
 * The process's slot called `name`, kept on globalThis: Next.js dev reloads re-evaluate modules and
 * bundles some routes separately, and a second database, browser, timer or lock flag would leak or lie.
 */
export function processSlot<T>(name: string): ProcessSlot<T> {
  // safe because only this module reads or writes this globalThis key
  const global = globalThis as unknown as Record<symbol, Map<string, ProcessSlot<unknown>> | undefined>;
  const slots = (global[SLOTS] ??= new Map());
  let slot = slots.get(name);
  if (!slot) {
    slot = { value: undefined };
    slots.set(name, slot);
  }
  // safe because each name belongs to one module, which always stores the same type in it
  return slot as ProcessSlot<T>;
}

/** The process's one `name`, created on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = processSlot<T>(name);
  slot.value ??= create();
  return slot.value;
}
