#!/usr/bin/env node
// Fails when a generated file is stale: runs what `npm run codegen` runs into a temporary
// directory and compares the outcome with the files in the tree (src/api/generated.ts from the
// SDL and the .graphql documents, src/permissions/codes.ts from the permission catalogue).
// Needs no git and changes nothing in the tree. `make test` runs it (`npm run codegen:check`).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generate as generatePermissionCodes } from './permission-codes.mjs'

const portal = fileURLToPath(new URL('..', import.meta.url))
const command = process.platform === 'win32' ? 'graphql-codegen.cmd' : 'graphql-codegen'
const bin = join(portal, 'node_modules', '.bin', command)

/** The first lines where two texts differ, as a short unified-looking excerpt. */
function firstDifference(committed, fresh, context = 2) {
  const a = committed.split('\n')
  const b = fresh.split('\n')
  let at = 0
  while (at < a.length && at < b.length && a[at] === b[at]) at += 1
  const from = Math.max(0, at - context)
  const lines = [`@@ line ${at + 1} @@`]
  for (let i = from; i < at; i += 1) lines.push(`  ${a[i]}`)
  for (let i = at; i < Math.min(a.length, at + 3); i += 1) lines.push(`- ${a[i]}`)
  for (let i = at; i < Math.min(b.length, at + 3); i += 1) lines.push(`+ ${b[i]}`)
  return lines.join('\n')
}

function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'jixiao-codegen-'))
  try {
    const run = spawnSync(bin, ['--config', 'codegen.ts', '--silent'], {
      cwd: portal,
      env: { ...process.env, CODEGEN_OUT_DIR: outDir },
      encoding: 'utf8',
    })
    if (run.status !== 0) {
      process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}${run.error ?? ''}\n`)
      console.error('codegen failed: the SDL or a .graphql document of src/api does not validate')
      process.exit(1)
    }
    generatePermissionCodes(outDir)
    const pairs = [
      ['src/api/generated.ts', join(outDir, 'generated.ts')],
      ['src/permissions/codes.ts', join(outDir, 'codes.ts')],
    ]
    const stale = []
    for (const [committed, fresh] of pairs) {
      let before = ''
      try {
        before = readFileSync(join(portal, committed), 'utf8')
      } catch {
        before = ''
      }
      const after = readFileSync(fresh, 'utf8')
      if (before !== after) {
        stale.push(committed)
        console.error(`${committed} is stale:\n${firstDifference(before, after)}\n`)
      }
    }
    if (stale.length > 0) {
      console.error(`Run \`npm run codegen\` in portal/ and commit ${stale.join(' and ')}.`)
      process.exit(1)
    }
    console.log('generated code is up to date (src/api/generated.ts, src/permissions/codes.ts)')
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

main()
