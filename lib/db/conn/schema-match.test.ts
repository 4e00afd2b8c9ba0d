import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlQueryable } from "./client";
import { findProjectRoot } from "./migrate";
import { databaseKinds, openTestDatabase, type TestDatabase } from "./testing";

// No tool here can diff a database against schema.prisma (the schema engine is native), so this
// test does: it derives the expected tables from Prisma's own DMMF of schema.prisma and compares
// them with what the migrations built. A schema change without a migration fails here.

// ---------------------------------------------------------------------------------------------
// DMMF: what `prisma generate` hands to generators. A throwaway generator writes it to a file, so
// the expected side comes from Prisma's parser, not from a copy of the schema.

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
  relationName?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string }[];
}
interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

const DUMP_GENERATOR = `
import fs from "node:fs";
import readline from "node:readline";
// Prisma's generator protocol: JSON-RPC requests on stdin, responses on stderr.
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  let result = null;
  if (request.method === "getManifest") result = { manifest: { prettyName: "DMMF dump", requiresEngines: [] } };
  if (request.method === "generate") fs.writeFileSync(process.env.DMMF_OUT, JSON.stringify(request.params.dmmf));
  process.stderr.write(JSON.stringify({ jsonrpc: "2.0", id: request.id, result }) + "\\n");
});
`;

const run = promisify(execFile);

