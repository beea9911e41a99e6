// Two builds from one source tree:
//  1. the package: ESM modules that mirror src/ (so bundlers tree-shake per element) plus .d.ts files;
//     dependencies stay external so an app shares one Lit with everything else it uses;
//  2. the script-tag embed: one minified IIFE with everything inside, for `<script src=".../convo-embed.js">`,
//     except the chart library (Vega, several times the rest), which is its sidecar `convo-embed-chart.js`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyTemplateLiterals } from './scripts/minify-template-literals.mjs';

const elementEntries = readdirSync('src/elements', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join('src/elements', entry.name, `define-${entry.name}.ts`))
  .filter((file) => existsSync(file));

const packageEntries = ['src/index.ts', 'src/define.ts', 'src/api/index.ts', ...elementEntries];
const dependencies = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies);
const isDependency = (id) => dependencies.some((name) => id === name || id.startsWith(`${name}/`));

/** The module that imports Vega (src/elements/convo-chat/chart/chart-library.ts) and its sidecar file. */
const CHART_LIBRARY = path.resolve('src/elements/convo-chat/chart/chart-library.ts');
const CHART_SIDECAR = 'convo-embed-chart.js';

/**
 * Keeps the chart library out of the embed: its dynamic import becomes `import('./convo-embed-chart.js')`.
 * The embed sets the sidecar's full address from its own script URL at start (src/embed.ts); a classic
 * script's `import()` also resolves against the script's URL, so the relative form points there as well.
 */
const chartSidecar = {
  name: 'chart-sidecar',
  async resolveId(source, importer, options) {
    if (!source.includes('chart-library')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === CHART_LIBRARY ? { id: `./${CHART_SIDECAR}`, external: true } : null;
  },
};

/** TypeScript for the single-file bundles (the package build above also writes declarations). */
const bundledTypeScript = () =>
  typescript({
    tsconfig: './tsconfig.json',
    outDir: 'dist',
    declaration: false,
    sourceMap: true,
    exclude: ['test/**', 'stories/**', 'bench/**'],
    noEmitOnError: true,
  });

export default [
  {
    input: packageEntries,
    external: isDependency,
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      sourcemap: true,
    },
    plugins: [
      minifyTemplateLiterals(),
      typescript({
        tsconfig: './tsconfig.json',
        outDir: 'dist',
        declaration: true,
        declarationDir: 'dist',
        sourceMap: true,
        exclude: ['test/**', 'stories/**', 'bench/**'],
        noEmitOnError: true,
      }),
    ],
  },
  {
    input: 'src/embed.ts',
    // One file by contract: the lazily imported pieces (extra highlighting grammars) are inlined here, while
    // the ESM build above keeps them as separate chunks loaded on first use.
    output: {
      file: 'dist/convo-embed.js',
      format: 'iife',
      name: 'ConvoElements',
      sourcemap: true,
      inlineDynamicImports: true,
    },
    plugins: [
      chartSidecar,
      nodeResolve({ browser: true }),
      minifyTemplateLiterals(),
      bundledTypeScript(),
      terser({ ecma: 2020, module: false, format: { comments: false } }),
    ],
  },
  {
    // The embed's chart library with Vega bundled in, an ES module the embed imports on the first chart.
    input: CHART_LIBRARY,
    output: { file: `dist/${CHART_SIDECAR}`, format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      bundledTypeScript(),
      terser({ ecma: 2020, module: true, format: { comments: false } }),
    ],
  },
];
