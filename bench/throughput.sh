#!/usr/bin/env bash
# End-to-end throughput, CPU, peak memory and start-up of LogPipe, side by side with cat, `cat | wc -l`, the 2009
# Python counter (one round trip per line), the same logic aggregated and pipelined, and GoAccess. Every LogPipe run
# into Redis is checked key by key against LogGen's expected counts, and a mismatch stops the script.
#
# usage: bench/throughput.sh         ROUNDS=3 bench/throughput.sh for a quicker look (default 5; medians are reported)
#        BASELINE=/path/to/older/logpipe bench/throughput.sh   adds a row for an older native build (its defaults, no
#        options), to show a change costs nothing: e.g. the release before the reports, against --reports none
# needs: dotnet, redis-server, redis-cli, python3 with the redis module, goaccess, hyperfine, strace, GNU time
#        (Debian: apt-get install redis-server python3-redis goaccess hyperfine strace time)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly ROUNDS=${ROUNDS:-5}
readonly SLOW_ROUNDS=$((ROUNDS < 3 ? ROUNDS : 3))
readonly LINES=2000000
readonly DATA=bench/data/access-2m.log
readonly EXPECTED=bench/data/access-2m.expected
readonly EXPECTED_ALL=bench/data/access-2m.expected-count-all
readonly EXPECTED_REPORTS=bench/data/access-2m.expected-reports.json

# 10,000 paths over 7 days give about 65,000 distinct (day, path) keys; LogGen's defaults add 15% bots and 2% odd lines.
readonly GENERATOR_ARGS=(--days 7 --paths 10000 --seed 42)

# Memory must not grow with lines: the same days and paths, three times the lines (about 70,000 keys, as the
# rarest paths get their first hits). A log that moves forward in time, as Apache writes it.
readonly LONG_LINES=$((3 * LINES))
readonly LONG_DATA=bench/data/access-6m.log
readonly LONG_EXPECTED=bench/data/access-6m.expected
readonly LONG_EXPECTED_ALL=bench/data/access-6m.expected-count-all
readonly LONG_EXPECTED_REPORTS=bench/data/access-6m.expected-reports.json

# LogGen's site, whose own referers are no referrers, and its days (November 2026) kept whatever the date of the run.
readonly REPORT_OPTIONS=(--site-host www.example.com --keep-days 3650)

# The 2009 counter makes one round trip per line: a slice is enough to know its rate.
readonly SLICE_LINES=20000

# The targets of the throughput issue.
readonly TARGET_LINES_PER_SECOND=3000000
readonly TARGET_RATIO_TO_WC=0.5
readonly TARGET_CPU_SECONDS_PER_MILLION=0.3
readonly TARGET_PEAK_RSS_MB=80
readonly TARGET_STARTUP_MS=50

# The page-view rule may cost at most this share of --count-all's rate, in the same run.
readonly TARGET_RULE_RATIO_TO_COUNT_ALL=0.9

# The reports issue: every report on, into Redis.
readonly TARGET_REPORTS_LINES_PER_SECOND=2000000
readonly TARGET_REPORTS_RATIO_TO_WC=0.35
readonly TARGET_REPORTS_CPU_SECONDS_PER_MILLION=0.4
readonly TARGET_REPORTS_REDIS_CPU_SECONDS_PER_MILLION=0.35

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

die() {
    echo "throughput.sh: $*" >&2
    exit 1
}

note() {
    echo "== $*" >&2
}

for tool in dotnet redis-server redis-cli goaccess hyperfine strace; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install redis-server goaccess hyperfine strace)"
done
[[ -x /usr/bin/time ]] || die "GNU time is missing (Debian: apt-get install time)"

# A python3 earlier in PATH (pyenv, a venv) may lack the redis module that Debian's python3-redis gives /usr/bin/python3.
PYTHON=
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import redis' 2>/dev/null; then
        PYTHON=$(command -v "$candidate")
        break
    fi
