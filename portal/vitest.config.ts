import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/__tests__/*.spec.ts'],
      // Element Plus ships per-component CSS imports that Node cannot load; let Vite handle them.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
