// xterm.js, its fit addon and its stylesheet in one chunk, which Terminal.svelte imports once the page's text is on
// screen (see terminal-loader.ts): at ~79 kB gzip it is half of a lesson's download and must not delay the text.
export { Terminal } from '@xterm/xterm';
export { FitAddon } from '@xterm/addon-fit';
export { default as xtermCss } from '@xterm/xterm/css/xterm.css?inline';