done
[[ -n $PYTHON ]] || die "no python3 with the redis module (Debian: apt-get install python3-redis)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/logpipe-throughput.XXXXXX")
REDIS_PID=
cleanup() {
    if [[ -n $REDIS_PID ]]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- Input -----------------------------------------------------------------------------------------------------------

generate() {
    local lines=$1 data=$2 expected=$3 expected_all=$4 expected_reports=$5
    if [[ ! -s $data || ! -s $expected || ! -s $expected_all || ! -s $expected_reports ]]; then
        note "generating $data"
        mkdir -p bench/data
        dotnet run -c Release --project bench/LogGen -- --lines "$lines" "${GENERATOR_ARGS[@]}" --output "$data.tmp" \
            --expected "$expected.tmp" --expected-count-all "$expected_all.tmp" --expected-reports "$expected_reports.tmp"
        mv "$expected.tmp" "$expected"
        mv "$expected_all.tmp" "$expected_all"
        mv "$expected_reports.tmp" "$expected_reports"
        mv "$data.tmp" "$data"
    fi
    [[ $(wc -l <"$data") -eq $lines ]] || die "$data does not have $lines lines: delete it and run again"
}

generate "$LINES" "$DATA" "$EXPECTED" "$EXPECTED_ALL" "$EXPECTED_REPORTS"
generate "$LONG_LINES" "$LONG_DATA" "$LONG_EXPECTED" "$LONG_EXPECTED_ALL" "$LONG_EXPECTED_REPORTS"
head -n "$SLICE_LINES" "$DATA" >"$WORK/slice.log"

# --- Builds ----------------------------------------------------------------------------------------------------------

build() {
    local name=$1
    shift
    note "building $name"
    if ! dotnet publish LogPipe/LogPipe.csproj -c Release --nologo "$@" >"$WORK/$name-build.log" 2>&1; then
        tail -n 30 "$WORK/$name-build.log" >&2
        die "the $name build failed"
    fi
    if grep -qE ': warning [A-Z]+[0-9]+' "$WORK/$name-build.log"; then
        grep -E ': warning [A-Z]+[0-9]+' "$WORK/$name-build.log" | sort -u >&2
        die "the $name build has warnings"
    fi
}

build jit -o "$WORK/jit"
build native -r linux-x64 -p:PublishAot=true -o "$WORK/native"
readonly JIT=$WORK/jit/logpipe
readonly NATIVE=$WORK/native/logpipe
"$NATIVE" --help >/dev/null || die "the native binary does not run"

# The default native build runs on any x86-64-v2 CPU; with AVX2 and BMI2 (x86-64-v3) searches use 32-byte vectors.
NATIVE_V3=
if grep -qw avx2 /proc/cpuinfo && grep -qw bmi2 /proc/cpuinfo; then
    build native-v3 -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=x86-64-v3 -o "$WORK/native-v3"
    NATIVE_V3=$WORK/native-v3/logpipe
fi

# --- Redis -----------------------------------------------------------------------------------------------------------

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --logfile "$WORK/redis.log" &
REDIS_PID=$!
deadline=$((SECONDS + 10))
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "redis-server did not answer on port $PORT within 10 s"
    kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server exited: $(tail -n 5 "$WORK/redis.log")"
    sleep 0.05
done
flush_redis() {
    redis-cli -p "$PORT" flushdb >/dev/null
}

# CPU seconds redis-server has used so far (user + sys, from /proc), to charge each run with the work it gave Redis.
readonly CLOCK_TICKS=$(getconf CLK_TCK)
redis_cpu() {
    awk -v hz="$CLOCK_TICKS" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$REDIS_PID/stat"
}

# --- Measurement -----------------------------------------------------------------------------------------------------

# Each sample is "wall_seconds cpu_seconds peak_rss_kb pipeline_cpu_seconds redis_cpu_seconds", appended to
# $WORK/<row>.samples. The first three are the measured process's (and the children it waited for). The pipeline's CPU
# adds what the run cost the processes feeding it (cat) and serving it (redis-server): on a machine with few cores they
# all compete for the same CPUs, so their sum bounds how fast the run can be.
# The wall time is the shell's microsecond clock around the whole run (start_clock, then record right after it): GNU
# time's %e counts in 10 ms, 1.5% of a LogPipe run. CPU and memory come from GNU time (%U %S %M).
readonly TIME_FORMAT='%U %S %M'
start_clock() { CLOCK_START=${EPOCHREALTIME/[^0-9]/.}; }
record() {
    local wall
    wall=$(awk -v start="$CLOCK_START" -v end="${EPOCHREALTIME/[^0-9]/.}" 'BEGIN { printf "%.4f", end - start }')
    local row=$1 timefile=$2 feeder_timefile=${3:-} redis_before=${4:-}
    local feeder_cpu=0 redis_used=0
    if [[ -n $feeder_timefile ]]; then
        feeder_cpu=$(awk '{ print $1 + $2 }' "$feeder_timefile")
    fi
    if [[ -n $redis_before ]]; then
        redis_used=$(awk -v a="$redis_before" -v b="$(redis_cpu)" 'BEGIN { print b - a }')
    fi
    awk -v wall="$wall" -v feeder="$feeder_cpu" -v redis="$redis_used" \
        '{ printf "%s %.3f %s %.3f %.3f\n", wall, $1 + $2, $3, $1 + $2 + feeder + redis, redis }' "$timefile" >>"$WORK/$row.samples"
}

run_cat() {
    start_clock
    /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" cat "$DATA" >/dev/null
    record cat "$WORK/t"
}

run_wc() {
    start_clock
    /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" sh -c 'cat "$1" | wc -l >/dev/null' sh "$DATA"
    record wc "$WORK/t"
}

# LogPipe from a pipe into Redis, as Apache would feed it; the time is LogPipe's (supervisor and worker), not cat's.
# The page keys are checked against the expected counts, and the reports against the expected reports unless that
# argument is "-"; options after the fifth argument go to LogPipe.
run_logpipe() {
    local row=$1 binary=$2 data=$3 expected=$4 expected_reports=$5
    shift 5
    flush_redis
    local redis_before
    redis_before=$(redis_cpu)
    start_clock
    if ! /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/cat.t" cat "$data" \
        | /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" "$binary" --redis "127.0.0.1:$PORT" "$@" 2>"$WORK/$row.stderr"; then
        tail -n 20 "$WORK/$row.stderr" >&2
        die "$row failed"
    fi
    record "$row" "$WORK/t" "$WORK/cat.t" "$redis_before"
    "$PYTHON" bench/python/verify_counts.py "$PORT" "$expected" >"$WORK/verify.out" \
        || die "$row: Redis does not hold the expected counts (see above)"
    if [[ $expected_reports != - ]]; then
        "$PYTHON" bench/python/verify_reports.py "$PORT" "$expected_reports" >"$WORK/verify.out" \
            || die "$row: Redis does not hold the expected reports (see above)"
    fi
}

run_dry_run() {
    start_clock
    /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/cat.t" cat "$DATA" \
        | /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" "$NATIVE" --dry-run "${REPORT_OPTIONS[@]}" >/dev/null 2>"$WORK/dry-run.stderr"
    record dry-run "$WORK/t" "$WORK/cat.t"
}

run_python_2009() {
    flush_redis
    local redis_before
    redis_before=$(redis_cpu)
    start_clock
    /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" "$PYTHON" bench/python/redis_2009.py "$PORT" <"$WORK/slice.log"
    record python-2009 "$WORK/t" "" "$redis_before"
}

run_python_pipelined() {
    flush_redis
    local redis_before
    redis_before=$(redis_cpu)
    start_clock
    /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/cat.t" cat "$DATA" \
        | /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" "$PYTHON" bench/python/redis_pipelined.py "$PORT"
    record python-pipelined "$WORK/t" "$WORK/cat.t" "$redis_before"
}

run_goaccess() {
    start_clock
    /usr/bin/time -f "$TIME_FORMAT" -o "$WORK/t" \
        goaccess "$DATA" --log-format=COMBINED --no-global-config -o "$WORK/goaccess.json" >/dev/null 2>"$WORK/goaccess.stderr"
    record goaccess "$WORK/t"
}

# Rounds take turns, so that a busy moment of the machine is shared between the rows it would otherwise favour.
for ((round = 1; round <= ROUNDS; round++)); do
    note "round $round of $ROUNDS"
    run_cat
    run_wc
    run_logpipe jit "$JIT" "$DATA" "$EXPECTED" "$EXPECTED_REPORTS" "${REPORT_OPTIONS[@]}"
    run_logpipe native "$NATIVE" "$DATA" "$EXPECTED" "$EXPECTED_REPORTS" "${REPORT_OPTIONS[@]}"
    run_logpipe native-none "$NATIVE" "$DATA" "$EXPECTED" - --reports none
    run_logpipe native-count-all "$NATIVE" "$DATA" "$EXPECTED_ALL" - --count-all --reports none
    if [[ -n $NATIVE_V3 ]]; then
        run_logpipe native-v3 "$NATIVE_V3" "$DATA" "$EXPECTED" "$EXPECTED_REPORTS" "${REPORT_OPTIONS[@]}"
    fi
    if [[ -n ${BASELINE:-} ]]; then
        run_logpipe baseline "$BASELINE" "$DATA" "$EXPECTED" -
    fi
    run_dry_run
done

note "memory steadiness: $LONG_DATA, the same days and paths with three times the lines"
for ((round = 1; round <= SLOW_ROUNDS; round++)); do
    run_logpipe native-long "$NATIVE" "$LONG_DATA" "$LONG_EXPECTED" "$LONG_EXPECTED_REPORTS" "${REPORT_OPTIONS[@]}"
done

note "Redis memory of a day's keys, every report on"
run_logpipe memory "$NATIVE" "$DATA" "$EXPECTED" "$EXPECTED_REPORTS" "${REPORT_OPTIONS[@]}"
"$PYTHON" bench/python/report_memory.py "$PORT" "$EXPECTED_REPORTS" >"$WORK/memory.md"

note "baselines: the 2009 counter on a $SLICE_LINES-line slice, pipelined Python"
for ((round = 1; round <= SLOW_ROUNDS; round++)); do
    run_python_2009
    run_python_pipelined
done

# GoAccess takes about two minutes on this file: one run.
note "baseline: GoAccess"
run_goaccess

# --- Start-up --------------------------------------------------------------------------------------------------------

note "start-up"
hyperfine -N --warmup 3 --runs 30 --export-json "$WORK/startup.json" \
    "$NATIVE --dry-run" "$NATIVE --redis 127.0.0.1:$PORT" >/dev/null 2>&1
mapfile -t LIFETIME_MS < <("$PYTHON" -c '
import json, sys
for result in json.load(open(sys.argv[1]))["results"]:
    print("%.1f" % (result["median"] * 1000))' "$WORK/startup.json")

# Median over 9 runs of the time from exec to the first read of stdin, under strace (which slows system calls down).
first_read_ms() {
    local samples=() sample
    for ((i = 0; i < 9; i++)); do
        strace -f --seccomp-bpf -ttt -e trace=execve,fcntl,dup,dup2,dup3,read \
            -o "$WORK/strace.txt" "$@" </dev/null >/dev/null 2>&1 || die "$* failed under strace"
        sample=$("$PYTHON" bench/python/first_read.py "$WORK/strace.txt") || die "no read of stdin in the trace of $*"
        samples+=("$sample")
    done
    printf '%s\n' "${samples[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }'
}
FIRST_READ_DRY_MS=$(first_read_ms "$NATIVE" --dry-run)
FIRST_READ_REDIS_MS=$(first_read_ms "$NATIVE" --redis "127.0.0.1:$PORT")

# --- Report ----------------------------------------------------------------------------------------------------------

# Median of column $2 (1 wall, 2 cpu, 3 rss, 4 pipeline cpu, 5 redis cpu) of a row's samples.
median() {
    sort -g -k "$2,$2" "$WORK/$1.samples" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

WC_RATE=$(awk -v lines="$LINES" -v wall="$(median wc 1)" 'BEGIN { printf "%.0f", lines / wall }')

# row name, label, lines per sample
report_row() {
    local row=$1 label=$2 lines=$3
    local wall cpu rss pipeline redis
    wall=$(median "$row" 1)
    cpu=$(median "$row" 2)
    rss=$(median "$row" 3)
    pipeline=$(median "$row" 4)
    redis=$(median "$row" 5)
    awk -v label="$label" -v lines="$lines" -v wall="$wall" -v cpu="$cpu" -v rss="$rss" -v wc="$WC_RATE" \
        -v pipeline="$pipeline" -v redis="$redis" 'BEGIN {
        rate = wall > 0 ? lines / wall : 0
        millions = lines / 1e6
        redis_column = redis > 0 ? sprintf("%9.3f", redis / millions) : sprintf("%9s", "-")
        printf "| %-44s | %12.0f | %7.3f | %10.3f | %8.1f | %6.3f | %s | %10.3f |\n",
            label, rate, wall, cpu / millions, rss / 1024, rate / wc, redis_column, pipeline / millions
    }'
}

echo
echo "LogPipe throughput: $LINES lines ($(du -m "$DATA" | cut -f1) MB, $(wc -l <"$EXPECTED") distinct keys) from a pipe; medians of $ROUNDS rounds"
echo "($SLOW_ROUNDS for the 6M-line and Python rows, 1 for GoAccess)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average before the report: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what                                         |     lines/s  |  wall s | CPU-s / M  |  RSS MB  | vs wc  | Redis / M | all CPU / M |"
echo "|----------------------------------------------|--------------|---------|------------|----------|--------|-----------|-------------|"
report_row cat "cat file > /dev/null" "$LINES"
report_row wc "cat file | wc -l" "$LINES"
report_row native "LogPipe native AOT, cat | logpipe, every report" "$LINES"
report_row native-none "LogPipe native AOT, same, --reports none" "$LINES"
report_row native-count-all "LogPipe native AOT, --count-all --reports none" "$LINES"
if [[ -n ${BASELINE:-} ]]; then
    report_row baseline "BASELINE ($(basename "$(dirname "$BASELINE")")), its defaults" "$LINES"
fi
if [[ -n $NATIVE_V3 ]]; then
    report_row native-v3 "LogPipe native AOT for x86-64-v3, every report" "$LINES"
fi
report_row jit "LogPipe JIT, cat | logpipe, every report" "$LINES"
report_row dry-run "LogPipe native AOT, cat | logpipe --dry-run" "$LINES"
report_row native-long "LogPipe native AOT, 6M lines (same paths)" "$LONG_LINES"
report_row python-pipelined "Python, aggregated, pipelined every 0.5 s" "$LINES"
report_row python-2009 "Python 2009, INCR per line (slice, extrap.)" "$SLICE_LINES"
report_row goaccess "GoAccess 1.7 (file, JSON report)" "$LINES"
echo
echo "CPU-s / M: user+sys CPU seconds per million lines of the measured process (LogPipe: supervisor and worker, not cat)."
echo "RSS MB: peak resident set size of that process. Redis counts were verified after every LogPipe run into Redis."
echo "Redis / M: CPU seconds per million lines that redis-server spent during the run. all CPU / M: the measured process,"
echo "  the cat feeding it and redis-server together: with $(nproc) cores, a run cannot take less wall time than that sum / $(nproc)."
echo
echo "Redis memory of one day's keys (native, every report; averages over the log's $("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["days"]))' "$EXPECTED_REPORTS") days):"
echo
cat "$WORK/memory.md"
echo
echo "Start-up (native): first read of stdin $FIRST_READ_REDIS_MS ms after exec with --redis (supervisor, then worker),"
echo "  $FIRST_READ_DRY_MS ms with --dry-run (one process), both under strace (medians of 9); whole run on empty input"
echo "  (hyperfine, median of 30): ${LIFETIME_MS[0]} ms --dry-run, ${LIFETIME_MS[1]} ms --redis."
echo

