// Python's smtplib (another client implementation, another TLS stack) delivers through the bridge.
import { execFile, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../src/bridge/server.ts';
import { portOf, testBridge } from './helpers.ts';

const hasPython = spawnSync('python3', ['-c', 'import smtplib, ssl'], { timeout: 10_000 }).status === 0;

let bridge: (Bridge & { errors: string[] }) | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

/** Runs a Python script without blocking the event loop the in-process bridge lives on. */
function python(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', script, ...args], { timeout: 15_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

const SCRIPT = `
import json, smtplib, ssl, sys
port, mode = int(sys.argv[1]), sys.argv[2]
msg = "From: learner@client.test\\r\\nTo: alice@example.test\\r\\nSubject: from python\\r\\n\\r\\nHi from smtplib\\r\\n"
s = smtplib.SMTP("127.0.0.1", port, local_hostname="py.client.example", timeout=10)
out = {"ehlo": s.ehlo()[0]}
if mode == "tls":
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    out["starttls"] = s.starttls(context=ctx)[0]
    out["ehlo2"] = s.ehlo()[1].decode().split("\\n")
    s.login("alice", "secret")
refused = s.sendmail("learner@client.test", ["alice@example.test", "nobody@example.test"], msg)
out["refused"] = {k: [v[0], v[1].decode()] for k, v in refused.items()}
out["quit"] = s.quit()[0]
print(json.dumps(out))
`;

describe.skipIf(!hasPython)("Python's smtplib through the bridge", () => {
  it('delivers over plain SMTP; the unknown recipient is refused with the Postfix text', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix' }]);
    const out = JSON.parse(await python(SCRIPT, [String(portOf(bridge)), 'plain']));
    expect(out.ehlo).toBe(250);
    expect(out.refused).toEqual({
      'nobody@example.test': [
        550,
        '5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table',
      ],
    });
    expect(out.quit).toBe(221);
    const [stored] = bridge.network.mailbox('alice@example.test');
    expect(stored.stored).toMatch(/\nReceived: from py\.client\.example \(unknown \[127\.0\.0\.1\]\)\n/);
    expect(stored.content).toContain('Hi from smtplib');
  });

  it('does STARTTLS and AUTH on a submission listener; after TLS, AUTH replaces STARTTLS in EHLO', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix-submission' }]);
    const out = JSON.parse(await python(SCRIPT, [String(portOf(bridge)), 'tls']));
    expect(out.starttls).toBe(220);
    expect(out.ehlo2).toContain('AUTH PLAIN LOGIN');
    expect(out.ehlo2).not.toContain('STARTTLS');
    const [stored] = bridge.network.mailbox('alice@example.test');
    expect(stored.protocol).toBe('ESMTPSA');
    expect(bridge.errors).toEqual([]);
  });

  it('SMTPUTF8: a UTF-8 sender and recipients; the refusal echoes 用户 as the very octets sent', async () => {
    bridge = await testBridge([{ port: 0, profile: 'postfix' }]);
    const out = JSON.parse(await python(UTF8_SCRIPT, [String(portOf(bridge))]));
    expect(out.smtputf8).toBe(true);
    // smtplib hands back the reply's raw octets; the script decodes them as strict UTF-8.
    expect(out.refused).toEqual({
      '用户@example.test': [
        550,
        '5.1.1 <用户@example.test>: Recipient address rejected: User unknown in local recipient table',
      ],
    });
    expect(out.vrfy).toEqual([
      550,
      '5.1.1 <jörg@example.test>: Recipient address rejected: User unknown in local recipient table',
    ]);
    const [stored] = bridge.network.mailbox('alice@example.test');
    expect(stored.envelope.mailFrom).toBe('jörg@client.test');
    expect(stored.content).toContain('Grüße, 用户');
    expect(bridge.errors).toEqual([]);
  });
});

const UTF8_SCRIPT = `
import json, smtplib, sys
port = int(sys.argv[1])
msg = "From: jörg@client.test\\r\\nTo: alice@example.test\\r\\nSubject: utf-8\\r\\n\\r\\nGrüße, 用户\\r\\n".encode("utf-8")
s = smtplib.SMTP("127.0.0.1", port, local_hostname="py.client.example", timeout=10)
s.ehlo()
out = {"smtputf8": s.has_extn("smtputf8")}
refused = s.sendmail("jörg@client.test", ["alice@example.test", "用户@example.test"], msg, mail_options=["SMTPUTF8"])
out["refused"] = {k: [v[0], v[1].decode("utf-8")] for k, v in refused.items()}
code, text = s.docmd("VRFY", "jörg@example.test")
out["vrfy"] = [code, text.decode("utf-8")]
s.quit()
print(json.dumps(out))
`;
