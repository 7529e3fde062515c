"""Checks Redis's report keys against LogGen's expected reports (loggen --expected-reports): views, pages, referrers,
campaigns, statuses, crawlers and minutes exactly, visitors (a HyperLogLog) within 2% of the exact number.

usage: verify_reports.py PORT EXPECTED_JSON
Exits 1 with a list of differences on any mismatch.
"""

import json
import sys

import redis

VISITOR_TOLERANCE = 0.02
SORTED_SETS = ("pages", "referrers", "campaigns")
HASHES = ("statuses", "crawlers", "minutes")


def text(member: bytes) -> str:
    """A member as loggen writes it: UTF-8 when it is, else each byte from 0x80 up as \\xHH."""
    try:
        return member.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in member)


def main() -> int:
    port, expected_path = int(sys.argv[1]), sys.argv[2]
    with open(expected_path, encoding="utf-8") as expected_file:
        days = json.load(expected_file)["days"]

    client = redis.Redis(host="127.0.0.1", port=port)
    differences = []
    for day, expected in sorted(days.items()):
        views = client.get(f"views:{day}")
        if int(views or 0) != expected["views"]:
            differences.append(f"views:{day}: expected {expected['views']}, Redis {views}")
        visitors = client.pfcount(f"visitors:{day}")
        if abs(visitors - expected["visitors"]) > expected["visitors"] * VISITOR_TOLERANCE:
            differences.append(f"visitors:{day}: {visitors} counted, {expected['visitors']} exact")
        for name in SORTED_SETS + HASHES:
            key = f"{name}:{day}"
            if name in SORTED_SETS:
                actual = {text(member): int(score) for member, score in client.zrange(key, 0, -1, withscores=True)}
            else:
                actual = {text(field): int(value) for field, value in client.hgetall(key).items()}
            want = expected.get(name, {})
            for member in sorted(set(want) | set(actual)):
                if want.get(member, 0) != actual.get(member, 0):
                    differences.append(f"{key} {member!r}: expected {want.get(member, 0)}, Redis {actual.get(member)}")

    if differences:
        print(f"REPORT MISMATCH: {len(differences)} figures differ", file=sys.stderr)
        for difference in differences[:15]:
            print(f"  {difference}", file=sys.stderr)
        return 1

    print(f"verified: the reports of {len(days)} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
