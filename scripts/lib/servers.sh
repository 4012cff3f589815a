# Shared by scripts/test.sh, scripts/bench.sh and scripts/soak.sh: installing what is missing,
# and starting and stopping a throwaway PostgreSQL and Redis on free loopback ports.
# Source it after defining log() and die(). State lives in these globals, so that cleanup
# knows exactly what is ours (nothing here touches a system service or a process it did not
# start):
WORK="${WORK:-}"        # temp root, made by the caller under /tmp
PG_BIN=""
PG_DATA=""
PG_PORT=""
PG_STARTED=0
REDIS_PORT=""
REDIS_PIDFILE=""

CHROMIUM=/usr/bin/chromium
NGINX=/usr/sbin/nginx

# Prints the newest /usr/lib/postgresql/<version>/bin that has a server in it, or nothing.
# Debian does not put initdb/pg_ctl on PATH, so PATH is never consulted.
find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" ]] && echo "$dir"
    done | sort -V | tail -n 1
}

# True when Debian package $1 (one of postgresql, redis-server, chromium, nginx) is usable.
have_package() {
    case "$1" in
        postgresql) [[ -n "$(find_pg_bin)" ]] ;;
        redis-server) command -v redis-server >/dev/null 2>&1 ;;
        chromium) [[ -x "$CHROMIUM" ]] ;;
        nginx) [[ -x "$NGINX" ]] ;;
        *) die "unknown package $1" ;;
    esac
}

# apt-installs whichever of the named packages is missing; does nothing (not even
# apt-get update) when all are there.
install_missing() {
    local missing=() package
    for package in "$@"; do
        have_package "$package" || missing+=("$package")
    done
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
    for package in "${missing[@]}"; do
        have_package "$package" || die "$package was installed but is still not usable"
    done
}

# A port in 20000-32767 (below Linux's ephemeral range, so outgoing connections don't
# grab it) that nothing listens on right now.
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

# Runs a PostgreSQL tool as the postgres user (the server refuses to run as root),
# from a directory it can read, so it does not complain about our cwd.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$WORK" && runuser -u postgres -- "$@")
    else
        (cd "$WORK" && "$@")   # a developer running as themselves owns everything already
    fi
}

# Starts PostgreSQL under $WORK/pg on a free port; "$1" holds extra server options
# (e.g. "-c fsync=off -c max_connections=400").
start_postgres() {
    local options=$1
    PG_BIN=$(find_pg_bin)
    local state="$WORK/pg"
    mkdir -p "$state"
    chmod 755 "$state"
    [[ $EUID -eq 0 ]] && chown postgres: "$state"
    PG_DATA="$state/data"

    # --no-sync only skips syncing initdb's own files.
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-sync \
        -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 ||
        { cat "$state/initdb.log" >&2; die "initdb failed"; }

    # The port is checked free just before use; if something grabs it in between,
    # start-up fails and we simply try another one.
    local attempt
    for attempt in 1 2 3; do
        PG_PORT=$(free_port)
        if as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -w -t 60 -l "$state/server.log" \
            -o "-k $state -c listen_addresses=127.0.0.1 -p $PG_PORT $options" >/dev/null; then
            PG_STARTED=1
            break
        fi
        log "postgres did not start on port $PG_PORT (attempt $attempt)"
    done
    ((PG_STARTED)) || { tail -n 20 "$state/server.log" >&2 || true; die "could not start PostgreSQL"; }

    # pg_ctl -w already waited; this confirms it answers over TCP, as the clients will use it.
    local i
    for ((i = 0; i < 100; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && return 0
        sleep 0.1
    done
    die "PostgreSQL started but does not accept connections on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
    ((PG_STARTED)) || return 0
    as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w >/dev/null 2>&1 || true
    PG_STARTED=0
}

# Starts a Redis without persistence under $WORK/redis on a free port.
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

# True while process group $1 has a live (non-zombie) member.
group_alive() {
    ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# Stops process group $1 (a child started with setsid): signal $2 (TERM or INT) first,
# KILL after $3 seconds (default 5), then reaps the child.
stop_group() {
    local pgid=$1 signal=${2:-TERM} seconds=${3:-5} i
    kill "-$signal" -- "-$pgid" 2>/dev/null || kill "-$signal" "$pgid" 2>/dev/null || true
    for ((i = 0; i < seconds * 10; i++)); do
        group_alive "$pgid" || break
        sleep 0.1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
    wait "$pgid" 2>/dev/null || true
}
