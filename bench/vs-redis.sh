#!/usr/bin/env bash
# Mnemo server vs redis-server, side by side on this machine, with redis-benchmark.
#
#   bench/vs-redis.sh
#
# Installs redis-server (Debian's, Redis 7) if missing, builds mnemo in Release, starts
# redis-server (no persistence) and mnemo on free loopback ports, and runs redis-benchmark
# against each in alternation, test by test, with 50 clients at -P 1 and -P 16. Prints
# throughput and p50/p99 latency for both, the ratios and their geometric means (the progress
# lines also show what each test cost mnemo in garbage collections, from INFO stats); then loads
# 1,000,000 keys with 10-byte values into a fresh instance of each and prints their resident
# memory (VmRSS). It also prints the CPU each server and redis-benchmark spent per request and,
# from those, how much server CPU the issue's targets leave and the most any server could reach on
# this machine with this client. Both servers are stopped by their PIDs on exit.
#
# Environment (defaults in brackets):
#   N1 [200000]        requests per test at -P 1
#   N16 [1000000]      requests per test at -P 16
#   CLIENTS [50]       redis-benchmark connections
#   TESTS [set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,mset]
#   WARMUP [200000]    unmeasured requests of every test per server first (-P 16, then a tenth
#                      at -P 1), then FLUSHALL: .NET compiles hot code in tiers while it runs, so
#                      a fresh mnemo's first ~100k requests of each command run slower code
#   KEYS [1000000]     keys loaded for the memory comparison (0 skips it)
#   INLINE [1]         also run mnemo with --inline-scheduling no (a third column, "pool")
#   MNEMO_ARGS []      extra options for the mnemo servers
set -euo pipefail
export LC_ALL=C # bash's time prints its seconds with the locale's decimal point
cd "$(dirname "$0")/.."

N1=${N1:-200000}
N16=${N16:-1000000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100,mset}
WARMUP=${WARMUP:-200000}
KEYS=${KEYS:-1000000}
INLINE=${INLINE:-1}
MNEMO_ARGS=${MNEMO_ARGS:-}

SCRIPT=vs-redis.sh
# shellcheck source=bench/lib/servers.sh
source bench/lib/servers.sh

echo "== build mnemo (Release)"
dotnet build src/Mnemo.Cli -c Release -v quiet -nologo >/dev/null
MNEMO=src/Mnemo.Cli/bin/Release/net10.0/mnemo

start() { # name kind [extra args]: starts a server on a free port and waits for PONG
    local name=$1 kind=$2
    shift 2
    local port
    port=$(free_port)
    if [ "$kind" = redis ]; then
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
            --logfile "$work/$name.log" "$@" &
    else
        # in memory, like the redis-server above (mnemo's default is a journal in ./data)
        # shellcheck disable=SC2086
        "$MNEMO" serve --port "$port" --appendonly no --save '' $MNEMO_ARGS "$@" >"$work/$name.log" 2>&1 &
    fi
    started "$name" "$port" || exit 1
}

# mnemo's INFO stats runtime counters: collections (gen0 counts all), gen2, pause ms, allocated bytes
gc_stats() {
    redis-cli -p "$1" INFO stats 2>/dev/null | tr -d '\r' |
        awk -F: '$1 == "gc_collections_gen0" { c = $2 } $1 == "gc_collections_gen2" { g = $2 }
                 $1 == "gc_pause_total_ms" { p = $2 } $1 == "gc_allocated_bytes" { a = $2 }
                 END { print c + 0, g + 0, p + 0, a + 0 }'
}
gc_delta() { # before after: what the test cost in garbage collections
    echo "$1 $2" | awk '{ printf "   (gc: %d collections, %d gen2, %.1f ms paused, %.1f MB allocated)", $5 - $1, $6 - $2, $7 - $3, ($8 - $4) / 1e6 }'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

servers=(redis mnemo)
[ "$INLINE" = 1 ] && servers+=(pool)

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "   $(redis-server --version | cut -d' ' -f1-3), mnemo $("$MNEMO" --version), $(date -u '+%Y-%m-%d %H:%M UTC')"

start redis redis
start mnemo mnemo
[ "$INLINE" = 1 ] && start pool mnemo --inline-scheduling no

# results: pipeline test server rps p50 p99 server-user-µs server-sys-µs client-µs (CPU per request)
TCK=$(getconf CLK_TCK)
TIMEFORMAT='%U %S'
# utime stime of a PID in clock ticks (fields 14-15 of /proc/PID/stat, counted after the command
# name's closing parenthesis); "0 0" once the process is gone
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12, $13 }' "/proc/$1/stat" 2>/dev/null || echo "0 0"; }
results="$work/results.txt"
IFS=',' read -r -a tests <<<"$TESTS"

