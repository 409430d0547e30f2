// The working machinery of a lesson page, loaded after its text has painted (a lesson reads first): the lab
// (simulated network, laptop shell, line editor, transcript), the lesson runtime and its engine, and the
// on-demand commands the lesson types, fetched ahead. LessonSession builds its lab from this module.
export { LabSession } from '../lab.svelte.ts';
export { LessonRun } from '../../lessons/run.ts';
export { buildWorld } from '../../lessons/engine/world.ts';
export { lessonCommands, lessonProfiles } from '../../lessons/preload.ts';
export { loadProfiles } from '../../smtp/profiles/registry.ts';
export { loadCommands } from '../../workstation/commands/index.ts';
