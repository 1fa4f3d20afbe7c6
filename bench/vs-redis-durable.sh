#!/usr/bin/env bash
# Mnemo server vs redis-server 7 with their journals on (AOF), side by side, with redis-benchmark.
#
#   bench/vs-redis-durable.sh
#
# Starts, on free loopback ports, each with its own temporary data directory:
#   redis-memory     redis-server --appendonly no --save ''
#   redis-everysec   redis-server --appendonly yes --appendfsync everysec --save ''
#   redis-always     redis-server --appendonly yes --appendfsync always --save ''
#   mnemo-memory     mnemo serve --appendonly no --save ""
#   mnemo-everysec   mnemo serve --appendonly yes --appendfsync everysec --save "" --dir <tmp>
#   mnemo-always     mnemo serve --appendonly yes --appendfsync always --save "" --dir <tmp>
# warms each up, and runs redis-benchmark SET (CLIENTS connections, random keys from KEYSPACE, VALUE-byte values)
# against each in turn at -P 1 and -P 16, alternating the order between rounds. Prints
# throughput, p50/p99 and the server's CPU time per request (user + system, from /proc; steadier than
# throughput on a shared machine) per server and the ratios the targets of issue 4 name: Mnemo everysec
# vs Mnemo without persistence (target >= 0.8), Mnemo vs Redis at the same fsync setting
# (target >= 1). Stops every server it started by its PID on exit.
#
# Environment (defaults in brackets):
#   N1 [200000]  N16 [1000000]  requests per run at -P 1 / -P 16
#   CLIENTS [50]  KEYSPACE [1000000]  VALUE [3]  ROUNDS [2] (the best round counts)
#   WARMUP [300000]  unmeasured requests per server first (-P 16, then a tenth at -P 1): JIT tiers
#   SERVERS [redis-memory redis-everysec redis-always mnemo-memory mnemo-everysec mnemo-always]
#   PIPELINES [1 16]
#   MNEMO [built from this checkout]  another mnemo executable (e.g. an older build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."

N1=${N1:-200000}
N16=${N16:-1000000}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-1000000}
VALUE=${VALUE:-3}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-300000}
read -r -a servers <<<"${SERVERS:-redis-memory redis-everysec redis-always mnemo-memory mnemo-everysec mnemo-always}"
read -r -a pipelines <<<"${PIPELINES:-1 16}"

SCRIPT=vs-redis-durable.sh
# shellcheck source=bench/lib/servers.sh
source bench/lib/servers.sh

if [ -z "${MNEMO:-}" ]; then
    echo "== build mnemo (Release)"
    dotnet build src/Mnemo.Cli -c Release -v quiet -nologo >/dev/null
    MNEMO=src/Mnemo.Cli/bin/Release/net10.0/mnemo
fi

start() { # name: starts that configuration on a free port and waits for PONG
    local name=$1 port dir
    port=$(free_port)
    dir="$work/$name"
    mkdir -p "$dir"
    case $name in
        redis-memory) redis-server --port "$port" --bind 127.0.0.1 --daemonize no --dir "$dir" --logfile "$work/$name.log" \
            --appendonly no --save '' & ;;
        redis-everysec) redis-server --port "$port" --bind 127.0.0.1 --daemonize no --dir "$dir" --logfile "$work/$name.log" \
            --appendonly yes --appendfsync everysec --save '' & ;;
        redis-always) redis-server --port "$port" --bind 127.0.0.1 --daemonize no --dir "$dir" --logfile "$work/$name.log" \
            --appendonly yes --appendfsync always --save '' & ;;
        mnemo-memory) "$MNEMO" serve --port "$port" --appendonly no --save "" >"$work/$name.log" 2>&1 & ;;
        mnemo-everysec) "$MNEMO" serve --port "$port" --appendonly yes --appendfsync everysec --save "" --dir "$dir" >"$work/$name.log" 2>&1 & ;;
        mnemo-always) "$MNEMO" serve --port "$port" --appendonly yes --appendfsync always --save "" --dir "$dir" >"$work/$name.log" 2>&1 & ;;
        *) echo "vs-redis-durable.sh: unknown server $name" >&2; exit 2 ;;
    esac
    started "$name" "$port" || exit 1
}

