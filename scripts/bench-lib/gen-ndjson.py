#!/usr/bin/env python3
"""Writes N deterministic NDJSON records for scripts/bench.

usage: gen-ndjson.py N OUT_FILE
Fields: id (int), n (int 0..999999), severity, message, app, ok (bool). A fixed 64-bit LCG
(not `random`, whose algorithms may change between Python versions) makes the file identical
on every machine. Prints the number of records with n > 500000 on stdout, so the harness can
check every tool's answer against it.
"""
import sys

SEVERITIES = ("INFO", "WARN", "ERROR", "DEBUG")
APPS = ("api", "web", "worker", "billing", "auth")
MESSAGES = ("request served", "cache miss", "retrying upstream", "user logged in",
            "disk usage high", "connection reset", "job finished", "config reloaded")


def main() -> None:
    count, out_path = int(sys.argv[1]), sys.argv[2]
    state = 0x2545F4914F6CDD1D
    mask = (1 << 64) - 1
    above = 0
    lines = []
    with open(out_path, "w", encoding="ascii") as out:
        for i in range(count):
            state = (state * 6364136223846793005 + 1442695040888963407) & mask
            r = state >> 16  # drop the weak low bits
            n = r % 1000000
            above += n > 500000
            lines.append(
                f'{{"id":{i},"n":{n},"severity":"{SEVERITIES[(r >> 20) % 4]}",'
                f'"message":"{MESSAGES[(r >> 24) % 8]}","app":"{APPS[(r >> 28) % 5]}",'
                f'"ok":{"true" if (r >> 32) & 1 else "false"}}}\n')
            if len(lines) == 10000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))
    print(above)


if __name__ == "__main__":
    main()
