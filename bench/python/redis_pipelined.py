"""The 2009 logic, aggregated in memory and sent every 0.5 s in one pipeline: INCRBY per key, then EXPIRE on new keys.

Reads the log on stdin; usage: redis_pipelined.py PORT
"""

import collections
import re
import sys
import time

import redis

GET_TARGET = re.compile(rb'"GET (\S+) ')
ONE_DAY = 86400
FLUSH_SECONDS = 0.5


def flush(client: redis.Redis, pending: collections.Counter) -> None:
    if not pending:
        return
    items = list(pending.items())
    pipe = client.pipeline(transaction=False)
    for key, hits in items:
        pipe.incrby(key, hits)
    totals = pipe.execute()
    pipe = client.pipeline(transaction=False)
    for (key, hits), total in zip(items, totals):
        if total == hits:
            pipe.expire(key, ONE_DAY)
    pipe.execute()
    pending.clear()


def main() -> int:
    client = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]))
    pending: collections.Counter = collections.Counter()
    next_flush = time.monotonic() + FLUSH_SECONDS
    for line in sys.stdin.buffer:
        match = GET_TARGET.search(line)
        if match is not None:
            pending[time.strftime("%Y-%m-%d").encode() + match.group(1)] += 1
        if time.monotonic() >= next_flush:
            flush(client, pending)
            next_flush = time.monotonic() + FLUSH_SECONDS
    flush(client, pending)
    return 0


if __name__ == "__main__":
    sys.exit(main())