HZ=$(getconf CLK_TCK)
cpu_ticks() { # name: user + system CPU ticks the server has used so far
    awk '{ print $14 + $15 }' "/proc/${PIDS[$1]}/stat"
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "   $(redis-server --version | cut -d' ' -f1-3), mnemo $("$MNEMO" --version), $(date -u '+%Y-%m-%d %H:%M UTC')"
for s in "${servers[@]}"; do start "$s"; done
# Warm-up, not measured: .NET compiles hot code in tiers while it runs, so the first hundred
# thousand requests of a fresh mnemo run slower code; every server gets the same warm-up.
for s in "${servers[@]}"; do
    redis-benchmark -p "${PORTS[$s]}" -c "$CLIENTS" -n "$WARMUP" -P 16 -r "$KEYSPACE" -d "$VALUE" -t set -q >/dev/null 2>&1 || true
    redis-benchmark -p "${PORTS[$s]}" -c "$CLIENTS" -n $((WARMUP / 10)) -P 1 -r "$KEYSPACE" -d "$VALUE" -t set -q >/dev/null 2>&1 || true
done

results="$work/results.txt"
for pipeline in "${pipelines[@]}"; do
    n=$N1
    [ "$pipeline" = 16 ] && n=$N16
    echo "== SET, -P $pipeline, $CLIENTS clients, $n requests, keyspace $KEYSPACE, $VALUE-byte values"
    for round in $(seq 1 "$ROUNDS"); do
        order=("${servers[@]}")
        if [ $((round % 2)) = 0 ]; then
            order=()
            for ((k = ${#servers[@]} - 1; k >= 0; k--)); do order+=("${servers[$k]}"); done
        fi
        for s in "${order[@]}"; do
            cpu0=$(cpu_ticks "$s")
            csv=$(redis-benchmark -p "${PORTS[$s]}" -c "$CLIENTS" -n "$n" -P "$pipeline" -r "$KEYSPACE" -d "$VALUE" -t set --csv 2>"$work/err.txt") || {
                echo "   $s: redis-benchmark failed: $(tr '\n' ' ' <"$work/err.txt")" >&2
                continue
            }
            cpu1=$(cpu_ticks "$s")
            row=$(echo "$csv" | tr -d '"' | awk -F, '$1 == "SET" { print $2, $5, $7; exit }')
            us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
            printf '   round %d %-15s %s  cpu %s us/request\n' "$round" "$s" "$row" "$us"
            echo "$pipeline $s $row $us" >>"$results"
        done
    done
done
echo "== machine load average $(cut -d' ' -f1-3 /proc/loadavg) (after)"

awk -v servers="${servers[*]}" '
    # best round per pipeline and server (highest throughput; its latencies with it); CPU per request: mean of the rounds
    { if ($3 > rps[$1, $2]) { rps[$1, $2] = $3; p50[$1, $2] = $4; p99[$1, $2] = $5 }; cpu[$1, $2] += $6; rounds[$1, $2]++ }
    function meancpu(p, a) { return rounds[p, a] ? cpu[p, a] / rounds[p, a] : 0 }
    function cpudiff(p, a, b) { return (meancpu(p, a) > 0 && meancpu(p, b) > 0) ? sprintf("%.2f", meancpu(p, a) - meancpu(p, b)) : "n/a" }
    function cpuratio(p, a, b) { return (meancpu(p, a) > 0 && meancpu(p, b) > 0) ? sprintf("%.2f", meancpu(p, a) / meancpu(p, b)) : "n/a" }
    function ratio(p, a, b) { return (rps[p, a] > 0 && rps[p, b] > 0) ? sprintf("%.2f", rps[p, a] / rps[p, b]) : "n/a" }
    END {
        ns = split(servers, s, " ")
        for (p = 1; p <= 16; p += 15) {
            printf "\nSET -P %d (best of the rounds; server CPU per request: mean of the rounds)\n| server | requests/s | p50 ms | p99 ms | CPU us/request |\n|---|---:|---:|---:|---:|\n", p
            for (k = 1; k <= ns; k++) printf "| %s | %.0f | %.3f | %.3f | %.2f |\n", s[k], rps[p, s[k]], p50[p, s[k]], p99[p, s[k]], rounds[p, s[k]] ? cpu[p, s[k]] / rounds[p, s[k]] : 0
            printf "\nratios -P %d: mnemo everysec/memory %s (target >= 0.8), mnemo always/memory %s, ", p, ratio(p, "mnemo-everysec", "mnemo-memory"), ratio(p, "mnemo-always", "mnemo-memory")
            printf "mnemo/redis everysec %s (target >= 1), mnemo/redis always %s, mnemo/redis memory %s, ", ratio(p, "mnemo-everysec", "redis-everysec"), ratio(p, "mnemo-always", "redis-always"), ratio(p, "mnemo-memory", "redis-memory")
            printf "redis everysec/memory %s, redis always/memory %s\n", ratio(p, "redis-everysec", "redis-memory"), ratio(p, "redis-always", "redis-memory")
            printf "CPU per request -P %d: journal everysec (everysec - memory) mnemo %s us, redis %s us; mnemo/redis everysec %s, memory %s\n", p, cpudiff(p, "mnemo-everysec", "mnemo-memory"), cpudiff(p, "redis-everysec", "redis-memory"), cpuratio(p, "mnemo-everysec", "redis-everysec"), cpuratio(p, "mnemo-memory", "redis-memory")
        }
    }' "$results"
