// Queue IDs in the style of each MTA: Postfix's hex IDs, Sendmail 8.9's hour letter + sequence + pid,
// and the date-stamped IDs of the 2002 gateway in seed 002.
import { compactDate, hourOf } from './dates.ts';
import type { Environment } from './types.ts';

export type QueueIdStyle = 'postfix' | 'sendmail' | 'navieg' | 'none';

/** What a finished ID of each style looks like: an environment may hand one out as is (transcript tests). */
const FINISHED: Record<QueueIdStyle, RegExp> = {
  postfix: /^[0-9A-F]{6,}$/,
  sendmail: /^[A-Z][A-Z]{2}\d{5}$/,
  navieg: /^M\d{19}$/,
  none: /^$/,
};

export function makeQueueId(style: QueueIdStyle, env: Environment): string {
  const raw = env.queueId();
  if (FINISHED[style].test(raw)) return raw;
  const digits = String(parseInt(raw.slice(0, 6), 16) % 100000).padStart(5, '0');
  switch (style) {
    case 'sendmail':
      return `${String.fromCharCode(65 + (hourOf(env.now(), env) % 26))}AA${digits}`;
    case 'navieg':
      return `M${compactDate(env.now(), env)}${digits}`;
    default:
      return raw;
  }
}
