# Source this from .ci/run: a throwaway PostgreSQL cluster on loopback for the store's
# contract tests. `start_postgres` installs Debian's postgresql when no server binaries are
# found, starts a cluster in a temporary folder, exports DYADS_TEST_POSTGRES and arranges for
# the cluster to be stopped and removed when the calling shell exits.
# If PostgreSQL cannot be started, it says so and the PostgreSQL tests skip.

pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

start_postgres() {
    local bindir port run_as
    port="${DYADS_PG_PORT:-55432}"
    if ! bindir="$(pg_bindir)"; then
        echo "postgres: installing Debian's postgresql" >&2
        if command -v apt-get >/dev/null 2>&1; then
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
                >/dev/null 2>&1 || true
        fi
        bindir="$(pg_bindir)" || {
            echo "postgres: no server available; the PostgreSQL tests will skip" >&2
            return 0
        }
    fi
    PG_TMP="$(mktemp -d /tmp/dyads-pg.XXXXXX)"
    run_as=()
    if [ "$(id -u)" = "0" ]; then
        # initdb refuses to run as root: the cluster belongs to the postgres user.
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$PG_TMP"
        run_as=(runuser -u postgres --)
    fi
    if ! "${run_as[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U postgres -A trust \
        --no-sync >"$PG_TMP/initdb.log" 2>&1; then
        echo "postgres: initdb failed; the PostgreSQL tests will skip" >&2
        cat "$PG_TMP/initdb.log" >&2
        return 0
    fi
    if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c max_connections=200" \
        start >/dev/null; then
        echo "postgres: the server did not start; the PostgreSQL tests will skip" >&2
        cat "$PG_TMP/server.log" >&2
        return 0
    fi
    PG_STOP=("${run_as[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -m fast stop)
    trap stop_postgres EXIT
    if ! "${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres dyads_test; then
        echo "postgres: createdb failed; the PostgreSQL tests will skip" >&2
        return 0
    fi
    export DYADS_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/dyads_test"
    echo "postgres: test server at $DYADS_TEST_POSTGRES" >&2
}

stop_postgres() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        "${PG_STOP[@]}" >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}
