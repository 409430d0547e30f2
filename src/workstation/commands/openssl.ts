// openssl s_client (OpenSSL 3.0): implicit TLS or -starttls smtp, a handshake summary, and s_client's own
// line commands: a line starting with Q quits and one starting with R renegotiates instead of being sent.
import type { Command, CommandContext, Program } from '../command.ts';
import { type Options, parseOptions } from './s-client-options.ts';
import { sessionMode, stdinText } from '../command.ts';
import { strftime, UTC } from '../clock.ts';
import type { Signal } from '../types.ts';
import { ConnectionClient, connectTo, isImplicitTls, parsePort, pipedLines, wireText } from './net.ts';

/** The thread id that prefixes OpenSSL 3 error lines; any fixed value looks like the real thing. */
const TID = '40F7C1A3B47F0000';

export const openssl: Command = (ctx) => {
  const sub = ctx.argv[1];
  if (sub === undefined || sub === 'help') {
    ctx.stdout.write(
      'help:\n\nStandard commands\nasn1parse         ca                ciphers           dgst\n' +
        'enc               genpkey           req               s_client\n' +
        's_server          verify            version           x509\n',
    );
    return 0;
  }
  if (sub === 'version') {
    ctx.stdout.write('OpenSSL 3.0.17 1 Jul 2025 (Library: OpenSSL 3.0.17 1 Jul 2025)\n');
    return 0;
  }
  if (sub !== 's_client') {
    ctx.stderr.write(`Invalid command '${sub}'; type "help" for a list.\n`);
    return 1;
  }
  const options = parseOptions(ctx, ctx.argv.slice(2));
  if (!options) return 1;
  return startClient(ctx, options);
};

function startClient(ctx: CommandContext, o: Options): number | Program {
  const err = ctx.stderr;
  const port = parsePort(o.port);
  const target =
    port === null ? ({ kind: 'unknown' } as const) : connectTo(ctx.machine.network, o.host, port);
  if (target.kind === 'unknown' && o.host !== 'localhost') {
    err.write(
      `${TID}:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:` +
        'Name or service not known\nconnect:errno=0\n',
    );
    return 1;
  }
  if (target.kind !== 'ok') {
    // localhost always resolves; nothing listens on the simulated laptop itself.
    const errno = target.kind === 'unreachable' ? 110 : 111;
    const reason = errno === 110 ? 'Connection timed out' : 'Connection refused';
    err.write(
      `${TID}:error:8000006F:system library:BIO_connect:${reason}:../crypto/bio/bio_sock2.c:114:calling connect()\n` +
        `${TID}:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:116:\n` +
        `connect:errno=${errno}\n`,
    );
    return 1;
  }
  return new TlsClient(ctx, target.connection, o).begin();
}

type Stage = 'pre-tls' | 'stuck' | 'tls' | 'done';

class TlsClient extends ConnectionClient<Options> implements Program {
  #stage: Stage = 'pre-tls';
  /** Replies s_client reads itself before TLS (the STARTTLS chitchat); they are not shown. */
  #consumed: string[] = [];
  #unsubscribe: (() => void) | null = null;
  #closedByServer = false;
  #ended = false;

