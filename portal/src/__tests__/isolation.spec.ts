// Most spec files share a module graph (vitest.config.ts, `isolate: false`), where a `vi.mock`
// of an app module would come too late or leak into the next file. A file that mocks one must
// be listed in MOCKING, which runs each such file in a module graph of its own.
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')

function specs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return specs(path)
    return entry.name.endsWith('.spec.ts') ? [relative(root, path)] : []
  })
}

describe('test isolation', () => {
  it('runs every file that mocks a module in a module graph of its own', () => {
    const config = readFileSync(join(root, 'vitest.config.ts'), 'utf8')
    const mocking = specs(join(root, 'src')).filter((file) =>
      /\bvi\.(mock|doMock)\(/.test(readFileSync(join(root, file), 'utf8')),
    )
    expect(mocking.length).toBeGreaterThan(0)
    const unlisted = mocking.filter((file) => !config.includes(`'${file}'`))
    expect(unlisted, 'add these to MOCKING in vitest.config.ts').toEqual([])
  })
})
