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

die() {
    log "ERROR: $*"
    exit 1
}

# The package installer and process helpers; the soak starts its own servers.
# shellcheck source=lib/servers.sh
source "$REPO_ROOT/scripts/lib/servers.sh"

# Only the soak's own process group: it in turn stops the servers it started.
cleanup() {
    local rc=$?
    [[ -n "$SOAK_PID" ]] && stop_group "$SOAK_PID" INT 10
    exit "$rc"
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    install_missing postgresql redis-server
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
