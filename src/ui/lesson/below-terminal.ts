// What a lesson shows under its terminal (the outcome of a line, the transcript, the mailboxes): loaded after the
// lesson's text has painted, like the terminal itself (the text is what a learner reads first).
export { default as OutcomePanel } from './OutcomePanel.svelte';
export { default as Transcript } from '../Transcript.svelte';
export { default as MailboxPanel } from '../MailboxPanel.svelte';
