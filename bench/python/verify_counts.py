"""Checks Redis against LogGen's expected counts (page views, or --count-all's): every hits:{date}:{path} key with its exact count, and no other hits:* key.

usage: verify_counts.py PORT EXPECTED_TSV
Exits 1 with a list of differences on any mismatch.
"""

import sys

import redis


def main() -> int:
    port, expected_path = int(sys.argv[1]), sys.argv[2]
    expected = {}
    with open(expected_path, "rb") as expected_file:
        for line in expected_file:
            date, path, count = line.rstrip(b"\n").split(b"\t")
            expected[b"hits:" + date + b":" + path] = int(count)

    client = redis.Redis(host="127.0.0.1", port=port)
    keys = list(client.scan_iter(match=b"hits:*", count=10_000))
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.get(key)
    actual = {key: int(value) for key, value in zip(keys, pipe.execute())}

    missing = sorted(key for key in expected if key not in actual)
    extra = sorted(key for key in actual if key not in expected)
    wrong = sorted(key for key in expected if key in actual and actual[key] != expected[key])
    if missing or extra or wrong:
        print(
            f"COUNT MISMATCH: {len(missing)} keys missing, {len(extra)} unexpected, {len(wrong)} with a wrong count "
            f"(of {len(expected)} expected keys)",
            file=sys.stderr,
        )
        for key in missing[:5] + extra[:5] + wrong[:5]:
            print(f"  {key!r}: expected {expected.get(key)}, Redis has {actual.get(key)}", file=sys.stderr)
        return 1

    print(f"verified: {len(expected)} keys, {sum(expected.values())} hits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
