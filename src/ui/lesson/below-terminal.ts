// The working half of a lesson page: its terminal (which then loads xterm, terminal-loader.ts) and what shows under
// it (the outcome of a line, the transcript, the mailboxes): loaded after the lesson's text has painted (the text
// is what a learner reads first).
export { default as Terminal } from '../Terminal.svelte';
export { default as OutcomePanel } from './OutcomePanel.svelte';
export { default as Transcript } from '../Transcript.svelte';
export { default as MailboxPanel } from '../MailboxPanel.svelte';
export { default as LabProvider } from '../LabProvider.svelte';
