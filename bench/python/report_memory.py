"""Redis memory the keys of one day take, by kind (MEMORY USAGE, bytes), averaged over the days LogGen wrote.

usage: report_memory.py PORT EXPECTED_JSON
Prints a markdown table: each report's key, and the day's hits:* keys together.
"""

import json
import sys

import redis

REPORTS = ("views", "visitors", "pages", "referrers", "campaigns", "statuses", "crawlers", "minutes")


def main() -> int:
    port, expected_path = int(sys.argv[1]), sys.argv[2]
    with open(expected_path, encoding="utf-8") as expected_file:
        days = sorted(json.load(expected_file)["days"])

    client = redis.Redis(host="127.0.0.1", port=port)
    totals = {name: 0 for name in REPORTS}
    members = {name: 0 for name in REPORTS}
    hits_bytes = hits_keys = 0
    for day in days:
        for name in REPORTS:
            key = f"{name}:{day}"
            totals[name] += client.memory_usage(key, samples=0) or 0
            kind = client.type(key)
            members[name] += {b"zset": client.zcard, b"hash": client.hlen}.get(kind, lambda _: 1)(key)
        pipe = client.pipeline(transaction=False)
        keys = list(client.scan_iter(match=f"hits:{day}:*", count=10_000))
        for key in keys:
            pipe.memory_usage(key, samples=0)
        hits_bytes += sum(size or 0 for size in pipe.execute())
        hits_keys += len(keys)

    count = len(days)
    print("| key of a day | members | MEMORY USAGE |")
    print("|---|---:|---:|")
    for name in REPORTS:
        print(f"| `{name}:D` | {members[name] / count:,.0f} | {totals[name] / count / 1024:,.1f} KiB |")
    print(f"| `hits:D:*` (all the day's page keys) | {hits_keys / count:,.0f} keys | {hits_bytes / count / 1024:,.1f} KiB |")
    reports = sum(totals.values()) / count
    print(f"| reports together | | {reports / 1024:,.1f} KiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