# --- Targets ---------------------------------------------------------------------------------------------------------

check() {
    local what=$1 verdict=$2
    printf '%-6s %s\n' "$verdict" "$what"
}

verdict() {
    awk "BEGIN { exit !($1) }" && echo PASS || echo MISS
}

rate_of() { awk -v lines="$LINES" -v wall="$(median "$1" 1)" 'BEGIN { printf "%.0f", lines / wall }'; }
per_million() { awk -v lines="$LINES" -v value="$(median "$1" "$2")" 'BEGIN { printf "%.3f", value / (lines / 1e6) }'; }

# Every report on: the reports issue's targets.
rows=(native)
if [[ -n $NATIVE_V3 ]]; then
    rows+=(native-v3)
fi
for row in "${rows[@]}" jit; do
    rate=$(rate_of "$row")
    cpu=$(per_million "$row" 2)
    redis=$(per_million "$row" 5)
    rss=$(awk -v rss="$(median "$row" 3)" 'BEGIN { printf "%.1f", rss / 1024 }')
    check "$row: $rate lines/s >= $TARGET_REPORTS_LINES_PER_SECOND" "$(verdict "$rate >= $TARGET_REPORTS_LINES_PER_SECOND")"
    check "$row: $rate lines/s >= $TARGET_REPORTS_RATIO_TO_WC x cat | wc -l ($WC_RATE)" "$(verdict "$rate >= $TARGET_REPORTS_RATIO_TO_WC * $WC_RATE")"
    check "$row: $cpu CPU-s per million lines <= $TARGET_REPORTS_CPU_SECONDS_PER_MILLION" "$(verdict "$cpu <= $TARGET_REPORTS_CPU_SECONDS_PER_MILLION")"
    check "$row: Redis $redis CPU-s per million lines <= $TARGET_REPORTS_REDIS_CPU_SECONDS_PER_MILLION" "$(verdict "$redis <= $TARGET_REPORTS_REDIS_CPU_SECONDS_PER_MILLION")"
    check "$row: peak RSS $rss MB <= $TARGET_PEAK_RSS_MB MB" "$(verdict "$rss <= $TARGET_PEAK_RSS_MB")"
