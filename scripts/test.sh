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

DOTNET_PID=""    # dotnet test, while it runs; leader of its own process group
SUMMARY_PRINTED=0

# Keep the .NET CLI quiet and non-interactive (CI has no stdin).
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[test.sh] %s\n' "$*" >&2; }

die() {
    log "ERROR: $*"
    exit 1   # the EXIT trap cleans up and prints the summary line
}

# PostgreSQL, Redis, the package installer and process helpers (WORK, PG_*, REDIS_*,
# CHROMIUM, NGINX; the multi-instance tests put nginx in front of two instances).
# shellcheck source=lib/servers.sh
source "$REPO_ROOT/scripts/lib/servers.sh"

# Only reached while dotnet test is still running, i.e. we were interrupted.
stop_tests() {
    [[ -n "$DOTNET_PID" ]] || return 0
    log "interrupted: stopping dotnet test"
    stop_group "$DOTNET_PID" TERM
    DOTNET_PID=""
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

    install_missing postgresql redis-server chromium nginx
    # Under /tmp, not $TMPDIR: the postgres user must be able to traverse every parent,
    # and the Unix socket path must stay under ~107 characters.
    WORK=$(mktemp -d /tmp/reception-test.XXXXXX)
    chmod 755 "$WORK"

    local t0=${EPOCHREALTIME/[.,]/} ms   # microseconds; the separator depends on the locale
    # Speed over durability: a throwaway server whose data nobody keeps.
    start_postgres "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
    start_redis
    ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
    log "PostgreSQL on 127.0.0.1:$PG_PORT ($PG_BIN), Redis on 127.0.0.1:$REDIS_PORT; up in $ms ms"

    run_tests "$@"
}

main "$@"
