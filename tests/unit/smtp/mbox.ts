// Reading what a live Postfix's local(8) wrote into an mbox file, to compare with the simulator's stored copies.

/** An mbox file's messages, without the mbox "From " line and the empty line that ends each. */
export function mboxMessages(text: string): string[] {
  return text
    .split(/^From .*\n/m)
    .slice(1)
    .map((m) => m.replace(/\n\n$/, ''));
}

/** A stored message without the trace fields delivery writes on top (they name hosts, ids and times). */
export function withoutTrace(stored: string): string {
  const lines = stored.split('\n');
  let i = 0;
  while (i < lines.length && /^(Return-Path|X-Original-To|Delivered-To|Received):|^\t/.test(lines[i])) i++;
  return lines.slice(i).join('\n');
}
