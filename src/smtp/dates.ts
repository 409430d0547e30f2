// Date formats the server writes: RFC 5322 dates (Received, Date, greeting) and the mbox "From " line.
import type { Environment } from './types.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function shifted(ms: number, env: Environment): { d: Date; offset: number; name: string } {
  const offset = env.timezone?.offsetMinutes ?? 0;
  return { d: new Date(ms + offset * 60000), offset, name: env.timezone?.name ?? 'UTC' };
}

/** "Sun, 22 Nov 2026 23:02:45 +0000 (UTC)", as Postfix writes it in Received and Date headers. */
export function rfc5322Date(ms: number, env: Environment, withZoneName = true, padDay = true): string {
  const { d, offset, name } = shifted(ms, env);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone = `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const base =
    // Postfix's mail_date() writes the day as %e, " 6 Dec" (recorded in tests/refs-two-hop on a 6 December);
    // Sendmail's arpadate() as "6 Dec" (padDay false).
    `${DAYS[d.getUTCDay()]}, ${String(d.getUTCDate()).padStart(padDay ? 2 : 1, ' ')} ${MONTHS[d.getUTCMonth()]} ` +
    `${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}`;
  return withZoneName ? `${base} (${name})` : base;
}

/** "Sun Nov 22 23:02:45 2026", the ctime() form of the mbox separator line. */
export function ctimeDate(ms: number, env: Environment): string {
  const { d } = shifted(ms, env);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}

/** "20261122230320", the time stamp in Postfix's generated Message-Id. */
export function compactDate(ms: number, env: Environment): string {
  const { d } = shifted(ms, env);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

export function hourOf(ms: number, env: Environment): number {
  return shifted(ms, env).d.getUTCHours();
}
