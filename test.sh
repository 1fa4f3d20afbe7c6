#!/usr/bin/env bash
# The whole test suite, from a fresh machine: restore, build, format check, every test project,
# and the README sample. Idempotent; installs what the tests need that the machine lacks
# (redis-tools from apt, the Node.js client's packages from npm).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== test dependencies (redis-cli and redis-benchmark, Node.js with ioredis)"
# The real-client tests need them; they fail (never skip) when one is missing.
apt_updated=0
apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "test.sh: $* missing and not root: install them (apt-get install $*) and rerun" >&2
        exit 1
    fi
    if [ "$apt_updated" -eq 0 ]; then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if ! command -v redis-cli >/dev/null || ! command -v redis-benchmark >/dev/null; then
    apt_install redis-tools
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
fi
redis-cli --version
echo "node $(node --version)"
(
    cd tests/clients/node
    # npm ci only when node_modules is missing or older than the lock file.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    fi
)

echo "== restore"
dotnet restore Mnemo.slnx
echo "== build"
dotnet build Mnemo.slnx -c Release --no-restore
echo "== format"
dotnet format Mnemo.slnx --verify-no-changes --no-restore
echo "== README and docs/embedded-api.md show the samples verbatim"
diff <(awk '/^```csharp$/{f=1;next} /^```$/{f=0} f' README.md) samples/Mnemo.Samples/Program.cs
diff <(awk '/^```csharp$/{f=1;next} /^```$/{f=0} f' docs/embedded-api.md) samples/Mnemo.ApiTour/Program.cs
echo "== samples (the README's example and docs/embedded-api.md)"
dotnet run -c Release --no-build --project samples/Mnemo.Samples
dotnet run -c Release --no-build --project samples/Mnemo.ApiTour
echo "== tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Mnemo.slnx -c Release --no-build --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?
# One plain summary line over all test assemblies ("N passed, N failed").
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit $status
