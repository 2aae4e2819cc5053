import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

// Node 25 and later define a global localStorage of their own (undefined without
// --localstorage-file) that hides happy-dom's: the tests' workers run without it.
const nodeMajor = Number(process.versions.node.split('.')[0])
const execArgv = nodeMajor >= 25 ? ['--no-experimental-webstorage'] : []

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      execArgv,
      include: ['src/**/__tests__/*.spec.ts'],
      // Element Plus ships per-component CSS imports that Node cannot load; let Vite handle them.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
