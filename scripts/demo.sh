#!/usr/bin/env bash
# LogPipe's main job on this machine, needing nothing pre-installed but the .NET SDK:
# starts a throwaway Redis on a free loopback port, builds LogPipe, pipes samples/access.log
# through it, prints the ten biggest counters with their TTLs, and stops that Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh redis-server

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

port=$(free_port)
data=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$data" --daemonize no >"$data/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { echo "redis-server did not start: $(cat "$data/redis.log")" >&2; exit 1; }

echo "Building LogPipe..." >&2
dotnet build LogPipe/LogPipe.csproj -c Release -v quiet -nologo >&2

# LogPipe skips empty lines and does not count them as lines read; its summary gives them apart.
echo "Piping samples/access.log ($(wc -l <samples/access.log) lines, $(grep -c '^$' samples/access.log) of them blank) through logpipe --redis 127.0.0.1:$port" >&2
# The sample is of November 2026: its reports are kept whatever today's date; its own site's referers are no referrers.
LogPipe/bin/Release/net10.0/logpipe --redis "127.0.0.1:$port" --log-level information \
  --site-host www.example.com --keep-days 3650 <samples/access.log

echo
echo "The ten biggest counters (any application reads one with: redis-cli GET '<key>'):"
printf '%8s  %8s  %s\n' COUNT TTL KEY
redis-cli -p "$port" --scan --pattern 'hits:*' | while IFS= read -r key; do
  printf '%8s  %7ss  %s\n' "$(redis-cli -p "$port" GET "$key")" "$(redis-cli -p "$port" TTL "$key")" "$key"
done | sort -rn | head -10

echo
echo "The reports of the sample's last day (logpipe report; logpipe top shows today's live):"
LogPipe/bin/Release/net10.0/logpipe report --redis "127.0.0.1:$port" --date 2026-11-03 --top 5
