#!/usr/bin/env bash
# The real-process soak of issue #9:   bash scripts/soak.sh [--seconds 60] [--seed 1] [--desks 6] [--settle 90]
#
#   bash scripts/soak.sh --seconds 60 --seed 1          # the fixed-seed run the test suite also makes
#   bash scripts/soak.sh --seconds 3600 --seed 42       # the long run (see bench/Reception.Soak/README.md)
#
# What it does:
#   1. installs PostgreSQL and Redis with apt when they are missing (as scripts/test.sh does);
#   2. builds the solution in Release;
#   3. runs bench/Reception.Soak, which starts its own throwaway PostgreSQL (initdb under /tmp,
#      as the postgres user via runuser when root), its own redis-server and two Reception.Web.dll
#      instances on free loopback ports, stops and starts them as faults, and stops all of them at
#      the end (also on Ctrl-C: it runs in a process group of its own, killed by the trap);
#   4. passes on the soak's exit code: 0 only with 0 violations.
# The last line is the soak's own: `soak: A actions, F faults, V violations (seed S)`.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
SOAK_PID=""

log() { printf '[soak.sh] %s\n' "$*" >&2; }

find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
    done | sort -V | tail -n 1
}

install_missing() {
    local missing=()
    [[ -n "$(find_pg_bin)" ]] || missing+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
    ((${#missing[@]} == 0)) && return 0
    [[ $EUID -eq 0 ]] || { log "missing packages: ${missing[*]}; install them as root"; exit 1; }
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q -y -o DPkg::Lock::Timeout=300 update </dev/null >/dev/null
    apt-get -q -y -o DPkg::Lock::Timeout=300 install "${missing[@]}" </dev/null >/dev/null
}

# Only the soak's own process group: it in turn stops the servers it started.
cleanup() {
    local rc=$?
    if [[ -n "$SOAK_PID" ]]; then
        kill -INT -- "-$SOAK_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SOAK_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$SOAK_PID" 2>/dev/null || true
    fi
    exit "$rc"
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    install_missing
    log "building (Release)"
    (cd "$REPO_ROOT" && dotnet build Reception.sln -c Release -v quiet -nologo </dev/null >/dev/null) ||
        { log "build failed: run dotnet build Reception.sln -c Release to see why"; exit 1; }
    local rc=0
    (cd "$REPO_ROOT" && exec setsid dotnet bench/Reception.Soak/bin/Release/net10.0/Reception.Soak.dll "$@") </dev/null &
    SOAK_PID=$!
    wait "$SOAK_PID" || rc=$?
    SOAK_PID=""
    return "$rc"
}

main "$@"