done

# --reports none: the page counter alone, held to the throughput issue's targets.
none_rate=$(rate_of native-none)
none_cpu=$(per_million native-none 2)
none_rss=$(awk -v rss="$(median native-none 3)" 'BEGIN { printf "%.1f", rss / 1024 }')
check "native-none: $none_rate lines/s >= $TARGET_LINES_PER_SECOND" "$(verdict "$none_rate >= $TARGET_LINES_PER_SECOND")"
check "native-none: $none_rate lines/s >= $TARGET_RATIO_TO_WC x cat | wc -l ($WC_RATE)" "$(verdict "$none_rate >= $TARGET_RATIO_TO_WC * $WC_RATE")"
check "native-none: $none_cpu CPU-s per million lines <= $TARGET_CPU_SECONDS_PER_MILLION" "$(verdict "$none_cpu <= $TARGET_CPU_SECONDS_PER_MILLION")"
check "native-none: peak RSS $none_rss MB <= $TARGET_PEAK_RSS_MB MB" "$(verdict "$none_rss <= $TARGET_PEAK_RSS_MB")"
count_all_rate=$(rate_of native-count-all)
check "native-none: the page-view rule at $none_rate lines/s >= $TARGET_RULE_RATIO_TO_COUNT_ALL x --count-all ($count_all_rate)" \
    "$(verdict "$none_rate >= $TARGET_RULE_RATIO_TO_COUNT_ALL * $count_all_rate")"
