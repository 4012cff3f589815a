#!/usr/bin/env bash
# The benchmarks:   bash scripts/bench.sh [--actions N] [--desks D] [--rounds R] [--profile]
#                   bash scripts/bench.sh --scenario fanout [--pushes N] [--short]
#                   bash scripts/bench.sh --scenario suite [--short] [--only NAME,NAME]
#
#   bash scripts/bench.sh                     # the apply pipeline: 2000 actions per run, one desk
#   bash scripts/bench.sh --actions 1000 --desks 4
#   bash scripts/bench.sh --scenario fanout   # the hub's broadcast latency, one and two instances
#   bash scripts/bench.sh --scenario suite    # every scenario; report in bench/results/<date-time>/
#
# What it does, in order:
#   1. installs PostgreSQL (and, for --scenario fanout, Redis) with apt when missing;
#   2. starts a throwaway PostgreSQL on a free loopback port, under a temp dir, with
#      durability ON (fsync, synchronous_commit, full_page_writes): that is what the
#      target is measured against, unlike scripts/test.sh, which turns them off for speed;
#      for --scenario fanout and suite also a throwaway Redis (no persistence), the instances' backplane;
#   3. exports RECEPTION_BENCH_POSTGRES (and RECEPTION_BENCH_REDIS) and runs
#      `dotnet run -c Release --project bench/Reception.Bench -- "$@"`
#      (see bench/Reception.Bench/README.md for what it measures and prints);
#   4. stops PostgreSQL and Redis and removes the temp dir (also on failure or Ctrl-C).
#
# It never touches a system PostgreSQL service and only kills processes it started.
# Exit code: the benchmark's (0 when the measurement completed).
#
# The server functions are copied from scripts/test.sh (no shared file exists yet); if one
# appears, source it instead.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

WORK=""          # temp root: postgres state
PG_BIN=""
PG_DATA=""
PG_PORT=""
PG_STARTED=0
REDIS_PORT=""
REDIS_PIDFILE=""
DOTNET_PID=""    # dotnet run, while it runs; leader of its own process group

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[bench.sh] %s\n' "$*" >&2; }

die() {
    log "ERROR: $*"
    exit 1
}

# Newest /usr/lib/postgresql/<version>/bin with a server in it (Debian keeps it off PATH).
find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" ]] && echo "$dir"
    done | sort -V | tail -n 1
}

# apt-installs whatever is missing: PostgreSQL always, Redis when $1 is 1.
install_missing() {
    local missing=()
    [[ -n "$(find_pg_bin)" ]] || missing+=(postgresql)
    [[ "$1" == 1 ]] && ! command -v redis-server >/dev/null 2>&1 && missing+=(redis-server)
    ((${#missing[@]} == 0)) && return 0

    [[ $EUID -eq 0 ]] || die "missing packages: ${missing[*]}; install them as root: apt-get install -y ${missing[*]}"
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local apt=(apt-get -q -y -o DPkg::Lock::Timeout=300)
    "${apt[@]}" update </dev/null >/dev/null || die "apt-get update failed; cannot install ${missing[*]}"
    "${apt[@]}" install "${missing[@]}" </dev/null >/dev/null || die "apt-get install ${missing[*]} failed"
    [[ -n "$(find_pg_bin)" ]] || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
    [[ "$1" == 1 ]] && ! command -v redis-server >/dev/null 2>&1 && die "redis-server installed but not on PATH"
    return 0
}

# True when the arguments ask for the fan-out scenario (which needs Redis).
wants_redis() {
    local previous="" arg
    for arg in "$@"; do
        [[ "$previous" == --scenario && ( "$arg" == fanout || "$arg" == suite ) ]] && return 0
        previous=$arg
    done
    return 1
}

# A port in 20000-32767 (below Linux's ephemeral range) that nothing listens on right now.
free_port() {
    python3 - <<'PY'
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
PY
}

# PostgreSQL refuses to run as root: run its tools as the postgres user, from a readable cwd.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$WORK" && runuser -u postgres -- "$@")
    else
        (cd "$WORK" && "$@")
    fi
}

start_postgres() {
    PG_BIN=$(find_pg_bin)
    local state="$WORK/pg"
    mkdir -p "$state"
    chmod 755 "$state"
    [[ $EUID -eq 0 ]] && chown postgres: "$state"
    PG_DATA="$state/data"

    # --no-sync only skips syncing initdb's own files; the server below syncs every commit.
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-sync \
        -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 ||
        { cat "$state/initdb.log" >&2; die "initdb failed"; }

    local attempt
    for attempt in 1 2 3; do
        PG_PORT=$(free_port)
        if as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -w -t 60 -l "$state/server.log" \
            -o "-k $state -c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200" \
            >/dev/null; then
            PG_STARTED=1
            break
        fi
        log "postgres did not start on port $PG_PORT (attempt $attempt)"
    done
    ((PG_STARTED)) || { tail -n 20 "$state/server.log" >&2 || true; die "could not start PostgreSQL"; }

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

stop_postgres() {
    ((PG_STARTED)) || return 0
    as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w >/dev/null 2>&1 || true
    PG_STARTED=0
}

# True while process group $1 has a live (non-zombie) member.
group_alive() {
    ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# Only reached while the benchmark still runs, i.e. we were interrupted.
stop_bench() {
    [[ -n "$DOTNET_PID" ]] || return 0
    log "interrupted: stopping the benchmark"
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

cleanup() {
    local rc=$?
    set +e
    stop_bench
    stop_postgres
    stop_redis
    [[ -n "$WORK" ]] && rm -rf "$WORK"
    exit "$rc"
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    local redis=0
    wants_redis "$@" && redis=1
    install_missing "$redis"
    # Under /tmp: the postgres user must traverse every parent, and the socket path stays short.
    WORK=$(mktemp -d /tmp/reception-bench.XXXXXX)
    chmod 755 "$WORK"
    start_postgres
    log "PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN), fsync=on, synchronous_commit=on"
    export RECEPTION_BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres"
    if ((redis)); then
        start_redis
        log "Redis on 127.0.0.1:$REDIS_PORT"
        export RECEPTION_BENCH_REDIS="127.0.0.1:$REDIS_PORT"
    fi
    export RECEPTION_BENCH_RESULTS="$REPO_ROOT/bench/results"   # the suite's reports

    local extra=()
    [[ -n "${CI:-}" ]] && extra+=(--disable-build-servers)

    # In the background, in its own process group, then `wait`: bash runs a trap only after a
    # foreground child ends, so Ctrl-C would otherwise leave PostgreSQL up until the run ended.
    local rc=0
    (cd "$REPO_ROOT" && exec setsid dotnet run -c Release "${extra[@]}" --project bench/Reception.Bench -- "$@") </dev/null &
    DOTNET_PID=$!
    wait "$DOTNET_PID" || rc=$?
    DOTNET_PID=""
    return "$rc"
}

main "$@"
