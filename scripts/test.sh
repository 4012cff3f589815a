#!/usr/bin/env bash
# The project's single test command:   bash scripts/test.sh [extra dotnet test arguments]
#
#   bash scripts/test.sh                                  # everything
#   bash scripts/test.sh --filter "FullyQualifiedName~Sync"
#
# What it does, in order:
#   1. installs PostgreSQL, Redis, Chromium and nginx with apt when they are missing;
#   2. starts a throwaway PostgreSQL and Redis on free loopback ports, under a temp dir;
#   3. exports RECEPTION_TEST_POSTGRES / RECEPTION_TEST_REDIS / RECEPTION_TEST_CHROMIUM;
#   4. runs `dotnet test` on the solution (RECEPTION_TEST_TARGET overrides which one);
#   5. stops what it started and removes its temp dirs (also on failure or Ctrl-C);
#   6. prints `N passed, N failed` as the very last line (CI reads that line).
#
# It never touches a system PostgreSQL/Redis service and only kills processes it started.
# Exit code: 0 only if dotnet test succeeded, nothing failed and at least one test passed.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${RECEPTION_TEST_TARGET:-Reception.sln}
CHROMIUM=/usr/bin/chromium
NGINX=/usr/sbin/nginx     # the multi-instance tests put it in front of two instances

# Filled in as things get started, so cleanup knows exactly what is ours.
WORK=""          # temp root: postgres state, redis state, test results
PG_BIN=""
PG_DATA=""
PG_STARTED=0
REDIS_PIDFILE=""
DOTNET_PID=""    # dotnet test, while it runs; leader of its own process group
SUMMARY_PRINTED=0

# Keep the .NET CLI quiet and non-interactive (CI has no stdin).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[test.sh] %s\n' "$*" >&2; }

die() {
    log "ERROR: $*"
    exit 1   # the EXIT trap cleans up and prints the summary line
}

# --------------------------------------------------------------------------- install

# Prints the newest /usr/lib/postgresql/<version>/bin that has a server in it, or nothing.
# Debian does not put initdb/pg_ctl on PATH, so PATH is never consulted.
find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" ]] && echo "$dir"
    done | sort -V | tail -n 1
}

