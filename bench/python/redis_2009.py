"""The 2009 counter, reproduced: for each GET line, INCR date+path and EXPIRE it on the first increment.

One round trip per command, as the original did. Reads the log on stdin; usage: redis_2009.py PORT
"""

import re
import sys
import time

import redis

GET_TARGET = re.compile(rb'"GET (\S+) ')
ONE_DAY = 86400


def main() -> int:
    client = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]))
    for line in sys.stdin.buffer:
        match = GET_TARGET.search(line)
        if match is None:
            continue
        key = time.strftime("%Y-%m-%d").encode() + match.group(1)
        if client.incr(key) == 1:
            client.expire(key, ONE_DAY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
