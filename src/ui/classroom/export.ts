// A transcript as plain text in swaks' marking style, as swaks 20240103 prints a session: "=== " for what the
// client itself says, " -> " for lines sent, "<-  " for replies, "<** " for 4xx/5xx ones, and " ~> ", "<~  ",
// "<~* " once TLS is on. Only the SMTP conversation is kept (shell commands are not part of it).
import type { LogEntry } from '../session-log.ts';

export function swaksText(entries: readonly LogEntry[]): string {
  const out: string[] = [];
  const tls = new Set<number>();
  for (const e of entries) {
    switch (e.kind) {
      case 'note':
        if (e.event.type === 'connected') {
          out.push(`=== Trying ${e.event.host}:${e.event.port}...`, `=== Connected to ${e.event.host}.`);
          if (e.event.tls) tls.add(e.event.connectionId);
        } else if (e.event.type === 'tls') {
          tls.add(e.event.connectionId);
          out.push('=== TLS started.');
        } else if (e.event.type === 'closed') {
          out.push('=== Connection closed with remote host.');
        }
        break;
      case 'client':
        out.push(`${tls.has(e.connectionId) ? ' ~> ' : ' -> '}${e.text}`);
        break;
      case 'server': {
        const error = e.reply.code >= 400;
        const mark = tls.has(e.connectionId) ? (error ? '<~* ' : '<~  ') : error ? '<** ' : '<-  ';
        for (const line of e.lines) out.push(mark + line);
        break;
      }
      case 'elided':
        out.push(`=== (${e.count} more lines not kept)`);
        break;
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
