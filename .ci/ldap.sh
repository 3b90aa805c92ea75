#!/usr/bin/env bash
# Starts and stops a throwaway OpenLDAP server (Debian's slapd) for the tests, on free loopback ports under a temporary
# directory, with its own configuration (never the system's slapd service) and the tree of .ci/ldap-seed.ldif.
#
#   source .ci/ldap.sh
#   ldap_start    # installs slapd and ldap-utils with apt-get when missing; exports CROWDSOURCING_LDAP_*
#   ...           # run the tests
#   ldap_stop     # stops the server and removes its directory
#
# The tests read (tests/Crowdsourcing.Directory.Ldap.Tests/LdapServer.cs):
#   CROWDSOURCING_LDAP_HOST, CROWDSOURCING_LDAP_PORT (plain LDAP and StartTLS), CROWDSOURCING_LDAPS_PORT (LDAPS),
#   CROWDSOURCING_LDAP_BASE_DN, CROWDSOURCING_LDAP_BIND_DN and CROWDSOURCING_LDAP_BIND_PASSWORD (the service account),
#   CROWDSOURCING_LDAP_ADMIN_DN and CROWDSOURCING_LDAP_ADMIN_PASSWORD (may write: the sync tests add and remove people),
#   CROWDSOURCING_LDAP_CA_DIR (the throwaway CA that signed the server's certificate, hashed for OpenSSL/GnuTLS lookup).

# shellcheck source=ports.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/ports.sh"

ldap_start() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if [ ! -x /usr/sbin/slapd ] || ! command -v ldapadd >/dev/null 2>&1; then
    echo "OpenLDAP is not installed: installing slapd and ldap-utils with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    # No debconf questions, no database of the package's own: this script runs its own slapd.
    echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
    apt-get update -qq
    apt-get install -y -qq slapd ldap-utils >/dev/null
  fi

  LDAP_DIR=$(mktemp -d /tmp/crowdsourcing-ldap.XXXXXX)
  LDAP_PORT=$(ci_free_port)
  LDAPS_PORT=$(ci_free_port)
  while [ "$LDAPS_PORT" = "$LDAP_PORT" ]; do LDAPS_PORT=$(ci_free_port); done
  local admin_password
  admin_password="admin-$RANDOM$RANDOM"
  mkdir -p "$LDAP_DIR/db" "$LDAP_DIR/ca"

  # A throwaway CA and a server certificate for 127.0.0.1 and localhost (StartTLS and LDAPS).
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Crowdsourcing test CA" \
    -keyout "$LDAP_DIR/ca.key" -out "$LDAP_DIR/ca/ca.crt" >/dev/null 2>&1 || { echo "openssl could not make the test CA"; return 1; }
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$LDAP_DIR/server.key" -out "$LDAP_DIR/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$LDAP_DIR/server.ext"
  openssl x509 -req -in "$LDAP_DIR/server.csr" -CA "$LDAP_DIR/ca/ca.crt" -CAkey "$LDAP_DIR/ca.key" -CAcreateserial \
    -days 2 -extfile "$LDAP_DIR/server.ext" -out "$LDAP_DIR/server.crt" >/dev/null 2>&1 || { echo "openssl could not sign the server certificate"; return 1; }
  ln -s ca.crt "$LDAP_DIR/ca/$(openssl x509 -hash -noout -in "$LDAP_DIR/ca/ca.crt").0"
  chmod 600 "$LDAP_DIR/server.key" "$LDAP_DIR/ca.key"

  cat >"$LDAP_DIR/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $LDAP_DIR/slapd.pid
argsfile $LDAP_DIR/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
TLSCACertificateFile $LDAP_DIR/ca/ca.crt
TLSCertificateFile $LDAP_DIR/server.crt
TLSCertificateKeyFile $LDAP_DIR/server.key
sizelimit unlimited
database mdb
maxsize 104857600
suffix "dc=example,dc=org"
rootdn "cn=admin,dc=example,dc=org"
rootpw $admin_password
directory $LDAP_DIR/db
overlay memberof
access to attrs=userPassword by self =xw by anonymous auth by * none
access to * by users read by * none
CONF

  /usr/sbin/slapd -f "$LDAP_DIR/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/ ldaps://127.0.0.1:$LDAPS_PORT/" >"$LDAP_DIR/slapd.log" 2>&1 \
    || { cat "$LDAP_DIR/slapd.log"; return 1; }
  local ready=""
  for _ in $(seq 1 100); do
    if ldapsearch -x -H "ldap://127.0.0.1:$LDAP_PORT" -D "cn=admin,dc=example,dc=org" -w "$admin_password" -b "" -s base >/dev/null 2>&1; then
      ready=yes
      break
    fi
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "slapd did not answer on 127.0.0.1:$LDAP_PORT"; cat "$LDAP_DIR/slapd.log"; return 1; }
  ldapadd -x -H "ldap://127.0.0.1:$LDAP_PORT" -D "cn=admin,dc=example,dc=org" -w "$admin_password" -f "$root/ldap-seed.ldif" >"$LDAP_DIR/seed.log" 2>&1 \
    || { cat "$LDAP_DIR/seed.log"; return 1; }

  export CROWDSOURCING_LDAP_HOST=127.0.0.1
  export CROWDSOURCING_LDAP_PORT=$LDAP_PORT
  export CROWDSOURCING_LDAPS_PORT=$LDAPS_PORT
  export CROWDSOURCING_LDAP_BASE_DN="dc=example,dc=org"
  export CROWDSOURCING_LDAP_BIND_DN="cn=crowdsourcing,ou=services,dc=example,dc=org"
  export CROWDSOURCING_LDAP_BIND_PASSWORD=service-pw
  export CROWDSOURCING_LDAP_ADMIN_DN="cn=admin,dc=example,dc=org"
  export CROWDSOURCING_LDAP_ADMIN_PASSWORD=$admin_password
  export CROWDSOURCING_LDAP_CA_DIR="$LDAP_DIR/ca"
  export LDAP_DIR LDAP_PORT LDAPS_PORT
  echo "OpenLDAP $(/usr/sbin/slapd -VV 2>&1 | grep -o 'slapd [0-9.]*' | head -n 1 | cut -d' ' -f2) on 127.0.0.1:$LDAP_PORT (LDAPS $LDAPS_PORT) ($LDAP_DIR)"
}

ldap_stop() {
  if [ -n "${LDAP_DIR:-}" ] && [ -d "$LDAP_DIR" ]; then
    if [ -f "$LDAP_DIR/slapd.pid" ]; then
      local pid
      pid=$(cat "$LDAP_DIR/slapd.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
    rm -rf "$LDAP_DIR"
  fi
}
