#!/usr/bin/env bash
# The benchmarks:   bash scripts/bench.sh [--actions N] [--desks D] [--rounds R] [--profile]
#                   bash scripts/bench.sh --scenario fanout [--pushes N] [--short]
#                   bash scripts/bench.sh --scenario suite [--short] [--only NAME,NAME]
#                   bash scripts/bench.sh --scenario status [--short]
#
#   bash scripts/bench.sh                     # the apply pipeline: 2000 actions per run, one desk
#   bash scripts/bench.sh --actions 1000 --desks 4
#   bash scripts/bench.sh --scenario fanout   # the hub's broadcast latency, one and two instances
#   bash scripts/bench.sh --scenario suite    # every scenario; report in bench/results/<date-time>/
#   bash scripts/bench.sh --scenario status   # 1,000 visitors' status pages on one instance (the suite's status scenario)
#
# What it does, in order:
#   1. installs PostgreSQL (and, for --scenario fanout, Redis; for --scenario suite, Redis and
#      Chromium, whose path goes in RECEPTION_TEST_CHROMIUM as for the tests) with apt when missing;
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

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

DOTNET_PID=""    # dotnet run, while it runs; leader of its own process group

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[bench.sh] %s\n' "$*" >&2; }

die() {
    log "ERROR: $*"
    exit 1
}

# PostgreSQL, Redis, the package installer and process helpers (WORK, PG_*, REDIS_*).
# shellcheck source=lib/servers.sh
source "$REPO_ROOT/scripts/lib/servers.sh"

# True when the arguments ask for a scenario that needs Redis (fanout, suite; status, which runs as the suite does).
wants_redis() {
    local previous="" arg
    for arg in "$@"; do
        [[ "$previous" == --scenario && ( "$arg" == fanout || "$arg" == suite || "$arg" == status ) ]] && return 0
        previous=$arg
    done
    return 1
}

# True when the arguments ask for the suite, whose desk scenario drives Chromium.
wants_chromium() {
    local previous="" arg
    for arg in "$@"; do
        [[ "$previous" == --scenario && "$arg" == suite ]] && return 0
        previous=$arg
    done
    return 1
}

# Only reached while the benchmark still runs, i.e. we were interrupted.
stop_bench() {
    [[ -n "$DOTNET_PID" ]] || return 0
    log "interrupted: stopping the benchmark"
    stop_group "$DOTNET_PID" TERM
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

    local redis=0 packages=(postgresql)
    wants_redis "$@" && redis=1 && packages+=(redis-server)
    wants_chromium "$@" && packages+=(chromium) && export RECEPTION_TEST_CHROMIUM="$CHROMIUM"
    install_missing "${packages[@]}"
    # Under /tmp: the postgres user must traverse every parent, and the socket path stays short.
    WORK=$(mktemp -d /tmp/reception-bench.XXXXXX)
    chmod 755 "$WORK"
    # Durability on: the targets are measured against durable commits.
    start_postgres "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=400 -c shared_preload_libraries=pg_stat_statements"
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
