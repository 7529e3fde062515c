#!/usr/bin/env bash
# Instructions per line on LogPipe's reader thread, counted by callgrind: the same to a few thousandths of a percent
# from run to run, where wall and CPU times on a shared VM move by 10% or more. For comparing two builds of the per-line
# path; it counts instructions, not cache misses, so confirm a gain end to end (bench/README.md).
#
# usage: bench/instructions.sh [BINARY...]    without arguments, publishes the native binary of the working tree
# needs: valgrind (Debian: apt-get install valgrind), bench/data/access-2m.log (bench/throughput.sh generates it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly LINES=200000
readonly DATA=bench/data/access-2m.log

command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is missing (Debian: apt-get install valgrind)" >&2; exit 1; }
[[ -s $DATA ]] || { echo "instructions.sh: $DATA is missing: run bench/throughput.sh once" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/logpipe-instructions.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
head -n "$LINES" "$DATA" >"$WORK/slice.log"

binaries=("$@")
if ((${#binaries[@]} == 0)); then
    echo "== publishing the native binary" >&2
    dotnet publish LogPipe/LogPipe.csproj -c Release -r linux-x64 -p:PublishAot=true --nologo -o "$WORK/native" >"$WORK/build.log" 2>&1 \
        || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
    binaries=("$WORK/native/logpipe")
fi

for binary in "${binaries[@]}"; do
    # Alone in a folder: valgrind 3.19 gives up on the DWARF 5 of the logpipe.dbg that sits next to a published binary.
    run=$(mktemp -d "$WORK/run.XXXXXX")
    cp "$binary" "$run/logpipe"

    # --dry-run with an hour's flush interval: nothing is flushed before the end, so no thread's share depends on timing.
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$run/callgrind.%p" \
        "$run/logpipe" --dry-run --no-supervisor --flush-interval 1h <"$WORK/slice.log" >/dev/null 2>"$run/valgrind.log" \
        || { tail -n 20 "$run/valgrind.log" >&2; exit 1; }

    # The reader is the thread that runs the most instructions.
    reader=$(for profile in "$run"/callgrind.*-*; do awk '/^summary:/ { print $2; exit }' "$profile"; done | sort -n | tail -n 1)
    printf '%s: %d instructions per line on the reader thread (%d over %d lines)\n' \
        "$binary" "$((reader / LINES))" "$reader" "$LINES"
done
