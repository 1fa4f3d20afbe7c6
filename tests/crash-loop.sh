#!/usr/bin/env bash
# Kill -9 crash tests of the embedded store and of the server, on demand, as many cycles as you like:
#
#   tests/crash-loop.sh [cycles]      (default 400)
#
# Runs tests/Mnemo.Durability.Tests' EmbeddedCrashTests with MNEMO_CRASH_CYCLES=<cycles>, split
# over the configurations as in the normal run (7:7:6:4 for Journal Always, EverySecond,
# OperatingSystem, Snapshot-only). Each cycle starts the child (tests/Mnemo.CrashChild), kills it
# with SIGKILL 100-800 ms into its run, reopens the directory and checks it against the ledger
# of acknowledged writes; a directory carries state across up to 10 cycles. Set MNEMO_CRASH_SEED
# to repeat a run's kill moments (each configuration prints the seed it used).
#
# Then ServerCrashTests with the same MNEMO_CRASH_CYCLES: as many cycles again, a third per
# appendfsync mode (always, everysec, no). Each cycle runs the RESP writers against a real
# `mnemo serve` (with a BGSAVE/BGREWRITEAOF loop in every other cycle), kills it with SIGKILL
# 150-900 ms in, restarts it on the same directory and checks it over RESP against the ledger.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-400}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Mnemo.Durability.Tests -c Release -v quiet -nologo
MNEMO_CRASH_CYCLES=$cycles dotnet test tests/Mnemo.Durability.Tests -c Release --no-build \
    --filter "FullyQualifiedName~EmbeddedCrashTests|FullyQualifiedName~ServerCrashTests" --logger "console;verbosity=normal"
