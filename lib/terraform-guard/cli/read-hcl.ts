import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { InputError } from "@/lib/terraform-guard/errors";
import { firstBody, type HclDocument, type HclModuleTree } from "@/lib/terraform-guard/hcl-model";
import { isObject, own, setOwn, type Json } from "@/lib/terraform-guard/json-text";

// Reads a directory of .tf files (and the local modules it calls) through @cdktf/hcl2json, for
// hclToModel. Registry and git module sources are not fetched: hclToModel notes them.

const LOCAL_SOURCE = /^\.\.?\//;

async function parseFile(file: string, shownAs: string): Promise<HclDocument> {
  const text = await readFile(file, "utf8");
  try {
    // safe because hcl2json returns plain JSON
    return { file: shownAs, json: (await parse(path.basename(file), text)) as Json };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = /:(\d+),(\d+)(?:-\d+)?: ([^;\]]+)/.exec(message);
    throw new InputError(
      shownAs,
      where ? `line ${where[1]} column ${where[2]}` : null,
      where ? where[3]!.trim() : `not valid HCL (${message})`,
    );
  }
}

async function readModule(dir: string, shownAs: string, seen: Set<string>, depth: number): Promise<HclModuleTree> {
  const real = await realpath(dir);
  const files = (await readdir(dir)).filter((name) => name.endsWith(".tf")).sort();
  const documents: HclDocument[] = [];
  for (const name of files) documents.push(await parseFile(path.join(dir, name), path.join(shownAs, name)));
  const children: Record<string, HclModuleTree | null> = {};
  if (depth >= 32 || seen.has(real)) return { documents, children };
  const inner = new Set([...seen, real]);
  for (const document of documents) {
    const calls = isObject(document.json) ? own(document.json, "module") : undefined;
    if (!isObject(calls)) continue;
    for (const name of Object.keys(calls)) {
      const body = firstBody(calls[name]);
      const source = isObject(body) ? own(body, "source") : undefined;
      if (typeof source !== "string" || !LOCAL_SOURCE.test(source)) {
        setOwn(children, name, null);
        continue;
      }
      const childDir = path.resolve(dir, source);
      const exists = await stat(childDir).then(
        (info) => info.isDirectory(),
        () => false,
      );
      if (!exists) throw new InputError(document.file, `module.${name}.source`, `${source} is not a directory`);
      const tree = await readModule(childDir, path.join(shownAs, source), inner, depth + 1);
      setOwn(children, name, tree);
    }
  }
  return { documents, children };
}

export async function readHclDirectory(dir: string): Promise<HclModuleTree> {
  const tree = await readModule(dir, dir, new Set(), 0);
  if (tree.documents.length === 0) throw new InputError(dir, null, "holds no .tf files");
  return tree;
}
