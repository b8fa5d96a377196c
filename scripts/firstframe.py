#!/usr/bin/env python3
"""Time from starting precis in a terminal to its first frame.

Runs the given command in a pseudo-terminal of 120x40 that never answers
terminal queries, waits until the screen shows the list header, sends q,
and prints the milliseconds to the first frame (median of N runs).

    go build -o /tmp/precis . && scripts/firstframe.py 20 /tmp/precis
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

def once(argv, marker=b"summaries"):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start, buf = time.monotonic(), b""
    while marker not in buf:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            raise SystemExit("no first frame within 10 s")
        buf += os.read(fd, 65536)
    elapsed = (time.monotonic() - start) * 1000
    os.write(fd, b"q")
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    return elapsed

if __name__ == "__main__":
    n = int(sys.argv[1])
    times = [once(sys.argv[2:]) for _ in range(n)]
    print(f"first frame: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms over {n} runs")
