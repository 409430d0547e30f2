// The module vite-plugin-pwa generates for registering its service worker (see UpdatePrompt.svelte).
/// <reference types="vite-plugin-pwa/vanillajs" />
