// SASL for the AUTH command (RFC 4954): the two mechanisms the simulated servers offer, PLAIN (RFC 4616) and
// LOGIN (draft-murchison-sasl-login), the base64 that carries them, and the reasons Cyrus SASL gives when an
// exchange fails (Postfix 3.7 with Cyrus SASL 2.1.28 prints them after "authentication failed: ").
import { decodeOctets } from './bytes.ts';

/** The LOGIN prompts, "Username:" and "Password:" in base64, as Cyrus SASL and Postfix send them. */
const LOGIN_USERNAME_PROMPT = 'VXNlcm5hbWU6';
const LOGIN_PASSWORD_PROMPT = 'UGFzc3dvcmQ6';

export type Mechanism = 'PLAIN' | 'LOGIN';

/** Cyrus sasl_errstring(): SASL_CONTINUE, SASL_BADPROT and SASL_BADAUTH. */
export const SASL_REASONS = {
  incomplete: 'another step is needed in authentication',
  badProtocol: 'bad protocol / cancel',
  badAuth: 'authentication failure',
} as const;

/** One step of the exchange: another challenge, the client gave up, a broken response, or credentials. */
export type SaslStep =
  | { kind: 'challenge'; text: string }
  | { kind: 'cancelled' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'credentials'; user: string; password: string };

/** The mechanism named in AUTH, if this module knows it. */
export function mechanismOf(name: string): Mechanism | null {
  const upper = name.toUpperCase();
  return upper === 'PLAIN' || upper === 'LOGIN' ? upper : null;
}

/** One AUTH exchange, from the command to the credentials; the session checks them and answers. */
export class SaslExchange {
  private user: string | null = null;

  constructor(readonly mechanism: Mechanism) {}

  /** AUTH <mechanism> [initial-response] (RFC 4954 section 4: "=" is an empty initial response). */
  start(initial: string | undefined): SaslStep {
    // PLAIN asks with an empty challenge; LOGIN asks "Username:".
    if (initial === undefined)
      return { kind: 'challenge', text: this.mechanism === 'PLAIN' ? '' : LOGIN_USERNAME_PROMPT };
    return this.step(initial);
  }

  /** A line the client sent after a 334 challenge. */
  respond(line: string): SaslStep {
    if (line === '*') return { kind: 'cancelled' };
    return this.step(line);
  }

  private step(response: string): SaslStep {
    const decoded = decodeBase64(response);
    if (typeof decoded !== 'string') return { kind: 'malformed', reason: SASL_REASONS[decoded.error] };
    if (this.mechanism === 'LOGIN' && this.user === null) {
      this.user = decodeOctets(decoded);
      return { kind: 'challenge', text: LOGIN_PASSWORD_PROMPT };
    }
    if (this.mechanism === 'LOGIN')
      return { kind: 'credentials', user: this.user!, password: decodeOctets(decoded) };
    const plain = parsePlain(decodeOctets(decoded));
    if (!plain) return { kind: 'malformed', reason: SASL_REASONS.badProtocol };
    return { kind: 'credentials', user: plain.user, password: plain.password };
  }
}

/**
 * Base64 (RFC 4648 section 4) to octets, judged as Cyrus sasl_decode64() reads it, four characters at a time:
 * a bad character in a group of four, or anything after '=', is a protocol error; one to three characters
 * left over mean the response is incomplete (so "=" and "abc" are incomplete, "not base64!" is an error).
 */
function decodeBase64(text: string): string | { error: 'incomplete' | 'badProtocol' } {
  const whole = text.slice(0, text.length - (text.length % 4));
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(whole))
    return { error: 'badProtocol' };
  if (whole.length < text.length) return { error: whole.endsWith('=') ? 'badProtocol' : 'incomplete' };
  return atob(whole);
}

/** RFC 4616: [authzid] NUL authcid NUL passwd; null when the message does not have that shape. */
function parsePlain(octets: string): { authzid: string; user: string; password: string } | null {
  const parts = octets.split('\0');
  if (parts.length !== 3 || parts[1] === '') return null;
  return { authzid: parts[0], user: parts[1], password: parts[2] };
}
