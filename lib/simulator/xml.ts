// Tiny XML writer: replies are built as strings (faster than a generic builder for 1000-instance
// pages) with every text value escaped.

export function esc(value: string | number | boolean): string {
  return String(value).replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

/** `<name>value</name>`, or nothing when value is undefined. */
export function el(name: string, value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null ? "" : `<${name}>${esc(value)}</${name}>`;
}

/** `<name>inner</name>` where inner is already XML. */
export function node(name: string, inner: string): string {
  return inner === "" ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

/** EC2-style list: `<name><item>..</item>...</name>`. */
export function itemSet<T>(name: string, items: readonly T[], render: (item: T) => string): string {
  let inner = "";
  for (const item of items) inner += `<item>${render(item)}</item>`;
  return node(name, inner);
}

/** Query-protocol list: `<name><member>..</member>...</name>`. */
export function memberList<T>(name: string, items: readonly T[], render: (item: T) => string): string {
  let inner = "";
  for (const item of items) inner += `<member>${render(item)}</member>`;
  return node(name, inner);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
