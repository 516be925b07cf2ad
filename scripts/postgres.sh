#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's `postgresql` package (installed when missing), a cluster
# made with initdb in a private folder, listening on 127.0.0.1 at a free port and on a socket in that folder.
#   scripts/postgres.sh start   starts it (or finds it running) and prints its URL
#   scripts/postgres.sh url     prints the URL of the running server
#   scripts/postgres.sh stop    stops it and removes its folder
#   scripts/postgres.sh cert    prints the server's self-signed certificate (TLS is on; its only name is
#                               "retoma-test-server", so verify-full to 127.0.0.1 must fail and verify-ca pass)
# The folder is $RETOMA_PG_DIR, else one per checkout under /tmp. As root (CI) the server runs as the `postgres`
# system user that the package creates: PostgreSQL refuses to run as root.
# Roles: `retoma`, the cluster's superuser, trusted on loopback; `retoma_password` (created by tests that need
# one) must give its password (scram-sha-256), so the password paths are tested against a real server.
set -euo pipefail
cd "$(dirname "$0")/.."

checkout_key=$(pwd | cksum | cut -d' ' -f1)
dir="${RETOMA_PG_DIR:-/tmp/retoma-postgres-$checkout_key}"
database=retoma_test

as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$found" ] && [ -x "$found/initdb" ] || return 1
    echo "$found"
}

install_server() {
    bindir >/dev/null && command -v openssl >/dev/null && return 0
    echo "Installing: postgresql openssl" >&2
    local sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql openssl >/dev/null
    # The package starts a cluster of its own on 5432; the tests use only theirs.
    bindir >/dev/null || { echo "postgres.sh: the postgresql package installed no initdb" >&2; exit 1; }
}

running() {
    [ -f "$dir/port" ] && [ -d "$dir/data" ] && as_server "$(bindir)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

url() {
    echo "postgres://retoma@127.0.0.1:$(cat "$dir/port")/$database?sslmode=disable"
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    install_server
    local bin
    bin=$(bindir)
    if running; then url; return 0; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_server "$bin/initdb" -D "$dir/data" -U retoma -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    cat >"$dir/data/pg_hba.conf" <<EOF
local all all trust
host all retoma_password 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
EOF
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=retoma-test-server \
        -addext subjectAltName=DNS:retoma-test-server -keyout "$dir/server.key" -out "$dir/server.crt" 2>/dev/null
    chmod 600 "$dir/server.key"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data/pg_hba.conf" "$dir/server.key" "$dir/server.crt"
    local tries port
    for tries in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        port_free "$port" || continue
        # A test server: durability is not what it is for, speed is.
        if as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" \
            start >/dev/null; then
            echo "$port" >"$dir/port"
            as_server "$bin/createdb" -h 127.0.0.1 -p "$port" -U retoma "$database"
            url
            return 0
        fi
    done
    echo "postgres.sh: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2 2>/dev/null || true
    exit 1
}

stop() {
    if [ -d "$dir/data" ] && bindir >/dev/null; then
        as_server "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) running || { echo "postgres.sh: no server is running (scripts/postgres.sh start)" >&2; exit 1; }; url ;;
    cert) running || { echo "postgres.sh: no server is running (scripts/postgres.sh start)" >&2; exit 1; }; echo "$dir/server.crt" ;;
    *) echo "usage: scripts/postgres.sh start|stop|url|cert" >&2; exit 2 ;;
esac
