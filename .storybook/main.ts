import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Our sources use TypeScript's legacy decorators with `useDefineForClassFields: false` (tsconfig.json), as
  // Lit's TypeScript guide recommends; Vite's Oxc transform needs to be told so explicitly.
  viteFinal: async (viteConfig) => ({
    ...viteConfig,
    oxc: {
      ...(typeof viteConfig.oxc === 'object' ? viteConfig.oxc : {}),
      decorator: { legacy: true },
      typescript: { removeClassFieldsWithoutInitializer: true },
      assumptions: { setPublicClassFields: true },
    },
    build: { ...viteConfig.build, chunkSizeWarningLimit: 2000 },
  }),
};

export default config;
