#!/usr/bin/env bash
# Kill -9 crash tests of the embedded store, on demand, as many cycles as you like:
#
#   tests/crash-loop.sh [cycles]      (default 400)
#
# Runs tests/Mnemo.Durability.Tests' EmbeddedCrashTests with MNEMO_CRASH_CYCLES=<cycles>, split
# over the configurations as in the normal run (7:7:6:4 for Journal Always, EverySecond,
# OperatingSystem, Snapshot-only). Each cycle starts the child (tests/Mnemo.CrashChild), kills it
# with SIGKILL 100-800 ms into its run, reopens the directory and checks it against the ledger
# of acknowledged writes; a directory carries state across up to 10 cycles. Set MNEMO_CRASH_SEED
# to repeat a run's kill moments (each configuration prints the seed it used).
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-400}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Mnemo.Durability.Tests -c Release -v quiet -nologo
MNEMO_CRASH_CYCLES=$cycles dotnet test tests/Mnemo.Durability.Tests -c Release --no-build \
    --filter "FullyQualifiedName~EmbeddedCrashTests" --logger "console;verbosity=normal"
