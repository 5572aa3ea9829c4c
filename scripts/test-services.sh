#!/usr/bin/env bash
# Starts the services the store and scale-out tests use, from Debian's packages, on loopback only: PostgreSQL 15's
# cluster (port 5432) with a role `hessianweb` that may create the tests' own databases, and a Redis with nothing saved
# to disk (port 6390). Safe to run again: what runs already is left as it is. Run as root, or as a user with sudo
# (test.sh calls it; `source` it to get HESSIANWEB_TEST_POSTGRES and HESSIANWEB_TEST_REDIS in your shell).
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

cluster=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$cluster main .* online"; then
  pg_lsclusters -h 2>/dev/null | grep -q "^$cluster main " || $SUDO pg_createcluster "$cluster" main >/dev/null
  # Loopback only: the cluster is for the tests on this machine.
  $SUDO pg_ctlcluster "$cluster" main start -o "-c listen_addresses=127.0.0.1"
fi
$SUDO runuser -u postgres -- env -C / psql -q -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hessianweb') THEN
    CREATE ROLE hessianweb LOGIN CREATEDB PASSWORD 'hessianweb';
  END IF;
  -- Tests drop their databases WITH (FORCE), which must end whatever still holds them, autovacuum's workers included.
  IF NOT pg_has_role('hessianweb', 'pg_signal_backend', 'MEMBER') THEN
    GRANT pg_signal_backend TO hessianweb;
  END IF; END \$\$;" >/dev/null

if ! redis-cli -h 127.0.0.1 -p 6390 ping >/dev/null 2>&1; then
  # As root, redis-server runs as root here: it binds loopback only and keeps nothing on disk.
  redis-server --port 6390 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile /tmp/hessianweb-test-redis.log >/dev/null
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6390 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

export HESSIANWEB_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=hessianweb;Password=hessianweb"
export HESSIANWEB_TEST_REDIS="127.0.0.1:6390"
