/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';

export default defineConfig({
  plugins: [svelte(), lessonsPlugin()],
  build: {
    target: 'es2022',
    sourcemap: false,
    // .vite/manifest.json: the chunk graph scripts/bundle-size.ts follows to measure what a page loads.
    manifest: true,
    // Entries: the full site; smtp-lab.js, the one-script-tag widget for blog posts; embed.html, the same
    // widget alone in a page, for an <iframe>.
    rolldownOptions: {
      input: { main: 'index.html', 'smtp-lab': 'src/embed.ts', embed: 'embed.html' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'smtp-lab' ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/component/**/*.test.ts', 'src/**/*.test.svelte.ts'],
          setupFiles: ['tests/component/setup.ts'],
        },
      },
    ],
  },
});