# Warm-up, not measured, the same for every server (redis-server has nothing to warm; it is run
# anyway so both start the measurement in the same state): every test at -P 16 and at -P 1, then
# FLUSHALL empties what the warm-up wrote.
if [ "$WARMUP" -gt 0 ]; then
    echo "== warm-up: $WARMUP requests per test at -P 16 and $((WARMUP / 10)) at -P 1, per server, then FLUSHALL"
    for s in "${servers[@]}"; do
        redis-benchmark -p "${PORTS[$s]}" -c "$CLIENTS" -n "$WARMUP" -P 16 -t "$TESTS" -q >/dev/null 2>&1 || true
        redis-benchmark -p "${PORTS[$s]}" -c "$CLIENTS" -n $((WARMUP / 10)) -P 1 -t "$TESTS" -q >/dev/null 2>&1 || true
        redis-cli -p "${PORTS[$s]}" FLUSHALL >/dev/null
    done
fi
for pipeline in 1 16; do
    n=$N1
    [ "$pipeline" = 16 ] && n=$N16
    echo "== -P $pipeline, $CLIENTS clients, $n requests per test"
    i=0
    for t in "${tests[@]}"; do
        # Alternate which server goes first, so slow drifts of the machine's load even out.
        order=("${servers[@]}")
        if [ $((i % 2)) = 1 ]; then
            order=()
            for ((k = ${#servers[@]} - 1; k >= 0; k--)); do order+=("${servers[$k]}"); done
        fi
        i=$((i + 1))
        for s in "${order[@]}"; do
            [ "$s" != redis ] && before=$(gc_stats "${PORTS[$s]}")
            read -r su0 ss0 < <(cpu_ticks "${PIDS[$s]}")
            if ! { time redis-benchmark -p "${PORTS[$s]}" -c "$CLIENTS" -n "$n" -P "$pipeline" -t "$t" --csv >"$work/csv.txt" 2>"$work/err.txt"; } 2>"$work/time.txt"; then
                echo "   $s $t: redis-benchmark failed: $(tr '\n' ' ' <"$work/err.txt")" >&2
                echo "$pipeline $t $s 0 0 0 0 0 0" >>"$results"
                continue
            fi
            read -r su1 ss1 < <(cpu_ticks "${PIDS[$s]}")
            csv=$(cat "$work/csv.txt")
            # CPU per request in µs: the server's user and system time (from /proc, in clock ticks)
            # and redis-benchmark's (user + system, from bash's time)
            cpu=$(awk -v n="$n" -v tck="$TCK" -v u="$((su1 - su0))" -v sy="$((ss1 - ss0))" '
                NR == 1 { if (u + sy <= 0) { print "0 0 0"; exit }  # the server is gone: unknown
                          printf "%.3f %.3f %.3f", u * 1e6 / tck / n, sy * 1e6 / tck / n, ($1 + $2) * 1e6 / n }' "$work/time.txt")
            # The row of the test itself (lrange_100 also prints its LPUSH filler row).
            upper=$(echo "$t" | tr '[:lower:]' '[:upper:]')
            row=$(echo "$csv" | tr -d '"' | awk -F, -v t="$upper" 'index($1, t) == 1 && substr($1, length(t) + 1, 1) ~ /^( |)$/ { print $2, $5, $7; exit }')
            if ! [[ $row =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+$ ]]; then
                echo "   $s $t: no result row for $upper in redis-benchmark's output" >&2
                row="0 0 0"
            fi
            gc=""
            [ "$s" != redis ] && gc=$(gc_delta "$before" "$(gc_stats "${PORTS[$s]}")")
            read -r cpu_user cpu_sys cpu_client <<<"$cpu"
            printf '   %-11s %-7s %s  cpu µs/req server user/sys %s/%s, client %s%s\n' "$t" "$s" "$row" "$cpu_user" "$cpu_sys" "$cpu_client" "$gc"
            echo "$pipeline $t $s $row $cpu" >>"$results"
        done
    done
done
echo "== machine load average $(cut -d' ' -f1-3 /proc/loadavg) (after the throughput runs)"

echo
echo "Throughput (requests/s), p50 and p99 latency (ms); ratio = mnemo / redis (throughput: above 1 is faster;"
echo "latency: below 1 is faster). mnemo = its defaults (commands on the socket I/O threads); pool = mnemo --inline-scheduling no (thread pool)."
awk -v servers="${servers[*]}" '
    { rps[$1, $2, $3] = $4; p50[$1, $2, $3] = $5; p99[$1, $2, $3] = $6
      if (!(($1, $2) in seen)) { seen[$1, $2] = 1; order[$1, ++count[$1]] = $2 } }
    END {
        ns = split(servers, s, " ")
        for (p = 1; p <= 16; p += 15) {
            printf "\n-P %d\n", p
            printf "| test | redis rps | mnemo rps | ratio | redis p50/p99 | mnemo p50/p99 | p50 ratio | p99 ratio |"
            if (ns > 2) printf " pool rps | pool ratio | pool p50/p99 |"
            printf "\n|---|---:|---:|---:|---:|---:|---:|---:|"
            if (ns > 2) printf "---:|---:|---:|"
            printf "\n"
            logsum = 0; nlog = 0; ilogsum = 0; inlog = 0
            for (k = 1; k <= count[p]; k++) {
                t = order[p, k]
                r = rps[p, t, "redis"]; m = rps[p, t, "mnemo"]
                ratio = (r > 0 && m > 0) ? m / r : 0
                if (ratio > 0) { logsum += log(ratio); nlog++ }
                l50 = (p50[p, t, "redis"] > 0) ? p50[p, t, "mnemo"] / p50[p, t, "redis"] : 0
                l99 = (p99[p, t, "redis"] > 0) ? p99[p, t, "mnemo"] / p99[p, t, "redis"] : 0
                printf "| %s | %.0f | %.0f | %.2f | %.3f / %.3f | %.3f / %.3f | %.2f | %.2f |", t, r, m, ratio,
                    p50[p, t, "redis"], p99[p, t, "redis"], p50[p, t, "mnemo"], p99[p, t, "mnemo"], l50, l99
                if (ns > 2) {
                    im = rps[p, t, "pool"]; iratio = (r > 0 && im > 0) ? im / r : 0
                    if (iratio > 0) { ilogsum += log(iratio); inlog++ }
                    printf " %.0f | %.2f | %.3f / %.3f |", im, iratio, p50[p, t, "pool"], p99[p, t, "pool"]
                }
                printf "\n"
            }
            printf "\nGeometric mean throughput ratio at -P %d: mnemo/redis %.2f (%d tests)", p, nlog ? exp(logsum / nlog) : 0, nlog
            if (ns > 2) printf ", pool/redis %.2f", inlog ? exp(ilogsum / inlog) : 0
            printf "\n"
        }
    }' "$results"

# Where the CPU goes, and what the targets of issue 3 (1.0 at -P 1, 1.2 at -P 16) leave a server:
# redis-benchmark shares the cores with the server, so throughput is at most
# cores / (client CPU + server CPU) per request, and at most 1 / client CPU (the client is one
# thread). "budget" is the server CPU per request that reaches the target ratio with the client's
# CPU as measured in mnemo's run ("-" when the client's own thread cannot go that fast); "user
# budget" is what remains of it after mnemo's kernel time. "ceiling" is the ratio to Redis a server
# would reach with no user-space work at all, only mnemo's kernel time.
echo
echo "CPU per request (µs): server user + sys (from /proc, 10 ms ticks), redis-benchmark user + sys; $(nproc) cores."
echo "budget = cores / (target x redis rps) - client CPU: the most server CPU per request that leaves the target"
echo "reachable (- : the client's one thread cannot go that fast); user budget = budget - mnemo's sys;"
echo "ceiling = min(cores / (client + mnemo sys), 1 / client) / redis rps: a server with no user-space work."
echo "lrange tests are left out: their run includes as many LPUSHes first, so their CPU is not per LRANGE."
awk -v cores="$(nproc)" '
    NF >= 9 { rps[$1, $2, $3] = $4; su[$1, $2, $3] = $7; ss[$1, $2, $3] = $8; cl[$1, $2, $3] = $9
      if (!(($1, $2) in seen)) { seen[$1, $2] = 1; order[$1, ++count[$1]] = $2 } }
    END {
        for (p = 1; p <= 16; p += 15) {
            target = (p == 1) ? 1.0 : 1.2
            printf "\n-P %d (target %.1f)\n| test | redis user + sys | mnemo user + sys | client (redis / mnemo run) | budget | user budget | ceiling |\n|---|---:|---:|---:|---:|---:|---:|\n", p, target
            logsum = 0; nlog = 0
            for (k = 1; k <= count[p]; k++) {
                t = order[p, k]; r = rps[p, t, "redis"]; c = cl[p, t, "mnemo"]; sys = ss[p, t, "mnemo"]
                if (t ~ /^lrange/) continue
                if (r <= 0 || c <= 0) { printf "| %s | - | - | - | - | - | - |\n", t; continue }
                bound = cores * 1e6 / (c + sys); if (bound > 1e6 / c) bound = 1e6 / c
                ceiling = bound / r
                logsum += log(ceiling); nlog++
                if (1e6 / c >= target * r) { budget = sprintf("%.2f", cores * 1e6 / (target * r) - c); user = sprintf("%.2f", budget - sys) }
                else { budget = "-"; user = "-" }
                printf "| %s | %.2f + %.2f | %.2f + %.2f | %.2f / %.2f | %s | %s | %.2f |\n", t, su[p, t, "redis"], ss[p, t, "redis"],
                    su[p, t, "mnemo"], sys, cl[p, t, "redis"], c, budget, user, ceiling
            }
            printf "\nCeiling at -P %d (geometric mean): %.2f of Redis'"'"'s throughput (%d tests)\n", p, nlog ? exp(logsum / nlog) : 0, nlog
        }
    }' "$results"

if [ "$KEYS" -gt 0 ]; then
    echo
    echo "== memory: $KEYS keys (key:%012d) with 10-byte values, loaded with redis-cli --pipe into fresh servers"
    for s in "${servers[@]}"; do stop "$s"; done
    start redis redis
    start mnemo mnemo
    for s in redis mnemo; do
        empty=$(rss_kb "${PIDS[$s]}")
        out=$(awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$10\r\n%010d\r\n", i, i }' |
            redis-cli -p "${PORTS[$s]}" --pipe 2>&1 | tail -1)
        sleep 2
        loaded=$(rss_kb "${PIDS[$s]}")
        size=$(redis-cli -p "${PORTS[$s]}" DBSIZE 2>/dev/null || true)
        echo "$s $empty $loaded" >>"$work/memory.txt"
        printf '   %-6s %s; DBSIZE %s; VmRSS empty %d KiB, loaded %d KiB\n' "$s" "$out" "$size" "$empty" "$loaded"
    done
    awk -v keys="$KEYS" '{ e[$1] = $2; l[$1] = $3 }
        END {
            printf "\n| server | VmRSS empty | VmRSS with %d keys | growth | bytes per key |\n|---|---:|---:|---:|---:|\n", keys
            split("redis mnemo", names, " ")
            for (k = 1; k <= 2; k++) { s = names[k]; printf "| %s | %.1f MiB | %.1f MiB | %.1f MiB | %.0f |\n", s, e[s] / 1024, l[s] / 1024, (l[s] - e[s]) / 1024, (l[s] - e[s]) * 1024 / keys }
            printf "\nVmRSS ratio mnemo/redis with %d keys: %.2f (growth ratio %.2f)\n", keys, l["mnemo"] / l["redis"], (l["mnemo"] - e["mnemo"]) / (l["redis"] - e["redis"])
        }' "$work/memory.txt"
fi
echo
echo "== machine load average $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
