/**
 * The TypeScript in README.md and docs/**\/*.md, type-checked the way a user's program is: every ```ts /
 * ```typescript block is a module that imports `bootstrapped-vm` by name, resolved to this working tree's
 * sources (src/, through package.json's `exports`), with the project's compiler options.
 *
 * Markers: HTML comments on the lines directly above a block's fence (invisible when rendered).
 *
 *   <!-- snippet: skip REASON -->         the block is not checked; REASON is required
 *   <!-- snippet: continues -->           the block is checked appended to the page's previous block
 *   <!-- snippet: given DECLARATIONS -->  TypeScript put before the block: what the reader supplies
 *                                         (`declare const key: string;`); may span lines up to the `-->`
 *
 * A `given` declares only what the reader brings (their spec, their resources' ids); what a block takes
 * from the package it imports in plain sight, or from the block it continues. A marker anywhere else (not
 * directly above a ts fence), an unknown keyword, or a `skip` without a reason is a problem: markers cannot
 * drift away from the block they describe.
 *
 * Compiler options: tsconfig.json's (strict, noUncheckedIndexedAccess, ...) without the unused-name checks
 * and jest's globals. Diagnostics in src/ itself are tsc's job (npm run typecheck), not reported here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as ts from "typescript";

/** One ```ts block of a page, with its markers. */
export interface DocBlock {
  /** Page, relative to the project root (`docs/fleets.md`). */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The block's lines, the fence's indentation removed. */
  code: string[];
  /** `skip` marker's reason. */
  skip?: string;
  continues: boolean;
  /** `given` markers: their TypeScript lines, each with the markdown line it is on. */
  given: { line: number; text: string[] }[];
}

/** Consecutive virtual lines that come from consecutive markdown lines. */
interface Segment {
  /** 0-based line in the module. */
  start: number;
  count: number;
  file: string;
  /** 1-based markdown line of the segment's first line. */
  line: number;
}

/** What one program file is made of: a block and the blocks that continue it. */
export interface SnippetModule {
  /** `docs/fleets.md:9`: the page and fence line of its first block. */
  name: string;
  text: string;
  segments: Segment[];
  blocks: number;
}

export interface Extraction {
  blocks: DocBlock[];
  modules: SnippetModule[];
  problems: string[];
}

const MARKER_START = /^\s*<!--\s*snippet:/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const TS_LANGS = new Set(["ts", "typescript"]);

/** The ```ts blocks of one page and the marker problems found on it. */
export function extractBlocks(file: string, markdown: string): { blocks: DocBlock[]; problems: string[] } {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  let pending: { line: number; keyword: string; rest: string[] }[] = [];
  const orphan = () => {
    for (const m of pending)
      problems.push(`${file}:${m.line}: a snippet marker must be directly above a \`\`\`ts fence`);
    pending = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (MARKER_START.test(text)) {
      // The comment runs to the first `-->`, on this line or a later one.
      let end = i;
      while (end < lines.length && !lines[end]!.includes("-->")) end++;
      if (end === lines.length) {
        problems.push(`${file}:${i + 1}: a snippet marker without its closing -->`);
        break;
      }
      const body = lines.slice(i, end + 1);
      body[0] = body[0]!.replace(MARKER_START, "");
      body[body.length - 1] = body[body.length - 1]!.replace(/-->.*$/, "");
      const [, keyword = "", first = ""] = /^\s*(\S*)\s?(.*)$/.exec(body[0]!) ?? [];
      pending.push({ line: i + 1, keyword, rest: [first, ...body.slice(1)] });
      i = end;
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      orphan();
      continue;
    }
    const [, indent = "", mark = "", lang = ""] = fence;
    const close = new RegExp(`^\\s*${mark[0] === "`" ? "`" : "~"}{${mark.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    if (TS_LANGS.has(lang.toLowerCase())) {
      const block: DocBlock = {
        file,
        line: i + 1,
        code: lines
          .slice(i + 1, end)
          .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())),
        continues: false,
        given: [],
      };
      for (const m of pending) {
        const rest = m.rest.join("\n").trim();
        if (m.keyword === "skip") {
          if (rest === "") problems.push(`${file}:${m.line}: \`snippet: skip\` needs a reason`);
          block.skip = rest;
        } else if (m.keyword === "continues") {
          if (rest !== "") problems.push(`${file}:${m.line}: \`snippet: continues\` takes nothing after it`);
          block.continues = true;
        } else if (m.keyword === "given") {
          if (rest === "") problems.push(`${file}:${m.line}: \`snippet: given\` needs TypeScript after it`);
          block.given.push({ line: m.line, text: m.rest });
        } else {
          problems.push(
            `${file}:${m.line}: unknown snippet marker "${m.keyword}" (skip REASON, continues, given DECLARATIONS)`,
          );
        }
      }
      if (block.skip !== undefined && (block.continues || block.given.length > 0))
        problems.push(`${file}:${block.line}: a skipped block takes no other snippet marker`);
      pending = [];
      blocks.push(block);
    } else {
      orphan();
    }
    i = end;
  }
  orphan();
  return { blocks, problems };
}

