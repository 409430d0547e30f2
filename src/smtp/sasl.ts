// The two SASL mechanisms the simulated servers offer: PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login),
// and the base64 that carries them (RFC 4954 section 4).

/** The LOGIN prompts, "Username:" and "Password:" in base64, as Cyrus SASL and Postfix send them. */
export const LOGIN_USERNAME_PROMPT = 'VXNlcm5hbWU6';
export const LOGIN_PASSWORD_PROMPT = 'UGFzc3dvcmQ6';

/** Strict base64 (RFC 4648 section 4) to octets; '' for ''; null when it is not base64. */
export function decodeBase64(text: string): string | null {
  if (text === '') return '';
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  try {
    return atob(text);
  } catch {
    return null;
  }
}

/** RFC 4616: [authzid] NUL authcid NUL passwd; null when the message does not have that shape. */
export function parsePlain(octets: string): { authzid: string; user: string; password: string } | null {
  const parts = octets.split('\0');
  if (parts.length !== 3 || parts[1] === '') return null;
  return { authzid: parts[0], user: parts[1], password: parts[2] };
}
