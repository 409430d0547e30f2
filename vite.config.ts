/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';
import { minifySvelteCss } from './scripts/minify-svelte-css.ts';
import { mangleXtermPrivates } from './scripts/mangle-xterm-privates.ts';

/** Modules of the lab chunk (see codeSplitting below). */
const LAB_CORE = /\/src\/(smtp|workstation|terminal)\/|\/src\/ui\/(lab\.svelte|session-log)\.ts$/;
/** The lesson runtime and engine, which a lesson loads with the lab and the sandbox does not (the message checks
 * few lessons use load on demand), with the lesson's outcome panel under the terminal (below-terminal.ts: it
 * imports the lab anyway; a chunk of its own was 0.2 kB more). */
const LESSON_ENGINE =
  /\/src\/lessons\/(run|preload)\.ts$|\/src\/lessons\/engine\/(?!types|message-checks)|\/src\/ui\/lesson\/(below-terminal\.ts|lesson-lab\.ts|OutcomePanel\.svelte)$|\/src\/ui\/LabProvider\.svelte$/;
/** The terminal pane and the panels under it, with the helper that puts xterm's stylesheet in place: in the lab's
 * chunk, since every page that shows them (a lesson once its lab is built, the sandbox at once) loads the lab too
 * (a chunk of their own was 0.5 kB more). The reply explanation stays apart: a lesson loads it with the first
 * refusal or reply chosen (OutcomePanel). */
const LAB_VIEWS =
  /\/src\/ui\/(Transcript|Terminal|LineEnding|MailboxPanel)\.svelte$|\/src\/ui\/(virtual-rows|terminal-loader|styles)\.ts$/;
/** What loads when first used: the commands few lessons type, the profiles other than Postfix, mail travel, the
 * forgery checks, the list manager, the reply catalog. */
const ON_DEMAND =
  /\/src\/workstation\/commands\/(dig|host|nslookup|openssl|s-client-options|printf|queue|nc|date|tools|help)\.ts$|\/src\/workstation\/(clock|dns|help-strings)\.ts$|\/src\/smtp\/(travel|auth)\/|\/src\/smtp\/(catalog|lists|dsn)\.ts$|\/src\/smtp\/profiles\/(index|others|libraries)\.ts$/;
/** A lesson page's own views, one request with the page: apart, each was a chunk of its own (shared with the
 * editor's preview), ~0.4 kB gzip more for a lesson. */
const LESSON_PAGE =
  /\/src\/ui\/lesson\/(LessonPage|LessonView|LessonPanel|LessonNav)\.svelte$|\/src\/ui\/lesson\/lesson-session\.svelte\.ts$|\/src\/ui\/source-names\.ts$/;
/** Svelte's form bindings (<select bind:value>, bind:checked, bind:value on inputs): the sandbox and the classroom
 * tools use them, a lesson does not, so they get a chunk of their own rather than joining the runtime every page
 * loads. Svelte's package declares no sideEffects: they are marked free of them, else the runtime chunk would
 * import their chunk anyway, to keep the order of effects nobody has. */
const SVELTE_FORMS = /\/svelte\/src\/internal\/client\/dom\/elements\/bindings\/(select|input)\.js$/;

export default defineConfig({
  // Relative URLs everywhere: the build works from any folder (a blog's /smtp-lab/, a CDN's package path).
  base: './',
  plugins: [
    // discloseVersion: no window.__svelte version stamp (a blog page has no use for it; 0.1 kB).
    svelte({ compilerOptions: { discloseVersion: false } }),
    minifySvelteCss(),
    mangleXtermPrivates(),
    lessonsPlugin(),
    // Offline for classrooms: a service worker precaches the whole build (every lesson, the sandbox, xterm).
    // Only the app page registers it (src/ui/offline.ts), never the widget: a blog's origin gets no worker.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'SMTP Lab',
        short_name: 'SMTP Lab',
        description: 'Type an SMTP conversation by hand and see a simulated mail server answer.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5cad',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest,txt}'],
        // embed.html?lesson=…: the query picks the lesson, the file is the same.
        ignoreURLParametersMatching: [/.*/],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/embed\.html/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // Every browser the app supports (ES2022 modules) knows <link rel="modulepreload">; an older one only
    // loses the preload hint, never a module. The polyfill was 0.4 kB gz on every page.
    modulePreload: { polyfill: false },
    // .vite/manifest.json: the chunk graph scripts/bundle-size.ts follows to measure what a page loads.
    manifest: true,
    // Entries: the full site; smtp-lab.js, the one-script-tag widget for blog posts; embed.html, the same
    // widget alone in a page, for an <iframe>.
    rolldownOptions: {
      input: { main: 'index.html', 'smtp-lab': 'src/embed.ts', embed: 'embed.html' },
      treeshake: { moduleSideEffects: [{ test: SVELTE_FORMS, sideEffects: false }] },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'smtp-lab' ? '[name].js' : 'assets/[name]-[hash].js'),
        // The lab (the SMTP core, the laptop's shell and terminal, with its views) and the lesson engine as a
        // chunk each: a lesson loads them after its text has painted, and the dozen small chunks they made, shared
        // with the sandbox and the lesson compiler, each gzipped apart (~0.4 kB more each; -4 kB in all).
        // What loads on demand keeps its own chunk. includeDependenciesRecursively: false keeps Svelte out.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'lab',
              test: (id: string) => (LAB_CORE.test(id) && !ON_DEMAND.test(id)) || LAB_VIEWS.test(id),
            },
            { name: 'lesson-engine', test: LESSON_ENGINE },
            { name: 'svelte-forms', test: SVELTE_FORMS },
            { name: 'LessonPage', test: LESSON_PAGE },
          ],
        },
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
          setupFiles: ['tests/unit/setup.ts', 'tests/component/setup.ts'],
        },
      },
    ],
  },
});
