#!/usr/bin/env bash
# A local reference Postfix 3.7 for `npm run refs:compare`: a private Postfix instance configured as the
# recorded one (../shared/refs/config/postfix: main.cf, the recipient table, the SASL settings), listening on
# loopback ports of our choice instead of 25/587/2525. Debian 12's `postfix` package is 3.7.
#
#   sudo scripts/reference-postfix.sh [PORT]   install Postfix if needed, configure the instance, start it
#   sudo scripts/reference-postfix.sh stop      stop it
#
# Listeners, all on 127.0.0.1 only: PORT (default 5360) is the recordings' port 25, PORT+1 their submission
# port 587, PORT+2 their stock-policy port 2525. The instance lives in $POSTFIX_DIR (default
# /tmp/smtp-lab-postfix: config, queue, log, sasldb); /etc/postfix is not touched. It adds Unix users alice
# and bob (if missing) so that local delivery works as recorded. Mail never leaves the machine
# (default_transport = error, as recorded).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
refs="${SMTP_REFS_DIR:-$here/../shared/refs}"
config="$refs/config/postfix"
dir="${POSTFIX_DIR:-/tmp/smtp-lab-postfix}"
etc="$dir/etc"

if [[ "${1:-}" == stop ]]; then
  postfix -c "$etc" stop
  exit 0
fi
port="${1:-5360}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1024 || port > 65533)); then
  echo "reference-postfix: PORT must be a number from 1024 to 65533" >&2
  exit 2
fi
[[ -f "$config/main.cf" ]] || {
  echo "reference-postfix: $config/main.cf not found (set SMTP_REFS_DIR)" >&2
  exit 1
}
[[ "$(id -u)" == 0 ]] || {
  echo "reference-postfix: run as root (Postfix's master runs as root)" >&2
  exit 1
}

if ! command -v postconf >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -q
  apt-get install -y -q postfix sasl2-bin libsasl2-modules
fi
version="$(postconf -d -h mail_version)"
[[ "$version" == 3.7.* ]] || echo "reference-postfix: warning: Postfix $version, the recordings are 3.7" >&2

postfix -c "$etc" stop >/dev/null 2>&1 || true
mkdir -p "$etc/sasl" "$etc/tls" "$dir/spool" "$dir/lib"
chown postfix "$dir/lib"

# main.cf as recorded; then only what a private instance on other ports needs (its own directories and
# files, listening on 127.0.0.1 only). The recorded instance (inet_interfaces = loopback-only, inet_protocols =
# all) owns ::1 as well, so alice@[IPv6:::1] is local there: proxy_interfaces gives this one the same address
# without listening on it, where the machine has IPv6 loopback.
if grep -qs '^00000000000000000000000000000001 ' /proc/net/if_inet6; then
  protocols=all proxy='[::1]'
else
  protocols=ipv4 proxy=
fi
install -m 644 "$config/main.cf" "$etc/main.cf"
install -m 644 /usr/share/postfix/master.cf.dist "$etc/master.cf"
pc() { postconf -c "$etc" "$@"; }
pc -e "config_directory = $etc" "queue_directory = $dir/spool" "data_directory = $dir/lib" \
  'inet_interfaces = 127.0.0.1' "inet_protocols = $protocols" "proxy_interfaces = $proxy" \
  "alias_maps = hash:$etc/aliases" "alias_database = hash:$etc/aliases" \
  "local_recipient_maps = hash:$etc/local_recipients \$alias_maps" \
  "cyrus_sasl_config_path = $etc/sasl" \
  "smtpd_tls_cert_file = $etc/tls/cert.pem" "smtpd_tls_key_file = $etc/tls/key.pem" \
  "maillog_file = $dir/postfix.log" "maillog_file_prefixes = $dir" \
  'multi_instance_enable = no'

# master.cf: Debian's own with no chroot (as recorded) and the three smtpd services on loopback ports.
pc -MX smtp/inet
pc -M -e "127.0.0.1:$port/inet=127.0.0.1:$port inet n - n - - smtpd"
pc -M -e "127.0.0.1:$((port + 1))/inet=127.0.0.1:$((port + 1)) inet n - n - - smtpd -o syslog_name=postfix/submission -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes -o smtpd_client_restrictions= -o smtpd_relay_restrictions=permit_sasl_authenticated,reject -o smtpd_recipient_restrictions= -o smtpd_reject_unlisted_recipient=no"
pc -M -e "127.0.0.1:$((port + 2))/inet=127.0.0.1:$((port + 2)) inet n - n - - smtpd -o syslog_name=postfix/stock -o smtpd_relay_restrictions=permit_mynetworks,permit_sasl_authenticated,defer_unauth_destination -o local_header_rewrite_clients="
pc -F '*/*/chroot = n'

# Recipients, aliases, users.
install -m 644 "$config/local_recipients" "$etc/local_recipients"
postmap -c "$etc" "$etc/local_recipients"
echo 'postmaster: root' >"$etc/aliases"
postalias -c "$etc" "$etc/aliases"
for user in alice bob; do id "$user" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin "$user"; done

# STARTTLS: a fresh self-signed certificate for mail.example.test.
if [[ ! -f "$etc/tls/cert.pem" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=mail.example.test' \
    -keyout "$etc/tls/key.pem" -out "$etc/tls/cert.pem" 2>/dev/null
  chmod 600 "$etc/tls/key.pem"
fi

# SASL as recorded (sasldb, PLAIN and LOGIN), with this instance's own sasldb: alice / secret.
{
  cat "$config/sasl-smtpd.conf"
  echo "sasldb_path: $etc/sasl/sasldb2"
} >"$etc/sasl/smtpd.conf"
for realm in mail.example.test "$(hostname)"; do
  echo secret | saslpasswd2 -f "$etc/sasl/sasldb2" -p -c -u "$realm" alice
done
chgrp postfix "$etc/sasl/sasldb2"
chmod 640 "$etc/sasl/sasldb2"

postfix -c "$etc" check
postfix -c "$etc" start
echo "reference Postfix $version: 127.0.0.1:$port (as 25), $((port + 1)) (as 587), $((port + 2)) (as 2525); log $dir/postfix.log"