  begin(): number | Program {
    const c = this.connection;
    this.#unsubscribe = c.on((event) => {
      if (event.type === 'reply') {
        if (this.#stage === 'tls') this.ctx.stdout.write(wireText(event));
        else this.#consumed.push(event.wire);
      } else if (event.type === 'closed' && event.by === 'server') this.#serverClosed();
    });
    if (!this.options.quiet && !this.options.brief) this.ctx.stdout.write('CONNECTED(00000003)\n');
    c.start();
    const implicit = isImplicitTls(c);
    if (this.options.starttls !== null) {
      if (implicit) {
        // s_client waits for a greeting that a TLS port never sends: it hangs, as the real one does.
        this.#stage = 'stuck';
        return this;
      }
      if (!this.#starttls()) return this.#failHandshake();
    } else if (!implicit) {
      // The server's plain-text greeting arrives where a TLS record was expected.
      return this.#failHandshake();
    }
    if (this.#closedByServer) return this.#failHandshake();
    if (this.options.verifyReturnError) {
      this.#verifyLines(true);
      this.ctx.stderr.write(
        `${TID}:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:` +
          '../ssl/statem/statem_clnt.c:1889:\n',
      );
      return this.#end(1);
    }
    this.#summary();
    this.#stage = 'tls';
    c.startTls();
    if (this.#ended) return 0;
    if (this.ctx.stdin) return this.#feed(stdinText(this.ctx));
    return this;
  }

  /** The STARTTLS exchange s_client performs on its own (apps/s_client.c, PROTO_SMTP). */
  #starttls(): boolean {
    if (this.options.starttls !== 'smtp' || this.#closedByServer) return false;
    const c = this.connection;
    this.#consumed = [];
    c.send(`EHLO ${this.options.ehloName}\r\n`);
    const offered = this.#consumed.join('').includes('STARTTLS');
    if (!offered && !this.options.brief)
      this.ctx.stderr.write("Didn't find STARTTLS in server response, trying anyway...\n");
    if (this.#closedByServer) return false;
    this.#consumed = [];
    c.send('STARTTLS\r\n');
    return !this.#closedByServer && /^220[ -]/.test(this.#consumed.join(''));
  }

  #failHandshake(): number {
    const err = this.ctx.stderr;
    const what = this.#closedByServer
      ? 'unexpected eof while reading:../ssl/record/rec_layer_s3.c:317:'
      : 'wrong version number:../ssl/record/ssl3_record.c:354:';
    const code = this.#closedByServer ? '0A000126' : '0A00010B';
    err.write(`${TID}:error:${code}:SSL routines:ssl3_get_record:${what}\n`);
    if (!this.options.quiet && !this.options.brief) {
      this.ctx.stdout.write(
        '---\nno peer certificate available\n---\nNo client certificate CA names sent\n---\n' +
          'SSL handshake has read 5 bytes and written 299 bytes\nVerification: OK\n---\n' +
          'New, (NONE), Cipher is (NONE)\nSecure Renegotiation IS NOT supported\nCompression: NONE\n' +
          'Expansion: NONE\nNo ALPN negotiated\nEarly data was not sent\nVerify return code: 0 (ok)\n---\n',
      );
    }
    return this.#end(1);
  }

  #verifyLines(failing = false): void {
    if (this.options.brief) return;
    const cn = this.connection.host.name;
    this.ctx.stderr.write(
      `depth=0 CN = ${cn}\nverify error:num=18:self-signed certificate\n` +
        (failing ? '' : `verify return:1\ndepth=0 CN = ${cn}\nverify return:1\n`),
    );
  }

  #summary(): void {
    const cn = this.connection.host.name;
    const protocol = this.options.tls12 ? 'TLSv1.2' : 'TLSv1.3';
    const cipher = this.options.tls12 ? 'ECDHE-RSA-AES256-GCM-SHA384' : 'TLS_AES_256_GCM_SHA384';
    this.#verifyLines();
    if (this.options.brief) {
      this.ctx.stderr.write(
        `CONNECTION ESTABLISHED\nProtocol version: ${protocol}\nCiphersuite: ${cipher}\n` +
          `Peer certificate: CN = ${cn}\nHash used: SHA256\nSignature type: RSA-PSS\n` +
          'Verification error: self-signed certificate\nServer Temp Key: X25519, 253 bits\n',
      );
      return;
    }
    if (this.options.quiet) return;
    const now = this.ctx.machine.network.env.now();
    // A certificate made a month ago for ten years, as `selfsigned` or make-ssl-cert would.
    const notBefore = now - 30 * 86_400_000;
    const notAfter = notBefore + 3652 * 86_400_000;
    const asn1 = (ms: number) => strftime('%b %e %H:%M:%S %Y GMT', ms, UTC);
    this.ctx.stdout.write(
      `---\nCertificate chain\n 0 s:CN = ${cn}\n   i:CN = ${cn}\n` +
        '   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256\n' +
        `   v:NotBefore: ${asn1(notBefore)}; NotAfter: ${asn1(notAfter)}\n` +
        `---\nServer certificate\nsubject=CN = ${cn}\nissuer=CN = ${cn}\n` +
        '---\nNo client certificate CA names sent\nPeer signing digest: SHA256\nPeer signature type: RSA-PSS\n' +
        'Server Temp Key: X25519, 253 bits\n---\nSSL handshake has read 1408 bytes and written 398 bytes\n' +
        'Verification error: self-signed certificate\n---\n' +
        `New, ${protocol}, Cipher is ${cipher}\nServer public key is 2048 bit\n` +
        'Secure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\nNo ALPN negotiated\n' +
        'Early data was not sent\nVerify return code: 18 (self-signed certificate)\n---\n',
    );
  }

  mode() {
    return sessionMode('openssl');
  }

  input(line: string): void {
    if (this.#stage !== 'tls' || this.#ended) return;
    this.#send(line + '\n');
  }

  /** What s_client does with one read of standard input; only the read's first character is a command. */
  #send(chunk: string): void {
    const first = chunk[0];
    if (this.options.commands && !this.options.ignEof) {
      if (first === 'Q') {
        this.ctx.stderr.write('DONE\n');
        this.#end(0);
        return;
      }
      if (first === 'R') {
        this.ctx.stderr.write('RENEGOTIATING\n');
        return;
      }
      if (first === 'k' || first === 'K') {
        this.ctx.stderr.write('KEYUPDATE\n');
        return;
      }
    }
    this.connection.send(this.options.crlf ? chunk.replace(/\n/g, '\r\n') : chunk);
  }

  #feed(text: string): number | Program {
    // A pipe is read in one go, so only its very first character can be a command letter.
    const lines = pipedLines(text);
    if (lines.length > 0) this.#send(lines.join('\n') + '\n');
    if (this.#ended) return 0;
    if (!this.options.ignEof) {
      this.ctx.stderr.write('DONE\n');
      return this.#end(0);
    }
    return this;
  }

  signal(signal: Signal): void {
    if (signal === 'clear') this.ctx.machine.screen.clear();
    else if (signal === 'interrupt') {
      this.ctx.stderr.write('^C\n');
      this.#end(130);
    } else if (signal === 'eof' && !this.options.ignEof) {
      this.ctx.stderr.write('DONE\n');
      this.#end(0);
    }
  }

  abort(): void {
    this.#stage = 'done';
    this.#ended = true;
    this.#unsubscribe?.();
    this.connection.close();
  }

  #serverClosed(): void {
    this.#closedByServer = true;
    if (this.#stage === 'stuck') this.#failHandshake();
    if (this.#stage !== 'tls') return;
    if (!this.options.quiet) this.ctx.stdout.write('closed\n');
    this.#end(0);
  }

  /** Ends s_client: hangs up (unless the server did) and reports the exit status once. */
  #end(status: number): number {
    if (!this.#ended) {
      this.#ended = true;
      this.#stage = 'done';
      this.#unsubscribe?.();
      if (!this.#closedByServer) this.connection.close();
      this.ctx.exit(status);
    }
    return status;
  }
}