/** The checked blocks of one page as modules: a `continues` block joins the module of the block above it. */
export function toModules(blocks: DocBlock[]): { modules: SnippetModule[]; problems: string[] } {
  const modules: SnippetModule[] = [];
  const problems: string[] = [];
  let lines: string[] = [];
  let current: SnippetModule | undefined;
  let previous: DocBlock | undefined;
  const finish = () => {
    if (current) current.text = lines.join("\n") + "\n";
  };
  for (const block of blocks) {
    if (block.skip !== undefined) {
      previous = block;
      continue;
    }
    if (block.continues) {
      if (!current || !previous || previous.file !== block.file || previous.skip !== undefined) {
        problems.push(
          `${block.file}:${block.line}: \`snippet: continues\` needs a checked block above it on the page`,
        );
        previous = block;
        continue;
      }
      current.blocks++;
    } else {
      finish();
      lines = [];
      current = { name: `${block.file}:${block.line}`, text: "", segments: [], blocks: 1 };
      modules.push(current);
    }
    for (const given of block.given) {
      current.segments.push({
        start: lines.length,
        count: given.text.length,
        file: block.file,
        line: given.line,
      });
      lines.push(...given.text);
    }
    current.segments.push({
      start: lines.length,
      count: block.code.length,
      file: block.file,
      line: block.line + 1,
    });
    lines.push(...block.code);
    previous = block;
  }
  finish();
  return { modules, problems };
}

/** README.md and every .md under docs/, relative to `root`, in a stable order. */
export function docPages(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
      );
  return [join(root, "README.md"), ...walk(join(root, "docs"))].map((f) => relative(root, f));
}

export function extractAll(root: string, pages: string[]): Extraction {
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  for (const page of pages) {
    const found = extractBlocks(page, readFileSync(join(root, page), "utf8"));
    blocks.push(...found.blocks);
    problems.push(...found.problems);
  }
  const { modules, problems: moduleProblems } = toModules(blocks);
  return { blocks, modules, problems: [...problems, ...moduleProblems] };
}

/**
 * `paths` for the package's own name and subpaths, from package.json `exports`: each `types` under dist/
 * is the declaration file tsc emits from the same path under the root (dist/src/index.d.ts from
 * src/index.ts), so a fresh clone needs no build.
 */
export function packagePaths(root: string): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | { types?: string }>;
  };
  const paths: Record<string, string[]> = {};
  for (const [key, target] of Object.entries(pkg.exports)) {
    const types = typeof target === "object" ? target.types : undefined;
    if (types === undefined || key.includes("*")) continue;
    const source = join(root, types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts"));
    if (!existsSync(source))
      throw new Error(`package.json exports["${key}"]: no source ${source} for ${types}`);
    paths[key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`] = [source];
  }
  return paths;
}

/**
 * Type-checks every module in one program. Returns each module's diagnostics as `FILE:LINE: TSnnnn
 * message`, the markdown line of the code (or `given` marker) the diagnostic is on.
 */
export function typeCheck(root: string, modules: SnippetModule[]): Map<string, string[]> {
  const config = ts.readConfigFile(join(root, "tsconfig.json"), (f) => ts.sys.readFile(f));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    // A user's program: Node's types, no jest globals; a snippet's unused names are the reader's to use.
    types: ["node"],
    noUnusedLocals: false,
    noUnusedParameters: false,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
    paths: packagePaths(root),
  };
  // Beside the page, so `@pulumi/...` resolves from the project's node_modules as from a user's program.
  const fileOf = new Map(modules.map((m) => [join(root, `${m.name.replace(":", ".L")}.snippet.ts`), m]));
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) => {
    const module = fileOf.get(name);
    return module
      ? ts.createSourceFile(name, module.text, language, true, ts.ScriptKind.TS)
      : getSourceFile(name, language, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => fileOf.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => fileOf.get(name)?.text ?? readFile(name);

  const program = ts.createProgram([...fileOf.keys()], options, host);
  const result = new Map<string, string[]>(modules.map((m) => [m.name, []]));
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length > 0)
    throw new Error(global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n"));
  for (const [fileName, module] of fileOf) {
    const source = program.getSourceFile(fileName)!;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      const segment = module.segments.find((s) => line >= s.start && line < s.start + s.count);
      const where = segment ? `${segment.file}:${segment.line + line - segment.start}` : module.name;
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
      result.get(module.name)!.push(`${where}: TS${d.code} ${message}`);
    }
  }
  return result;
}
