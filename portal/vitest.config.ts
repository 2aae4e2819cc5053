import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

// Node 25 and later define a global localStorage of their own (undefined without
// --localstorage-file) that hides happy-dom's: the tests' workers run without it.
const nodeMajor = Number(process.versions.node.split('.')[0])
const execArgv = nodeMajor >= 25 ? ['--no-experimental-webstorage'] : []

// Files whose `vi.mock` replaces a module of the app: a mock applies only to a module graph
// loaded after it, so these files keep a module graph of their own.
const MOCKING = [
  'src/composables/__tests__/cursor-list.spec.ts',
  'src/views/appeals/__tests__/unit-appeal.spec.ts',
  'src/views/results/__tests__/appeal-marks.spec.ts',
  'src/views/results/__tests__/scorer-fairness.spec.ts',
  'src/views/results/__tests__/unit-result.spec.ts',
  'src/views/setup/__tests__/scheme-year.spec.ts',
]

const shared = {
  environment: 'happy-dom',
  environmentOptions: { happyDOM: { url: 'http://localhost:3000/' } },
  execArgv,
  // Element Plus ships per-component CSS imports that Node cannot load; let Vite handle them.
  server: { deps: { inline: ['element-plus'] } },
  // Before every file: no cookie, storage, DOM, stub, spy or fake clock left by another.
  setupFiles: ['src/test-setup.ts'],
  // `make test` runs these beside four pytest workers on two cores: a file's first test, which
  // mounts a dialog whose Element Plus components Vite transforms on first use, once took more
  // than vitest's default 5 s there (CI, stop 32). A test that hangs still fails, after 30 s.
  testTimeout: 30_000,
  hookTimeout: 30_000,
}

// Every other file shares its worker's module graph and page (`isolate: false`): loading Vue
// and Element Plus once per worker instead of once per file took the run from 160 s to about
// 70 s on the 2-core machine (alone; beside pytest in `make test`, about 117 s). `src/test-setup.ts` resets what a file may leave behind, and
// `src/__tests__/isolation.spec.ts` fails when a new file mocks a module outside MOCKING.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: { ...shared, name: 'shared', include: ['src/**/__tests__/*.spec.ts'], exclude: MOCKING, isolate: false },
        },
        { extends: true, test: { ...shared, name: 'mocking', include: MOCKING } },
      ],
    },
  }),
)
