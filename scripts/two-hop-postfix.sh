#!/usr/bin/env bash
# Two real Postfix 3.7 instances on loopback, to record what mail travelling between hosts looks like:
# A = mail.example.test (the learner's provider: accepts from 127.0.0.1 = mynetworks, queues, relays with
# smtp(8)), B = mx.elsewhere.test (the remote MX). Ports 5390-5399 only, 127.0.0.1 only; /etc/postfix is not
# touched; the recordings land in tests/refs-two-hop/ (see its README.md).
#
#   scripts/two-hop-postfix.sh start    configure and start both (root; Debian's postfix package)
#   scripts/two-hop-postfix.sh stop
#
# A delivers mail for elsewhere.test to B at [mx.elsewhere.test]:5392 through a transport map (no DNS here;
# /etc/hosts names mx.elsewhere.test = 127.0.0.1, smtp_host_lookup = native). A first tries port 5391, where
# nothing listens (the best MX down), then smtp_fallback_relay (the backup). B greylists
# greylist@elsewhere.test with the DEFER_IF_PERMIT action and text a postgrey policy server returns.
set -euo pipefail
dir="${TWO_HOP_DIR:-/tmp/smtp-lab-two-hop}"
a="$dir/a/etc"
b="$dir/b/etc"
if [[ "${1:-}" == stop ]]; then
  postfix -c "$a" stop || true
  postfix -c "$b" stop || true
  exit 0
fi
[[ "$(id -u)" == 0 ]] || { echo "two-hop-postfix: run as root" >&2; exit 1; }
grep -q 'mx.elsewhere.test' /etc/hosts || echo '127.0.0.1 mx.elsewhere.test mail.example.test' >>/etc/hosts
for u in alice bob carol; do id "$u" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin "$u"; done

setup() { # name etc myhostname mydestination
  local name="$1" etc="$2" host="$3" dest="$4" base
  base="$(dirname "$etc")"
  postfix -c "$etc" stop >/dev/null 2>&1 || true
  rm -rf "$base"
  mkdir -p "$etc/tls" "$base/spool" "$base/lib" "$base/mail"
  chown postfix "$base/lib"
  chmod 1777 "$base/mail"
  : >"$etc/main.cf"
  install -m 644 /usr/share/postfix/master.cf.dist "$etc/master.cf"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$host" \
    -keyout "$etc/tls/key.pem" -out "$etc/tls/cert.pem" 2>/dev/null
  chmod 600 "$etc/tls/key.pem"
  echo 'postmaster: root' >"$etc/aliases"
  postalias -c "$etc" "$etc/aliases"
  postconf -c "$etc" -e "config_directory = $etc" "queue_directory = $base/spool" "data_directory = $base/lib" \
    "myhostname = $host" "mydomain = ${dest}" 'myorigin = $mydomain' "mydestination = $dest" \
    'inet_interfaces = 127.0.0.1' 'inet_protocols = ipv4' 'mynetworks = 127.0.0.0/8' \
    "alias_maps = hash:$etc/aliases" "alias_database = hash:$etc/aliases" \
    'smtpd_banner = $myhostname ESMTP Postfix' 'biff = no' 'compatibility_level = 3.6' \
    "mail_spool_directory = $base/mail" 'mailbox_size_limit = 0' \
    'smtpd_tls_security_level = may' "smtpd_tls_cert_file = $etc/tls/cert.pem" \
    "smtpd_tls_key_file = $etc/tls/key.pem" 'smtp_tls_security_level = may' \
    'smtp_host_lookup = native' 'smtp_dns_support_level = disabled' 'disable_dns_lookups = yes' \
    "maillog_file = $base/postfix.log" "maillog_file_prefixes = $base" \
    "syslog_name = postfix-$name" 'multi_instance_enable = no' 'debug_peer_list = 127.0.0.1' \
    'queue_run_delay = 2s' 'minimal_backoff_time = 2s' 'maximal_backoff_time = 4s'
  postconf -c "$etc" -MX smtp/inet
  postconf -c "$etc" -F '*/*/chroot = n'
}

setup a "$a" mail.example.test example.test
postconf -c "$a" -M -e "127.0.0.1:5390/inet=127.0.0.1:5390 inet n - n - - smtpd"
echo 'elsewhere.test smtp:[mx.elsewhere.test]:5391' >"$a/transport"
postmap -c "$a" "$a/transport"
postconf -c "$a" -e "transport_maps = hash:$a/transport" 'smtp_fallback_relay = [mx.elsewhere.test]:5392' \
  'delay_warning_time = 0h' 'maximal_queue_lifetime = 5d' 'bounce_queue_lifetime = 5d'

setup b "$b" mx.elsewhere.test elsewhere.test
postconf -c "$b" -M -e "127.0.0.1:5392/inet=127.0.0.1:5392 inet n - n - - smtpd"
echo 'greylist@elsewhere.test DEFER_IF_PERMIT Greylisted, see http://postgrey.schweikert.ch/help/elsewhere.test.html' \
  >"$b/greylist"
postmap -c "$b" "$b/greylist"
postconf -c "$b" -e "smtpd_recipient_restrictions = check_recipient_access hash:$b/greylist" \
  'smtpd_peername_lookup = yes'

postfix -c "$a" check && postfix -c "$a" start
postfix -c "$b" check && postfix -c "$b" start
echo "two-hop: A mail.example.test 127.0.0.1:5390 -> B mx.elsewhere.test 127.0.0.1:5392; logs $dir/{a,b}/postfix.log"
