#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit, integration (real redis-server)
# and end-to-end (the real binary, a real Apache httpd, tmux as the terminal of logpipe top). Ends with one line: "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh redis-server apache2 curl tmux >&2

configuration="${CONFIGURATION:-Release}"
dotnet restore LogPipe.sln >&2
dotnet build LogPipe.sln -c "$configuration" --no-restore >&2

# The process-level tests run the native binary, the one the README installs: it starts in milliseconds,
# which matters when Apache signals a logger that is still starting. LOGPIPE_BINARY=jit keeps the JIT build.
if [ "${LOGPIPE_BINARY:-}" = "jit" ]; then
  unset LOGPIPE_BINARY
elif [ -z "${LOGPIPE_BINARY:-}" ]; then
  dotnet publish LogPipe/LogPipe.csproj -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native -nologo -v quiet >&2
  export LOGPIPE_BINARY="$PWD/artifacts/native/logpipe"
fi

output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
dotnet test LogPipe.Tests -c "$configuration" --no-build "$@" 2>&1 | tee "$output" || status=$?

# vstest prints one "Failed: a, Passed: b, Skipped: c" summary per test assembly; add them up.
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$output" \
  | awk -F'[:,] +' '{failed += $2; passed += $4; skipped += $6}
      END {
        if (NR == 0) exit 1
        line = passed " passed, " failed " failed"
        if (skipped > 0) line = line ", " skipped " skipped"
        print line
      }') || { echo "0 passed, 1 failed"; exit 1; }
echo "$summary"
exit "$status"
