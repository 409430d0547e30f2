// A throw-away self-signed certificate for the bridge's STARTTLS and implicit-TLS ports, made at start-up
// like the one the reference Postfix used (CN = the server's host name; clients must not verify it).
import { createSecureContext, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  secureContext: SecureContext;
}

export async function selfSignedCertificate(hostName: string): Promise<Certificate> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: hostName }], {
    // EC keys take milliseconds to make, where RSA 2048 takes a noticeable fraction of a second.
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60 * 60 * 1000),
    notAfterDate: new Date(now.getTime() + 30 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: hostName }] },
    ],
  });
  return {
    key: pems.private,
    cert: pems.cert,
    secureContext: createSecureContext({ key: pems.private, cert: pems.cert }),
  };
}
