// The old tutorials the lessons retrace, in words for learners (English). The short names are used by every
// lesson page ("Draws on: ..."); the longer texts only by the Sources page, so they live in sources-page.ts.

/** How lessons name each tutorial, by the id lessons give in their `seeds:` front matter. */
export const sourceNamesEn: Record<string, string> = {
  '000': 'the 2001 magazine tutorial',
  '001': 'the Sendmail 8.9 telnet guide',
  '002': 'the 2002 Internet Tips page',
  '003': 'the 2016 blog post',
  '004': 'the Eraldy how-to',
};

export const sourcesLineEn = {
  drawsOn: 'Draws on',
  unknown: (id: string) => `tutorial ${id}`,
};
