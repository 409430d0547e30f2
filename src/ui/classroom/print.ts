// Print styles (handouts): a printed lesson is its text, its steps and the learner's transcript; a printed
// sandbox is the transcript and the sequence diagram (a folded panel stays off paper, except the lesson's text and
// the done steps' explanations, which are the handout). Navigation, controls, the terminal (its text is in the
// transcript) and the mailbox stay off paper. Put into the lab's own root by Handout.svelte, print media only.
export const printCss = `
@media print {
  @page { margin: 14mm 12mm; }
  .smtp-lab { background: #fff !important; color: #000 !important; font-size: 11pt; }
  .smtp-lab header, .smtp-lab nav, .smtp-lab .skip, .smtp-lab .controls, .smtp-lab .share-status, .smtp-lab .hint,
  .smtp-lab .replay, .smtp-lab .terminal-pane, .smtp-lab .term-pane, .smtp-lab .terminal, .smtp-lab .xterm,
  .smtp-lab .leave-hint, .smtp-lab .display, .smtp-lab .lesson-nav, .smtp-lab .progress-tools, .smtp-lab .handout-tools,
  .smtp-lab .transcript .toolbar, .smtp-lab .prompt, .smtp-lab .hints, .smtp-lab .actions,
  .smtp-lab .notice, .smtp-lab .reset, .smtp-lab dialog,
  .smtp-lab details.lab-panel:not([open]):not(.intro) { display: none !important; }
  /* The lesson's text and what each done step taught print even when folded on screen. */
  .smtp-lab details.intro::details-content, .smtp-lab details.done-text::details-content {
    content-visibility: visible; display: block;
  }
  .smtp-lab .workspace, .smtp-lab .layout { display: block !important; }
  .smtp-lab .side, .smtp-lab .text-pane, .smtp-lab .work-pane { width: auto !important; max-width: none !important; }
  .smtp-lab .log, .smtp-lab .arrows, .smtp-lab .transcript { max-height: none !important; overflow: visible !important; }
  .smtp-lab .lab-panel { break-inside: auto; border: none !important; }
  .smtp-lab .line, .smtp-lab .arrow { break-inside: avoid; }
  .smtp-lab summary { list-style: none; }
  .smtp-lab summary::-webkit-details-marker { display: none; }
  .smtp-lab h2 { break-after: avoid; }
}
`;