if [[ -n ${BASELINE:-} ]]; then
    # No regression: within the noise of one run (5%) of the older build, in rate and in CPU.
    baseline_rate=$(rate_of baseline)
    check "native-none: $none_rate lines/s >= 0.95 x BASELINE ($baseline_rate)" "$(verdict "$none_rate >= 0.95 * $baseline_rate")"
    check "native-none: $none_cpu CPU-s per million lines <= 1.05 x BASELINE ($(per_million baseline 2))" \
        "$(verdict "$none_cpu <= 1.05 * $(per_million baseline 2)")"
fi
# Not a target: the ceiling the machine puts on the native row, from what its whole pipeline used.
pipeline_cpu=$(median native 4)
check "native: cat, LogPipe and redis-server used $pipeline_cpu CPU-s per run; on $(nproc) cores that allows at most $(awk -v lines="$LINES" -v cpu="$pipeline_cpu" -v cores="$(nproc)" 'BEGIN { printf "%.0f", lines * cores / cpu }') lines/s" INFO
rss1=$(median native 3)
rss_long=$(median native-long 3)
check "native: peak RSS with 3x the lines (same days and paths) $(awk -v r="$rss_long" 'BEGIN { printf "%.1f", r / 1024 }') MB within 10% of $(awk -v r="$rss1" 'BEGIN { printf "%.1f", r / 1024 }') MB" \
    "$(verdict "$rss_long <= 1.1 * $rss1")"
check "native: first read of stdin ${FIRST_READ_REDIS_MS} ms after exec <= $TARGET_STARTUP_MS ms" "$(verdict "$FIRST_READ_REDIS_MS <= $TARGET_STARTUP_MS")"
