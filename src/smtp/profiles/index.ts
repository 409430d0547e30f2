// The registry of server profiles, by id.
import { postfix } from './postfix.ts';
import {
  eraldy,
  navieg,
  postfix210,
  postfixStock,
  postfixDmarc,
  postfixDkim,
  postfixSubmissionDkim,
  postfixStrict,
  postfixStrictSmtputf8,
  postfixSubmission,
  sendmail,
  yahoo2001,
} from './others.ts';
import { aiosmtpd, smtpServer } from './libraries.ts';
import type { Profile } from './types.ts';

export type { Profile, ReplyTemplate, Extension } from './types.ts';

export const profiles: Readonly<Record<string, Profile>> = Object.freeze({
  postfix,
  'postfix-submission': postfixSubmission,
  'postfix-strict': postfixStrict,
  'postfix-dmarc': postfixDmarc,
  'postfix-dkim': postfixDkim,
  'postfix-submission-dkim': postfixSubmissionDkim,
  'postfix-strict-smtputf8': postfixStrictSmtputf8,
  'postfix-stock': postfixStock,
  'postfix-2.10': postfix210,
  sendmail,
  'yahoo-2001': yahoo2001,
  navieg,
  eraldy,
  'smtp-server': smtpServer,
  aiosmtpd,
});

/** The profile of that id, or undefined: own keys only ("constructor", "__proto__" are no profiles). */
export function findProfile(id: string): Profile | undefined {
  return Object.hasOwn(profiles, id) ? profiles[id] : undefined;
}

export function getProfile(id: string): Profile {
  const profile = findProfile(id);
  if (!profile) throw new Error(`Unknown server profile "${id}"; known: ${Object.keys(profiles).join(', ')}`);
  return profile;
}