# apt-installs whatever is missing; does nothing (not even apt-get update) when all is there.
install_missing() {
    local missing=()
    [[ -n "$(find_pg_bin)" ]] || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    [[ -x "$CHROMIUM" ]] || missing+=(chromium)
    [[ -x "$NGINX" ]] || missing+=(nginx)
    ((${#missing[@]} == 0)) && return 0

    [[ $EUID -eq 0 ]] || die "missing packages: ${missing[*]}; install them as root: apt-get install -y ${missing[*]}"
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Lock timeout: another apt run on the same machine should make us wait, not fail.
    local apt=(apt-get -q -y -o DPkg::Lock::Timeout=300)
    "${apt[@]}" update </dev/null >/dev/null ||
        die "apt-get update failed; cannot install ${missing[*]}"
    "${apt[@]}" install "${missing[@]}" </dev/null >/dev/null ||
        die "apt-get install ${missing[*]} failed (see apt's messages above)"

    [[ -n "$(find_pg_bin)" ]] || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
    command -v redis-server >/dev/null 2>&1 || die "redis-server installed but not on PATH"
    [[ -x "$CHROMIUM" ]] || die "chromium installed but $CHROMIUM is missing"
    [[ -x "$NGINX" ]] || die "nginx installed but $NGINX is missing"
}

# --------------------------------------------------------------------------- servers

# A port in 20000-32767 (below Linux's ephemeral range, so outgoing connections don't
# grab it) that nothing listens on right now.
free_port() {
    python3 - <<'EOF'
import random, socket
for _ in range(200):
    port = random.randint(20000, 32767)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    raise SystemExit("no free TCP port found")
EOF
}

# Runs a PostgreSQL tool as the postgres user (the server refuses to run as root),
# from a directory it can read, so it does not complain about our cwd.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$WORK" && runuser -u postgres -- "$@")
    else
        (cd "$WORK" && "$@")   # a developer running as themselves owns everything already
    fi
}

start_postgres() {
    PG_BIN=$(find_pg_bin)
    local state="$WORK/pg"
    mkdir -p "$state"
    chmod 755 "$state"
    [[ $EUID -eq 0 ]] && chown postgres: "$state"
    PG_DATA="$state/data"

    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-sync \
        -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 ||
        { cat "$state/initdb.log" >&2; die "initdb failed"; }

    # The port is checked free just before use; if something grabs it in between,
    # start-up fails and we simply try another one.
    local attempt
    for attempt in 1 2 3; do
        PG_PORT=$(free_port)
        if as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -w -t 60 -l "$state/server.log" \
            -o "-k $state -c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
            >/dev/null; then
            PG_STARTED=1
            break
        fi
        log "postgres did not start on port $PG_PORT (attempt $attempt)"
    done
    ((PG_STARTED)) || { tail -n 20 "$state/server.log" >&2 || true; die "could not start PostgreSQL"; }

    # pg_ctl -w already waited; this confirms it answers over TCP, as the tests will use it.
    local i
    for ((i = 0; i < 100; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && return 0
        sleep 0.1
    done
    die "PostgreSQL started but does not accept connections on 127.0.0.1:$PG_PORT"
}

start_redis() {
    local state="$WORK/redis" attempt i
    mkdir -p "$state"
    REDIS_PIDFILE="$state/redis.pid"
    for attempt in 1 2 3; do
        REDIS_PORT=$(free_port)
        redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
            --daemonize yes --pidfile "$REDIS_PIDFILE" --dir "$state" \
            --logfile "$state/redis.log" </dev/null >/dev/null 2>&1 || true
        for ((i = 0; i < 50; i++)); do
            redis_ping && return 0
            sleep 0.1
        done
        log "redis did not answer on port $REDIS_PORT (attempt $attempt)"
        stop_redis
    done
    tail -n 20 "$state/redis.log" >&2 || true
    die "could not start Redis"
}

# PING over a raw TCP socket (bash's /dev/tcp), so redis-cli is not needed.
redis_ping() {
    local reply=""
    { exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT"; } 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 2 reply <&3 || true
    exec 3>&-
    [[ "$reply" == "+PONG"* ]]
}

# --------------------------------------------------------------------------- cleanup

# True while $1 exists and is not a zombie (a daemon's zombie lingers until init reaps it).
is_running() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n "$state" && "$state" != Z ]]
}

# Kills the pid in our own pidfile, and only if it still is a redis-server
# (a stale pid may by now belong to someone else).
stop_redis() {
    [[ -n "$REDIS_PIDFILE" && -s "$REDIS_PIDFILE" ]] || return 0
    local pid i
    pid=$(<"$REDIS_PIDFILE")
    if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == redis-server* ]]; then
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            is_running "$pid" || break
            sleep 0.1
        done
    fi
    rm -f "$REDIS_PIDFILE"
}

