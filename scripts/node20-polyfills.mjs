// Preloaded (NODE_OPTIONS=--import) into the vitest process by test-all.mjs only. Vitest 5 targets
// Node 22 and calls Map.groupBy / Object.groupBy when it prints failures; Node 20 lacks both, so
// without these a failing test crashes the reporter instead of being shown.
if (typeof Map.groupBy !== "function") {
  Map.groupBy = (items, keyOf) => {
    const groups = new Map();
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    return groups;
  };
}
if (typeof Object.groupBy !== "function") {
  Object.groupBy = (items, keyOf) => {
    const groups = Object.create(null);
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      (groups[key] ??= []).push(item);
    }
    return groups;
  };
}
