// Socket addresses as the simulated server should see and print them.

/**
 * The client address as Postfix would log it: an IPv4 client reaching a dual-stack socket arrives as
 * "::ffff:127.0.0.1", which Postfix (inet_protocols = all) reports as plain "127.0.0.1".
 */
export function normalizeClientAddress(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const plain = mapped ? mapped[1] : address;
  // A zone index (fe80::1%eth0) is local to this machine and means nothing to the simulated server.
  return plain.replace(/%.*$/, '');
}

/** "127.0.0.1:2525" or "[::1]:2525". */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h) || /^::ffff:127\./.test(h);
}
