// SASL for the AUTH command (RFC 4954): the two mechanisms the simulated servers offer, PLAIN (RFC 4616) and
// LOGIN (draft-murchison-sasl-login), the base64 that carries them, and the reasons Cyrus SASL gives when an
// exchange fails (Postfix 3.7 with Cyrus SASL 2.1.28 prints them after "authentication failed: ").
import { decodeOctets } from './bytes.ts';

export type Mechanism = 'PLAIN' | 'LOGIN';

/** Cyrus sasl_errstring() for SASL_BADAUTH: a wrong user name or password. */
export const BAD_AUTH = 'authentication failure';
/** ... for SASL_BADPROT: a response that cannot be read. */
const BAD_PROTOCOL = 'bad protocol / cancel';

/**
 * One step of the exchange: a challenge to send (`challenge`, base64), the client gave up (`cancelled`), a
 * response Cyrus could not read (`malformed`: its reason), or the credentials for the session to check.
 */
export type SaslStep =
  { challenge: string } | { cancelled: true } | { malformed: string } | { user: string; password: string };

/** The mechanism named in AUTH, if this module knows it. */
export function mechanismOf(name: string): Mechanism | null {
  const upper = name.toUpperCase();
  return upper === 'PLAIN' || upper === 'LOGIN' ? upper : null;
}

/** One AUTH exchange, from the command to the credentials; the session checks them and answers. */
export class SaslExchange {
  private user: string | null = null;

  constructor(readonly mechanism: Mechanism) {}

  /**
   * The initial response of AUTH (undefined: none, so the server asks: PLAIN with an empty challenge, LOGIN
   * with "Username:"), or a line sent after a challenge (`continued`, where "*" cancels, RFC 4954 section 4).
   */
  step(response: string | undefined, continued = false): SaslStep {
    if (response === undefined) return { challenge: this.mechanism === 'PLAIN' ? '' : 'VXNlcm5hbWU6' };
    if (continued && response === '*') return { cancelled: true };
    const decoded = decodeBase64(response);
    if (typeof decoded !== 'string') return decoded;
    const text = decodeOctets(decoded);
    if (this.mechanism === 'LOGIN') {
      if (this.user === null) {
        this.user = text;
        return { challenge: 'UGFzc3dvcmQ6' }; // "Password:"
      }
      return { user: this.user, password: text };
    }
    // RFC 4616: [authzid] NUL authcid NUL passwd
    const parts = text.split('\0');
    if (parts.length !== 3 || parts[1] === '') return { malformed: BAD_PROTOCOL };
    return { user: parts[1], password: parts[2] };
  }
}

/**
 * Base64 (RFC 4648 section 4) to octets, judged as Cyrus sasl_decode64() reads it, four characters at a time:
 * a bad character in a group of four, or anything after '=', is a protocol error; one to three characters
 * left over mean the response is incomplete (so "=" and "abc" are incomplete, "not base64!" is an error).
 */
function decodeBase64(text: string): string | { malformed: string } {
  const whole = text.slice(0, text.length - (text.length % 4));
  const valid = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(whole);
  if (!valid || (whole.length < text.length && whole.endsWith('='))) return { malformed: BAD_PROTOCOL };
  if (whole.length < text.length) return { malformed: 'another step is needed in authentication' };
  return atob(whole);
}
