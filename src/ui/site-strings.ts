// The strings of the site's own pages and frame (header, navigation, display controls, start page, offline
// notices, page not found), one object per language (English here): no widget shows them.

export const siteEn = {
  appName: 'SMTP Lab',
  skipLink: 'Skip to main content',
  nav: {
    label: 'Main',
    home: 'Home',
    sandbox: 'Sandbox',
    lessons: 'Lessons',
    editor: 'Write a lesson',
    sources: 'Sources',
  },
  display: {
    label: 'Display',
    projector: 'Projector mode',
    fontSize: 'Text size',
    smaller: 'Smaller text',
    larger: 'Larger text',
  },
  home: {
    heading: 'Talk SMTP to a mail server',
    intro: [
      'Mail servers speak SMTP, a conversation of short text commands and three-digit replies. Here you type that conversation yourself, as the classic "send mail with telnet" tutorials do, and a simulated server answers the way a real Postfix server would.',
      'Nothing leaves your browser: the laptop, the network, the DNS and the mail servers are all simulated.',
    ],
    sandboxLink: 'Open the sandbox',
    sandboxBlurb: 'A terminal, a mail server and a live transcript: try anything.',
    lessonsLink: 'Follow the lessons',
    lessonsBlurb: 'Step-by-step tutorials from HELO to STARTTLS.',
    sourcesLink: 'The old tutorials behind the lessons',
    sourcesBlurb:
      'Five "send mail with telnet" pages from 2001 to today: what each teaches, and what it gets wrong.',
  },
  offline: {
    ready: 'SMTP Lab is saved in this browser: it now works without a network too.',
    updateReady: 'A new version of SMTP Lab is ready.',
    reload: 'Reload now',
    later: 'Later',
    dismiss: 'Dismiss',
  },
  notFound: { heading: 'Page not found', back: 'Back to the start page' },
};

export type SiteStrings = typeof siteEn;