# True while process group $1 has a live (non-zombie) member.
group_alive() {
    ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# Only reached while dotnet test is still running, i.e. we were interrupted.
stop_tests() {
    [[ -n "$DOTNET_PID" ]] || return 0
    log "interrupted: stopping dotnet test"
    kill -TERM -- "-$DOTNET_PID" 2>/dev/null || kill -TERM "$DOTNET_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do
        group_alive "$DOTNET_PID" || break
        sleep 0.1
    done
    kill -KILL -- "-$DOTNET_PID" 2>/dev/null || true
    wait "$DOTNET_PID" 2>/dev/null || true
    DOTNET_PID=""
}

stop_postgres() {
    ((PG_STARTED)) || return 0
    as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w >/dev/null 2>&1 || true
    PG_STARTED=0
}

# Runs on every exit (normal, error, Ctrl-C, TERM). Prints nothing after the summary line
# (one for an early failure is printed here), so `N passed, N failed` stays the last line.
cleanup() {
    local rc=$?
    set +e
    stop_tests
    stop_postgres
    stop_redis
    [[ -n "$WORK" ]] && rm -rf "$WORK"
    if ((!SUMMARY_PRINTED)); then
        # We died before tests ran (install or start-up failed): count that as a failure.
        echo "0 passed, 1 failed"
        ((rc == 0)) && rc=1
    fi
    exit "$rc"
}

# --------------------------------------------------------------------------- tests

# Sums <Counters> over every .trx file under $1 and prints "PASSED FAILED".
# Errors, timeouts and aborts count as failures; no .trx at all prints nothing.
count_trx() {
    python3 - "$1" <<'EOF'
import pathlib, sys
import xml.etree.ElementTree as ET
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.trx"))
if not files:
    sys.exit(0)
passed = failed = 0
for f in files:
    for el in ET.parse(f).iter():
        if el.tag.rsplit("}", 1)[-1] == "Counters":
            n = lambda k: int(el.get(k, "0") or 0)
            passed += n("passed")
            failed += n("failed") + n("error") + n("timeout") + n("aborted")
print(passed, failed)
EOF
}

# Lists every failed test under $1 (name and the first lines of its message), so the tail
# of a CI log says which test failed even when the log is cut to its last lines.
list_failures() {
    python3 - "$1" <<'EOF'
import pathlib, sys
import xml.etree.ElementTree as ET
local = lambda el: el.tag.rsplit("}", 1)[-1]
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.trx")):
    for el in ET.parse(f).iter():
        if local(el) != "UnitTestResult" or el.get("outcome") in ("Passed", "NotExecuted", None):
            continue
        message = ""
        for child in el.iter():
            if local(child) == "Message" and child.text:
                message = child.text
                break
        lines = [l.rstrip() for l in message.strip().splitlines() if l.strip()][:6]
        print(f"FAILED {el.get('testName')} [{el.get('duration', '?')}]")
        for line in lines:
            print(f"    {line[:300]}")
EOF
}

run_tests() {
    local results="$WORK/results"
    mkdir -p "$results"
    export RECEPTION_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Pooling=true;Include Error Detail=true"
    export RECEPTION_TEST_REDIS="127.0.0.1:$REDIS_PORT"
    export RECEPTION_TEST_CHROMIUM="$CHROMIUM"

    local extra=()
    # In CI, leave no compiler/MSBuild server behind holding the log pipe open.
    [[ -n "${CI:-}" ]] && extra+=(--disable-build-servers)

    # One .trx per test project. Deliberately no LogFileName=...: with a fixed name every
    # project writes the same file and the last one overwrites the others (seen with two
    # projects: "WARNING: Overwriting results file"); the default name gets a [n] suffix.
    log "dotnet test $TARGET $*"
    # In the background, in a process group of its own, and then `wait`: bash runs a
    # signal trap only after a foreground child ends, so a Ctrl-C or a CI timeout would
    # otherwise leave the servers up until the tests finished by themselves. The trap
    # kills this group (dotnet, its test hosts, any build server it started).
    local rc=0
    (cd "$REPO_ROOT" && exec setsid dotnet test "$TARGET" -c Release "${extra[@]}" \
        --logger trx --logger "console;verbosity=normal" \
        --results-directory "$results" "$@") </dev/null &
    DOTNET_PID=$!
    wait "$DOTNET_PID" || rc=$?
    DOTNET_PID=""

    local counts passed=0 failed=1
    counts=$(count_trx "$results") || log "could not read the .trx results"
    if [[ -n "$counts" ]]; then
        read -r passed failed <<<"$counts"
    else
        log "no .trx file was written (build failure?)"
    fi
    # Never claim "0 failed" for a run that failed some other way (build error, crashed host).
    ((rc != 0 && failed == 0)) && failed=1

    local status=0
    ((rc == 0 && failed == 0 && passed > 0)) || status=1
    ((rc == 0 && failed == 0 && passed == 0)) && log "no test passed (none ran?): failing"

    ((failed > 0)) && { list_failures "$results" || true; }

    # Stop the servers now, before the summary, so it really is the last line.
    stop_postgres
    stop_redis
    echo "$passed passed, $failed failed"
    SUMMARY_PRINTED=1
    return "$status"
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    install_missing
    # Under /tmp, not $TMPDIR: the postgres user must be able to traverse every parent,
    # and the Unix socket path must stay under ~107 characters.
    WORK=$(mktemp -d /tmp/reception-test.XXXXXX)
    chmod 755 "$WORK"

    local t0=${EPOCHREALTIME/[.,]/} ms   # microseconds; the separator depends on the locale
    start_postgres
    start_redis
    ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
    log "PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN), Redis on 127.0.0.1:$REDIS_PORT; up in $ms ms"

    run_tests "$@"
}

main "$@"
