// Typed contexts: each SMTP Lab root hands its settings, strings and lab session down (no module singletons).
import { createContext } from 'svelte';
import type { LabSession } from './lab.svelte.ts';
import type { Settings } from './settings.svelte.ts';
import { en, type Strings } from './strings.ts';

export const [getLab, setLab] = createContext<LabSession>();
export const [getSettings, setSettings] = createContext<Settings>();
const [getStringsContext, setStrings, hasStrings] = createContext<Strings>();

/** The strings of the nearest root, English when none was given (component tests, embeds). */
export function getStrings(): Strings {
  return hasStrings() ? getStringsContext() : en;
}

export { setStrings };
