#!/usr/bin/env node
// Measures what a browser downloads before the first page can render: the entry script, the
// modules it preloads and the stylesheets linked from dist/index.html, each gzipped.
// Exits 1 when the total is over the budget. Usage: node scripts/bundle-size.mjs [distDir]
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = Number(process.env.BUNDLE_BUDGET_KB ?? 400)
const distDir = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)))

/** The local asset paths that index.html loads up front, in document order, without duplicates. */
export function initialAssets(html) {
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? []
  const assets = []
  for (const tag of tags) {
    const attr = (name) => tag.match(new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i'))?.[1]
    const isEntry = /^<script/i.test(tag) && attr('type') === 'module' && attr('src')
    const rel = attr('rel')?.toLowerCase()
    const url = isEntry ? attr('src') : rel === 'modulepreload' || rel === 'stylesheet' ? attr('href') : undefined
    if (!url || /^(https?:)?\/\//i.test(url)) continue
    const path = url.replace(/^\//, '').split(/[?#]/)[0]
    if (!assets.includes(path)) assets.push(path)
  }
  return assets
}

function main() {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const assets = initialAssets(html)
  if (assets.length === 0) {
    console.error(`bundle-size: no entry script or stylesheet found in ${join(distDir, 'index.html')}`)
    process.exit(1)
  }
  let total = 0
  for (const asset of assets) {
    const gzipped = gzipSync(readFileSync(join(distDir, asset))).length
    total += gzipped
    console.log(`  ${(gzipped / 1024).toFixed(1).padStart(7)} KB  ${asset}`)
  }
  const totalKb = total / 1024
  console.log(`initial bundle: ${totalKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`)
  if (totalKb > BUDGET_KB) {
    console.error(`bundle-size: over budget by ${(totalKb - BUDGET_KB).toFixed(1)} KB`)
    process.exit(1)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
