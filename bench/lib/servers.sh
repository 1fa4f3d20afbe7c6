# Shared by bench/vs-redis.sh and bench/vs-redis-durable.sh (sourced, not run): redis-server and
# redis-tools on demand, a work directory, free loopback ports, servers tracked by the PIDs this
# script started and stopped on exit (SIGTERM, then SIGKILL if one lingers).
#
# The sourcing script sets SCRIPT (its name, for messages) first.

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "$SCRIPT: redis-server/redis-tools missing and not root: apt-get install redis-server redis-tools" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
fi

work=$(mktemp -d)
declare -A PIDS=() PORTS=()

stop() { # name: SIGTERM to the PID this script started, then SIGKILL if it lingers
    local pid=${PIDS[$1]:-}
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PIDS[$1]"
}
cleanup() {
    for name in "${!PIDS[@]}"; do stop "$name"; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a loopback port nobody listens on, below the kernel's ephemeral range
    # (ip_local_port_range, 32768-60999 here): a port in that range can be the local end of a
    # client connection, or linger in TIME_WAIT, and then a server cannot bind it
    local port
    while true; do
        port=$((10000 + RANDOM % 22000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

started() { # name port: records the server just started in the background and waits for PONG
    local name=$1 port=$2
    PIDS[$name]=$!
    PORTS[$name]=$port
    for _ in $(seq 1 300); do
        [ "$(redis-cli -p "$port" PING 2>/dev/null)" = PONG ] && return 0
        kill -0 "${PIDS[$name]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "$SCRIPT: $name did not start on port $port; its log:" >&2
    cat "$work/$name.log" >&2
    return 1
}