async function loadDmmf(schema: string): Promise<Dmmf> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "imds-dmmf-"));
  try {
    const generatorPath = path.join(dir, "dump-dmmf.mjs");
    await writeFile(generatorPath, DUMP_GENERATOR);
    const withoutGenerators = schema.replace(/^generator\s+\w+\s*\{[^}]*\}/gm, "");
    await writeFile(
      path.join(dir, "schema.prisma"),
      `${withoutGenerators}\ngenerator dump {\n  provider = ${JSON.stringify(`"${process.execPath}" "${generatorPath}"`)}\n  output   = "./out"\n}\n`,
    );
    const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
    const out = path.join(dir, "dmmf.json");
    await run(process.execPath, [prismaCli, "generate", "--schema", "schema.prisma"], {
      cwd: dir,
      env: {
        ...process.env,
        DMMF_OUT: out,
        // See scripts/prisma-generate.mjs: skips the blocked schema-engine download.
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    });
    return JSON.parse(await readFile(out, "utf8")) as Dmmf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// One shape for both sides.

interface ColumnShape {
  type: string;
  nullable: boolean;
  default: string | null;
}
interface IndexShape {
  columns: string[];
  unique: boolean;
  primary: boolean;
  method: string;
}
interface ForeignKeyShape {
  columns: string[];
  references: string;
  onDelete: string;
  onUpdate: string;
}
interface SchemaShape {
  tables: Record<string, Record<string, ColumnShape>>;
  /** Keyed by "table.index_name". */
  indexes: Record<string, IndexShape>;
  /** Keyed by "table.constraint_name". */
  foreignKeys: Record<string, ForeignKeyShape>;
  /** Constraints other than PK and FK (unique, check, exclusion): Prisma makes none. */
  otherConstraints: string[];
  enums: Record<string, string[]>;
}

// Prisma's default constraint names, truncated to PostgreSQL's 63-character identifiers.
function constraintName(table: string, columns: string[], suffix: string): string {
  const base = `${table}_${columns.join("_")}`;
  return `${base.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

function columnType(field: DmmfField, enumNames: Map<string, string>): string {
  if (field.kind === "enum") return enumNames.get(field.type) ?? field.type;
  const native = field.nativeType;
  const args = native?.[1] ?? [];
  const withArgs = (name: string) => (args.length > 0 ? `${name}(${args.join(",")})` : name);
  const nativeMap: Record<string, () => string> = {
    Date: () => "date",
    Timestamp: () => `timestamp(${args[0] ?? 6}) without time zone`,
    Timestamptz: () => `timestamp(${args[0] ?? 6}) with time zone`,
    VarChar: () => withArgs("character varying"),
    Char: () => withArgs("character"),
    Text: () => "text",
    Uuid: () => "uuid",
    SmallInt: () => "smallint",
    Integer: () => "integer",
    BigInt: () => "bigint",
    DoublePrecision: () => "double precision",
    Real: () => "real",
    Decimal: () => `numeric(${args.join(",") || "65,30"})`,
    Json: () => "json",
    JsonB: () => "jsonb",
    Boolean: () => "boolean",
  };
  if (native) {
    const mapped = nativeMap[native[0]];
    if (!mapped) throw new Error(`schema-match: add a mapping for @db.${native[0]} (${field.name})`);
    return mapped();
  }
  const scalarMap: Record<string, string> = {
    String: "text",
    Int: "integer",
    BigInt: "bigint",
    Float: "double precision",
    Boolean: "boolean",
    DateTime: "timestamp(3) without time zone",
    Json: "jsonb",
    Decimal: "numeric(65,30)",
    Bytes: "bytea",
  };
  const mapped = scalarMap[field.type];
  if (!mapped) throw new Error(`schema-match: add a mapping for ${field.type} (${field.name})`);
  return field.isList ? `${mapped}[]` : mapped;
}

function expectedDefault(field: DmmfField): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  if (value !== null && typeof value === "object" && "name" in value) {
    const name = (value as { name: string }).name;
    if (name === "autoincrement") return "autoincrement()";
    if (name === "now") return "now()";
    throw new Error(`schema-match: add a mapping for @default(${name}()) (${field.name})`);
  }
  return String(value);
}

/** The database's default expression in the same vocabulary. */
function normalizeDefault(expression: string | null): string | null {
  if (expression === null) return null;
  if (/^nextval\(/.test(expression)) return "autoincrement()";
  if (expression === "CURRENT_TIMESTAMP" || expression === "now()") return "now()";
  const literal = /^'((?:[^']|'')*)'::[\w\s".()[\]]+$/.exec(expression);
  if (literal?.[1] !== undefined) return literal[1].replaceAll("''", "'");
  return expression;
}

function expectedShape(dmmf: Dmmf): SchemaShape {
  const { models, enums, indexes } = dmmf.datamodel;
  const tableOf = new Map(models.map((model) => [model.name, model.dbName ?? model.name]));
  const enumNames = new Map(enums.map((enumType) => [enumType.name, enumType.dbName ?? enumType.name]));
  const shape: SchemaShape = { tables: {}, indexes: {}, foreignKeys: {}, otherConstraints: [], enums: {} };

  for (const model of models) {
    const table = tableOf.get(model.name) ?? model.name;
    const columnOf = new Map(model.fields.map((field) => [field.name, field.dbName ?? field.name]));
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === "object") {
        const from = field.relationFromFields ?? [];
        if (from.length === 0) continue;
        const fkColumns = from.map((name) => columnOf.get(name) ?? name);
        const target = models.find((candidate) => candidate.name === field.type);
        const targetColumns = new Map(target?.fields.map((f) => [f.name, f.dbName ?? f.name]) ?? []);
        const required = from.every((name) => model.fields.find((f) => f.name === name)?.isRequired);
        shape.foreignKeys[`${table}.${constraintName(table, fkColumns, "fkey")}`] = {
          columns: fkColumns,
          references: `${tableOf.get(field.type)}(${(field.relationToFields ?? []).map((name) => targetColumns.get(name) ?? name).join(", ")})`,
          // Prisma's defaults: Restrict (required) / SetNull (optional) on delete, Cascade on update.
          onDelete: field.relationOnDelete ?? (required ? "Restrict" : "SetNull"),
          onUpdate: field.relationOnUpdate ?? "Cascade",
        };
        continue;
      }
      if (field.kind === "unsupported") throw new Error(`schema-match: Unsupported("${field.type}") is not handled`);
      columns[field.dbName ?? field.name] = {
        type: columnType(field, enumNames),
        // Prisma's migrations leave scalar-list columns (`String[]`) nullable.
        nullable: !field.isRequired || field.isList,
        default: expectedDefault(field),
      };
    }
    shape.tables[table] = columns;
  }

  for (const index of indexes) {
    const table = tableOf.get(index.model) ?? index.model;
    const model = models.find((candidate) => candidate.name === index.model);
    const columns = index.fields.map(({ name }) => model?.fields.find((field) => field.name === name)?.dbName ?? name);
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : constraintName(table, columns, suffix));
    if (index.type === "fulltext") throw new Error("schema-match: fulltext indexes are not handled");
    shape.indexes[`${table}.${name}`] = {
      columns,
      unique: index.type !== "normal",
      primary: index.type === "id",
      method: (index.algorithm ?? "BTree").toLowerCase(),
    };
  }

  for (const enumType of enums) {
    shape.enums[enumType.dbName ?? enumType.name] = enumType.values.map((value) => value.dbName ?? value.name);
  }
  return shape;
}

const ACTIONS: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

async function actualShape(db: SqlQueryable): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {}, indexes: {}, foreignKeys: {}, otherConstraints: [], enums: {} };
  const inSchema = `n.nspname = current_schema()`;

  const columns = await db.query<{
    table: string;
    column: string;
    type: string;
    nullable: boolean;
    default: string | null;
  }>(
    `SELECT c.relname::text AS table, a.attname::text AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${inSchema} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname, a.attnum`,
  );
  for (const row of columns.rows) {
    (shape.tables[row.table] ??= {})[row.column] = {
      type: row.type.replaceAll('"', ""),
      nullable: row.nullable,
      default: normalizeDefault(row.default),
    };
  }

  const indexes = await db.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    method: string;
    columns: string[];
  }>(
    `SELECT t.relname::text AS table, i.relname::text AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            am.amname::text AS method,
            ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE ${inSchema} AND t.relname <> '_prisma_migrations'`,
  );
  for (const row of indexes.rows) {
    shape.indexes[`${row.table}.${row.name}`] = {
      columns: row.columns,
      unique: row.unique,
      primary: row.primary,
      method: row.method,
    };
  }

  const constraints = await db.query<{
    table: string;
    name: string;
    type: string;
    references: string | null;
    on_delete: string;
    on_update: string;
    columns: string[];
    ref_columns: string[];
  }>(
    `SELECT t.relname::text AS table, con.conname::text AS name, con.contype::text AS type, rt.relname::text AS references,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_class rt ON rt.oid = con.confrelid
      WHERE ${inSchema} AND t.relname <> '_prisma_migrations' AND con.contype NOT IN ('n')`,
  );
  for (const row of constraints.rows) {
    if (row.type === "f") {
      shape.foreignKeys[`${row.table}.${row.name}`] = {
        columns: row.columns,
        references: `${row.references}(${row.ref_columns.join(", ")})`,
        onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
        onUpdate: ACTIONS[row.on_update] ?? row.on_update,
      };
    } else if (row.type === "p") {
      // The primary key must be the index of the same name, checked through `indexes`.
      if (!shape.indexes[`${row.table}.${row.name}`]?.primary)
        shape.otherConstraints.push(`${row.table}.${row.name} (primary key without its index)`);
    } else {
      shape.otherConstraints.push(`${row.table}.${row.name} (${row.type})`);
    }
  }

  const enums = await db.query<{ name: string; labels: string[] }>(
    `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE ${inSchema} GROUP BY t.typname`,
  );
  for (const row of enums.rows) shape.enums[row.name] = row.labels;
  return shape;
}

/** Human-readable differences, one line each; empty when the database matches the schema. */
function diffShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const lines: string[] = [];
  const show = (value: unknown) => JSON.stringify(value);
  const compare = <T>(label: (key: string) => string, want: Record<string, T>, have: Record<string, T>) => {
    for (const key of Object.keys(want).sort()) {
      if (!(key in have)) lines.push(`missing ${label(key)}: schema.prisma has ${show(want[key])}`);
      else if (show(want[key]) !== show(have[key]))
        lines.push(`${label(key)}: schema.prisma ${show(want[key])}, database ${show(have[key])}`);
    }
    for (const key of Object.keys(have).sort()) {
      if (!(key in want)) lines.push(`extra ${label(key)} in the database: ${show(have[key])}`);
    }
  };
  compare(
    (table) => `table ${table}`,
    mapValues(expected.tables, () => true),
    mapValues(actual.tables, () => true),
  );
  for (const [table, want] of Object.entries(expected.tables)) {
    const have = actual.tables[table];
    if (have) compare((column) => `column ${table}.${column}`, want, have);
  }
  compare((key) => `index ${key}`, expected.indexes, actual.indexes);
  compare((key) => `foreign key ${key}`, expected.foreignKeys, actual.foreignKeys);
  compare((name) => `enum ${name}`, expected.enums, actual.enums);
  for (const constraint of actual.otherConstraints) lines.push(`unexpected constraint ${constraint}`);
  return lines;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

// ---------------------------------------------------------------------------------------------

const root = findProjectRoot() ?? process.cwd();
let schemaText = "";
let expected: SchemaShape;

beforeAll(async () => {
  schemaText = await readFile(path.join(root, "prisma", "schema.prisma"), "utf8");
  expected = expectedShape(await loadDmmf(schemaText));
});

// schema.prisma plus a column and an index that no migration creates.
let drifted: Promise<SchemaShape> | undefined;
function driftedExpectation(): Promise<SchemaShape> {
  const changed = schemaText
    .replace(/(\nmodel Account \{\n)/, '$1  driftProbe String @map("drift_probe")\n')
    .replace("@@index([startedAt])", "@@index([startedAt])\n  @@index([status])");
  expect(changed).not.toBe(schemaText);
  drifted ??= loadDmmf(changed).then(expectedShape);
  return drifted;
}

describe.each(databaseKinds())("migrated %s database", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("has exactly the tables, columns, types, defaults, indexes, keys and enums of schema.prisma", async () => {
    expect(Object.keys(expected.tables).length).toBeGreaterThan(0);
    const differences = diffShapes(expected, await actualShape(db.raw));
    expect(differences, `The migrations do not build schema.prisma:\n  ${differences.join("\n  ")}`).toEqual([]);
  });

  it("notices a schema.prisma change that has no migration", async () => {
    const differences = diffShapes(await driftedExpectation(), await actualShape(db.raw));
    expect(differences).toEqual([
      'missing column account.drift_probe: schema.prisma has {"type":"text","nullable":false,"default":null}',
      'missing index collection_run.collection_run_status_idx: schema.prisma has {"columns":["status"],"unique":false,"primary":false,"method":"btree"}',
    ]);
  });
});
