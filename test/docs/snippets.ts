// The code in the docs, compiled: every TypeScript block of the README and of docs/*.md, and every
// `@example` of a module under src/ or examples/. Each snippet is its own module, type-checked in one program against the
// sources; the preamble (snippets.preamble.d.ts) declares the few values examples take as given.
//
// An `@example` sees its own module's exports without importing them (it shows that module), plus
// anything it imports itself; relative imports resolve from the module's folder. Markdown snippets
// import from the package's entry points, which resolve to src/.
//
// Run alone: npx vitest run test/docs/snippets.test.ts   (or: node scripts/run-ts.mjs test/docs/snippets.ts)
import ts from 'typescript'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)))
const SRC = path.join(ROOT, 'src')
const EXAMPLES = path.join(ROOT, 'examples')
const DOCS = path.join(ROOT, 'docs')
const PREAMBLE = path.join(ROOT, 'test/docs/snippets.preamble.d.ts')

export interface Snippet {
  /** Where it is shown: `README.md:59` or `src/cli/Options.ts:12`. */
  readonly where: string
  /** The file it is compiled as (virtual, next to its module). */
  readonly file: string
  readonly code: string
}

export interface Problem {
  readonly where: string
  readonly message: string
}

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(full)
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : []
  })

/** The TypeScript blocks of a markdown file. */
export const markdownSnippets = (file: string): Snippet[] => {
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  const out: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !lines[end]!.startsWith('```')) end++
    const rel = path.relative(ROOT, file)
    out.push({ where: `${rel}:${start + 1}`, file: path.join(ROOT, `.snippet.${rel.replace(/[^A-Za-z0-9]/g, '_')}.${start + 1}.ts`), code: lines.slice(start, end).join('\n') })
    i = end
  }
  return out
}

/** The names a declaration binds: its identifier, or each name it destructures (`export const { a, b } = m`). */
const boundNames = (n: ts.BindingName): string[] =>
  ts.isIdentifier(n) ? [n.text] : (n.elements as ReadonlyArray<ts.ArrayBindingElement>).flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundNames(e.name)))

/** The names a module exports by its own declarations (what its examples may use unimported). */
const exportedNames = (sf: ts.SourceFile): string[] => {
  const names: string[] = []
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (!exported) continue
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) names.push(...boundNames(d.name))
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      names.push(st.name.text)
    }
  }
  return [...new Set(names)]
}

/** The `@example` blocks of every module under the given folders (src/ and examples/). */
export const sourceSnippets = (dirs: ReadonlyArray<string> = [SRC, EXAMPLES]): Snippet[] => {
  const out: Snippet[] = []
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = fs.readFileSync(file, 'utf8')
    if (!text.includes('@example')) continue
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const exports = exportedNames(sf)
    const rel = path.relative(ROOT, file)
    const moduleSpec = './' + path.basename(file, '.ts')
    let n = 0
    const seen = new Set<number>() // a JSDoc is found from its statement and from the declaration inside
    const visit = (node: ts.Node): void => {
      for (const doc of ts.getJSDocCommentsAndTags(node)) {
        if (!ts.isJSDoc(doc)) continue
        for (const tag of doc.tags ?? []) {
          if (tag.tagName.text !== 'example' || seen.has(tag.pos)) continue
          seen.add(tag.pos)
          const code = ts.getTextOfJSDocComment(tag.comment) ?? ''
          const line = sf.getLineAndCharacterOfPosition(tag.getStart(sf)).line + 1
          n++
          out.push({
            where: `${rel}:${line}`,
            file: path.join(path.dirname(file), `.example.${path.basename(file, '.ts')}.${n}.ts`),
            code: withModuleImports(code, exports, moduleSpec),
          })
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return out
}

/** The snippet with its module's exports imported, except names the snippet declares or imports itself. */
const withModuleImports = (code: string, exports: ReadonlyArray<string>, spec: string): string => {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true)
  const own = new Set<string>()
  const note = (n: ts.BindingName | ts.Identifier | undefined): void => {
    if (n !== undefined && ts.isIdentifier(n)) own.add(n.text)
  }
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause) {
      note(st.importClause.name)
      const b = st.importClause.namedBindings
      if (b && ts.isNamespaceImport(b)) note(b.name)
      if (b && ts.isNamedImports(b)) for (const e of b.elements) note(e.name)
    }
    if (ts.isImportEqualsDeclaration(st)) note(st.name)
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) note(d.name)
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name) note(st.name)
  }
  const names = exports.filter((n) => !own.has(n))
  return names.length === 0 ? code : `import { ${names.join(', ')} } from '${spec}'\n${code}`
}

/** Compiles the snippets in one program; returns every problem, by where the snippet is shown. */
export const compileSnippets = (snippets: ReadonlyArray<Snippet>): Problem[] => {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    allowUnreachableCode: true,
    baseUrl: ROOT,
    paths: {
      'dcc-service-flags': ['./src/index.ts'],
      'dcc-service-flags/node': ['./src/node.ts'],
      'dcc-service-flags/compile': ['./src/wire/reader/Compile.ts'],
      'dcc-service-flags/sqlite': ['./src/sqlite/index.ts'],
    },
  }
  // Each snippet is a module (so its names are its own), with top-level await allowed.
  const virtual = new Map(snippets.map((s) => [path.resolve(s.file), `${s.code}\nexport {}\n`]))
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, lang, onError, create) => {
    const v = virtual.get(path.resolve(name))
    return v !== undefined ? ts.createSourceFile(name, v, lang) : getSourceFile(name, lang, onError, create)
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => virtual.get(path.resolve(name)) ?? readFile(name)
  const program = ts.createProgram([PREAMBLE, ...virtual.keys()], options, host)
  const byFile = new Map(snippets.map((s) => [path.resolve(s.file), s]))
  const problems: Problem[] = []
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const s = d.file === undefined ? undefined : byFile.get(path.resolve(d.file.fileName))
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (s === undefined) {
      problems.push({ where: d.file === undefined ? '(program)' : path.relative(ROOT, d.file.fileName), message })
      continue
    }
    const line = d.start === undefined ? 0 : d.file!.getLineAndCharacterOfPosition(d.start).line
    problems.push({ where: `${s.where} (snippet line ${line + 1})`, message })
  }
  return problems
}

/** The markdown files whose TypeScript blocks are compiled: the README and docs/*.md. */
export const markdownFiles = (): string[] => [
  path.join(ROOT, 'README.md'),
  ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(DOCS, f)),
]

export const allSnippets = (): Snippet[] => [...markdownFiles().flatMap(markdownSnippets), ...sourceSnippets()]

// Run as a script: print every problem, exit 1 when there is any.
if (process.argv[1] !== undefined && /snippets\.ts$/.test(process.argv[1])) {
  const problems = compileSnippets(allSnippets())
  for (const p of problems) process.stdout.write(`${p.where}: ${p.message}\n`)
  process.stdout.write(`${problems.length} problem(s)\n`)
  process.exitCode = problems.length === 0 ? 0 : 1
}
