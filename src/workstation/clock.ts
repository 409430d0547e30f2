// Dates as the laptop's tools print them (date, date -R, dig's WHEN line, certificates), from the simulated clock.
import type { Environment } from '../smtp/types.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface Zone {
  offsetMinutes: number;
  name: string;
}

export const UTC: Zone = { offsetMinutes: 0, name: 'UTC' };

/** The laptop's zone: the environment's if it has one, else UTC (a fresh Debian install says UTC). */
export function zoneOf(env: Environment): Zone {
  return env.timezone ?? UTC;
}

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

/** "+0000", "-0400": the numeric zone of RFC 5322 dates. */
export function numericZone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return sign + pad(Math.floor(abs / 60)) + pad(abs % 60);
}

/**
 * The subset of strftime(3) that the simulated tools and `date +FORMAT` need. Unknown conversions are copied
 * through, as glibc does.
 */
export function strftime(format: string, ms: number, zone: Zone): string {
  const d = new Date(ms + zone.offsetMinutes * 60_000);
  if (Number.isNaN(d.getTime())) return format;
  const t: Parts = {
    Y: d.getUTCFullYear(),
    m: d.getUTCMonth(),
    day: d.getUTCDate(),
    H: d.getUTCHours(),
    M: d.getUTCMinutes(),
    S: d.getUTCSeconds(),
    w: d.getUTCDay(),
    ms,
    zone,
  };
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const conversion = format[i] === '%' && i + 1 < format.length ? CONVERSIONS[format[i + 1]] : undefined;
    if (format[i] === '%' && i + 1 < format.length) {
      out += conversion ? conversion(t) : format.slice(i, i + 2);
      i++;
    } else out += format[i];
  }
  return out;
}

interface Parts {
  Y: number;
  m: number;
  day: number;
  H: number;
  M: number;
  S: number;
  w: number;
  ms: number;
  zone: Zone;
}

const CONVERSIONS: Record<string, (t: Parts) => string> = {
  a: (t) => DAYS[t.w],
  A: (t) => DAY_NAMES[t.w],
  b: (t) => MONTHS[t.m],
  h: (t) => MONTHS[t.m],
  B: (t) => MONTH_NAMES[t.m],
  d: (t) => pad(t.day),
  e: (t) => pad(t.day, 2, ' '),
  H: (t) => pad(t.H),
  I: (t) => pad(t.H % 12 === 0 ? 12 : t.H % 12),
  p: (t) => (t.H < 12 ? 'AM' : 'PM'),
  M: (t) => pad(t.M),
  S: (t) => pad(t.S),
  Y: (t) => String(t.Y),
  y: (t) => pad(t.Y % 100),
  m: (t) => pad(t.m + 1),
  j: (t) => pad(Math.floor((Date.UTC(t.Y, t.m, t.day) - Date.UTC(t.Y, 0, 1)) / 86_400_000) + 1, 3),
  u: (t) => String(t.w === 0 ? 7 : t.w),
  w: (t) => String(t.w),
  Z: (t) => t.zone.name,
  z: (t) => numericZone(t.zone.offsetMinutes),
  s: (t) => String(Math.floor(t.ms / 1000)),
  F: (t) => `${t.Y}-${pad(t.m + 1)}-${pad(t.day)}`,
  T: (t) => `${pad(t.H)}:${pad(t.M)}:${pad(t.S)}`,
  R: (t) => `${pad(t.H)}:${pad(t.M)}`,
  D: (t) => `${pad(t.m + 1)}/${pad(t.day)}/${pad(t.Y % 100)}`,
  c: (t) => `${DAYS[t.w]} ${MONTHS[t.m]} ${pad(t.day, 2, ' ')} ${pad(t.H)}:${pad(t.M)}:${pad(t.S)} ${t.Y}`,
  n: () => '\n',
  t: () => '\t',
  '%': () => '%',
};

/** `date` in the C locale: "Sun Nov 22 23:02:45 UTC 2026". */
export const DATE_DEFAULT = '%a %b %e %H:%M:%S %Z %Y';
/** `date -R`, the RFC 5322 date: "Sun, 22 Nov 2026 23:02:45 +0000". */
export const DATE_RFC5322 = '%a, %d %b %Y %H:%M:%S %z';
