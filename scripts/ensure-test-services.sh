#!/usr/bin/env bash
# Makes sure the PostgreSQL and MariaDB servers the integration tests use are up on 127.0.0.1.
# Called by the Maven build (validate phase of the root project), so `./mvnw -B verify` needs
# nothing else. On a Debian machine it starts a stopped server and, when run as root, installs a
# missing one with apt. Elsewhere it only checks and says what to do.
# Point the tests at other servers with QANATIX_TEST_PG_URL / QANATIX_TEST_MYSQL_URL (see README);
# then this script checks nothing.
set -u

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  return 1
}

as_root() { [ "$(id -u)" = 0 ]; }

ensure_postgres() {
  [ -n "${QANATIX_TEST_PG_URL:-}" ] && { echo "[services] PostgreSQL: using QANATIX_TEST_PG_URL"; return 0; }
  port_open 5432 && { echo "[services] PostgreSQL is up on 127.0.0.1:5432"; return 0; }
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && as_root && command -v apt-get >/dev/null 2>&1; then
    echo "[services] PostgreSQL is not installed: installing it with apt"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || true
    local hba; hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | head -n 1)
    [ -n "$hba" ] && sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(local\s+all\s+postgres\s+)\S+/\1trust/' "$hba"
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "[services] starting PostgreSQL"
    for v in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || true; done
  fi
  wait_port 5432 && { echo "[services] PostgreSQL is up"; return 0; }
  echo "[services] PostgreSQL is NOT reachable on 127.0.0.1:5432: start one (user postgres, trust auth) or set QANATIX_TEST_PG_URL" >&2
}

# The local cluster trusts every login on 127.0.0.1, so a wrong password could never be tested.
# One dedicated role, qanatix_password_probe, must give a password (scram-sha-256); every other
# rule is left as it is. Idempotent; only as root on the local Debian cluster.
ensure_postgres_password_rule() {
  [ -n "${QANATIX_TEST_PG_URL:-}" ] && return 0
  as_root || return 0
  local hba; hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | head -n 1)
  [ -n "$hba" ] || return 0
  grep -q 'qanatix_password_probe' "$hba" && return 0
  local rule4="host all qanatix_password_probe 127.0.0.1/32 scram-sha-256"
  local rule6="host all qanatix_password_probe ::1/128 scram-sha-256"
  # Above the first host rule: pg_hba is read top down and the first match decides.
  local first; first=$(grep -n -E '^\s*host' "$hba" | head -n 1 | cut -d: -f1)
  if [ -n "$first" ]; then
    sed -i "${first}i # qanatix tests: a wrong password must fail for this one role\\n${rule4}\\n${rule6}" "$hba"
  else
    printf '%s\n%s\n' "$rule4" "$rule6" >> "$hba"
  fi
  for v in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster --skip-systemctl-redirect "$v" main reload 2>/dev/null || true; done
  echo "[services] PostgreSQL: role qanatix_password_probe now needs a password on 127.0.0.1 (for the wrong-password test)"
}

ensure_mariadb() {
  [ -n "${QANATIX_TEST_MYSQL_URL:-}" ] && { echo "[services] MySQL: using QANATIX_TEST_MYSQL_URL"; return 0; }
  port_open 3306 && { echo "[services] MariaDB/MySQL is up on 127.0.0.1:3306"; return 0; }
  if ! [ -x /usr/sbin/mariadbd ] && as_root && command -v apt-get >/dev/null 2>&1; then
    echo "[services] MariaDB is not installed: installing it with apt"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null || true
  fi
  if [ -x /usr/sbin/mariadbd ]; then
    echo "[services] starting MariaDB"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd 2>/dev/null || true
  fi
  wait_port 3306 && { echo "[services] MariaDB is up"; return 0; }
  echo "[services] MariaDB/MySQL is NOT reachable on 127.0.0.1:3306: start one (root, empty password) or set QANATIX_TEST_MYSQL_URL" >&2
}

ensure_postgres
ensure_postgres_password_rule
ensure_mariadb
# Never fail the build here: a test that cannot reach its server fails itself, with the message above.
exit 0
