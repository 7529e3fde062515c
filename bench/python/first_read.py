"""Start-up from `strace -f -ttt -e trace=execve,fcntl,dup,dup2,dup3,read` output: seconds from the first execve to
the first read of standard input, that is of fd 0 or of a descriptor duplicated from it (.NET reads a duplicate).

strace -f prints thread ids, and a new thread can run before strace reports the clone that made it, so descriptors
are not tracked per process: a read counts when its fd was duplicated from fd 0 by any process. LogPipe's
supervisor never touches stdin, so only the worker's descriptor can match.

usage: first_read.py STRACE_OUTPUT    (prints the seconds, or exits 1 when no read of stdin is found)
"""

import re
import sys

LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")
DUPLICATE_CALL = re.compile(r"^(?:fcntl\(0, F_DUPFD(?:_CLOEXEC)?,|dup\(0\)|dup[23]\(0,)")
RESULT = re.compile(r"\)\s+=\s+(\d+)$")
READ = re.compile(r"^read\((\d+),")


def main() -> int:
    started = None
    stdin_fds = {0}
    duplicating = set()  # threads whose duplication of fd 0 strace shows as <unfinished ...>, resumed later
    with open(sys.argv[1], encoding="utf-8", errors="replace") as trace:
        for raw in trace:
            match = LINE.match(raw.rstrip("\n"))
            if match is None:
                continue
            tid, timestamp, call = match.group(1), float(match.group(2)), match.group(3)
            if call.startswith("execve(") and started is None:
                started = timestamp
            elif DUPLICATE_CALL.match(call) is not None or (tid in duplicating and call.startswith("<... ")):
                if (result := RESULT.search(call)) is not None:
                    stdin_fds.add(int(result.group(1)))
                    duplicating.discard(tid)
                elif call.endswith("<unfinished ...>"):
                    duplicating.add(tid)
            elif (read := READ.match(call)) is not None and int(read.group(1)) in stdin_fds and started is not None:
                print(f"{timestamp - started:.6f}")
                return 0
    print("no read of standard input found", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
