// The dev server for the end-to-end tests: the app's own config with HMR off, so that a file saved while the
// tests run (other work in the same checkout) cannot reload a page in the middle of a test.
import { mergeConfig } from 'vite';
import base from '../../vite.config.ts';

export default mergeConfig(base, { server: { hmr: false } });
