// Two builds from one source tree:
//  1. the package: ESM modules that mirror src/ (so bundlers tree-shake per element) plus .d.ts files;
//     dependencies stay external so an app shares one Lit with everything else it uses;
//  2. the script-tag embed: one minified IIFE with everything inside, for `<script src=".../convo-embed.js">`.
import { readdirSync, existsSync } from 'node:fs';
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
const dependencies = ['lit', '@lit/context', 'eventsource-parser', 'idb-keyval'];
const isDependency = (id) => dependencies.some((name) => id === name || id.startsWith(`${name}/`));

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
      nodeResolve({ browser: true }),
      minifyTemplateLiterals(),
      typescript({
        tsconfig: './tsconfig.json',
        outDir: 'dist',
        declaration: false,
        sourceMap: true,
        exclude: ['test/**', 'stories/**', 'bench/**'],
        noEmitOnError: true,
      }),
      terser({ ecma: 2020, module: false, format: { comments: false } }),
    ],
  },
];
