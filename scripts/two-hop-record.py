#!/usr/bin/env python3
"""Record two-hop deliveries through the instances of scripts/two-hop-postfix.sh into tests/refs-two-hop/:
the submission on A, A's smtp(8) conversation with B (Postfix's own debug_peer_list log of it), the copies B
stored, the bounces A wrote, and postqueue -p while a message waits."""
import os, re, smtplib, subprocess, sys, time

DIR = os.environ.get('TWO_HOP_DIR', '/tmp/smtp-lab-two-hop')
OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'refs-two-hop')
BODY = 'From: Alice <alice@example.test>\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{tag}@laptop.client.test>\r\nDate: Sun, 06 Dec 2026 03:00:00 +0000\r\n\r\nHello from the laptop.\r\n'

def send(tag, to, subject, rcpt_options=()):
    s = smtplib.SMTP('127.0.0.1', 5390, local_hostname='laptop.client.test')
    s.ehlo('laptop.client.test')
    s.mail('alice@example.test')
    code, text = s.rcpt(to, rcpt_options)
    s.data(BODY.format(to=to, subject=subject, tag=tag))
    s.quit()

def spool(instance, user):
    path = os.path.join(DIR, instance, 'mail', user)
    return open(path, encoding='utf-8', errors='replace').read() if os.path.exists(path) else ''

def log(instance):
    return open(os.path.join(DIR, instance, 'postfix.log'), encoding='utf-8', errors='replace').read()

def save(name, text):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write(text)

def main():
    for inst, user in (('a', 'alice'), ('b', 'alice'), ('b', 'carol')):
        p = os.path.join(DIR, inst, 'mail', user)
        if os.path.exists(p): os.remove(p)
    start_a, start_b = len(log('a')), len(log('b'))
    send('sent', 'alice@elsewhere.test', 'Two hops')
    send('bounce', 'nosuchuser@elsewhere.test', 'Nobody there')
    send('grey', 'greylist@elsewhere.test', 'Greylisted', ('NOTIFY=DELAY,FAILURE',))
    time.sleep(4)
    q = subprocess.run(['postqueue', '-c', os.path.join(DIR, 'a', 'etc'), '-p'], capture_output=True, text=True).stdout
    save('mailq-deferred.txt', q)
    save('mailbox-b-alice.mbox', spool('b', 'alice'))
    save('mailbox-a-alice-bounce.mbox', spool('a', 'alice'))
    save('log-a.txt', log('a')[start_a:])
    save('log-b.txt', log('b')[start_b:])
    subprocess.run(['postsuper', '-c', os.path.join(DIR, 'a', 'etc'), '-d', 'ALL'], capture_output=True)
    empty = subprocess.run(['postqueue', '-c', os.path.join(DIR, 'a', 'etc'), '-p'], capture_output=True, text=True).stdout
    save('mailq-empty.txt', empty)
    # Phase 2: a delay warning (NOTIFY=DELAY) and the bounce when the queue lifetime ends, on a fast clock.
    etc = os.path.join(DIR, 'a', 'etc')
    subprocess.run(['postconf', '-c', etc, '-e', 'delay_warning_time = 3s', 'maximal_queue_lifetime = 9s'], check=True)
    subprocess.run(['postfix', '-c', etc, 'reload'], capture_output=True)
    time.sleep(2)
    start_a = len(log('a'))
    send('late', 'greylist@elsewhere.test', 'Greylisted for ever', ('NOTIFY=DELAY,FAILURE',))
    time.sleep(25)
    save('mailbox-a-alice-reports.mbox', spool('a', 'alice'))
    save('log-a-phase2.txt', log('a')[start_a:])
    subprocess.run(['postconf', '-c', etc, '-e', 'delay_warning_time = 0h', 'maximal_queue_lifetime = 5d'], check=True)
    subprocess.run(['postfix', '-c', etc, 'reload'], capture_output=True)

main()
