#!/usr/bin/env python3
"""Tab-to-redraw latency of the ccs shell, measured through a pseudo-terminal.

usage: tab-latency.py CCS_BINARY [RUNS]

Prints one JSON object: {"warm_ms": median, "slow_ms": median, "commands": N, ...}.
- warm: `cloudron tasks get 5` then Tab Tab in `ccs --sandbox` whose live completer has its
  answer cached: the time from the first Tab to the listed candidates on the terminal.
- slow: the same first Tab in a fresh `ccs --sandbox` whose API answers after 2 s (catalog
  already loaded): the time from Tab to the redrawn line (a usable prompt: the completer gave
  up and said so). first_tab: the same as the shell's very first use of `cloudron`, which
  also parses the catalog.
"""
import json, os, pty, re, select, statistics, subprocess, sys, tempfile, time

def command_count(binary):
    """Builtins (one line each in `help`) plus each API's command count."""
    text = subprocess.run([binary, "-c", "help"], capture_output=True, text=True).stdout
    total = 0
    for line in text.splitlines():
        m = re.match(r"^  \S+\s+(\d+) commands$", line)
        if m:
            total += int(m.group(1))
        elif line.startswith("  "):
            total += 1
    return total

def spawn(binary, args, home):
    pid, fd = pty.fork()
    if pid == 0:
        env = {"HOME": home, "NO_COLOR": "1", "TERM": "xterm", "PATH": "/usr/bin:/bin",
               "COLUMNS": "120", "LINES": "40"}
        os.execve(binary, [binary] + args, env)
    return pid, fd

def read_until(fd, needle, timeout):
    """Reads until `needle` has arrived; returns (arrival time, text)."""
    buf = b""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"waiting for {needle!r}; got {buf[-300:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise EOFError(buf[-300:])
            buf += chunk
            if needle in buf:
                return time.monotonic(), buf

def drain(fd, quiet=0.05):
    while select.select([fd], [], [], quiet)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return

def stop(pid, fd):
    try:
        os.write(fd, b"\x15exit\r")
        time.sleep(0.1)
        os.kill(pid, 9)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    os.close(fd)

def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    home = tempfile.mkdtemp(prefix="ccs-bench-home-")
    # Warm cache.
    pid, fd = spawn(binary, ["--sandbox", "--no-init"], home)
    read_until(fd, b"sandbox>", 60)
    os.write(fd, b"help commands | lines | length\r")
    _, out = read_until(fd, b"sandbox>", 60)
    os.write(fd, b"cloudron tasks get 5")
    read_until(fd, b"get 5", 10)
    for _ in range(100):  # until the live answer is cached
        os.write(fd, b"\t\t")
        try:
            read_until(fd, b"59", 0.5)
            break
        except TimeoutError:
            pass
    drain(fd)
    warm = []
    for _ in range(runs):
        os.write(fd, b"\x15cloudron tasks get 5")
        read_until(fd, b"get 5", 10)
        drain(fd)
        start = time.monotonic()
        os.write(fd, b"\t\t")
        end, _ = read_until(fd, b"59", 10)
        warm.append((end - start) * 1000)
        drain(fd)
    stop(pid, fd)
    # Slow API, nothing cached: one fresh shell per sample. `first` is the very first Tab of
    # the shell (it also parses the catalog); `slow` comes after the catalog is loaded by a
    # command that sends nothing, so it measures the completer against the slow API alone.
    slow, first = [], []
    for i in range(2 * max(runs // 4, 5)):
        pid, fd = spawn(binary, ["--sandbox", "--no-init", "--sandbox-fault",
                                 "responseDelayMilliseconds=2000"], home)
        read_until(fd, b"sandbox>", 60)
        warm_catalog = i % 2 == 1
        if warm_catalog:
            os.write(fd, b"cloudron tasks get 1 --dry-run | ignore\r")
            read_until(fd, b"cloudron@sandbox>", 60)
            drain(fd)
        os.write(fd, b"cloudron tasks get ")
        read_until(fd, b"get ", 10)
        drain(fd)
        start = time.monotonic()
        os.write(fd, b"\t")
        end, buf = read_until(fd, b"press Tab again", 10)
        # The line is redrawn after the message: the prompt is usable again.
        if b"get " not in buf[buf.index(b"press Tab again"):]:
            end, _ = read_until(fd, b"get ", 10)
        (slow if warm_catalog else first).append((end - start) * 1000)
        stop(pid, fd)
    print(json.dumps({
        "commands": command_count(binary),
        "warm_ms": round(statistics.median(warm), 1),
        "warm_max_ms": round(max(warm), 1),
        "slow_ms": round(statistics.median(slow), 1),
        "slow_max_ms": round(max(slow), 1),
        "first_tab_ms": round(statistics.median(first), 1),
        "runs": {"warm": len(warm), "slow": len(slow)},
    }))

main()
