"""The wizard binary in a pseudo-terminal of a given size: spawn with a timestamp, send
keys, wait (always with a deadline) for the rebuilt screen to satisfy a condition, read the
process's CPU time and memory from /proc, and always end the process."""

import fcntl
import os
import select
import signal
import struct
import termios
import time

from vtscreen import Screen


# How long to wait for more output after a read before parsing (see `_read`).
FOLLOW_S = 0.002


class Timeout(Exception):
    pass


def _cpu_ns(pid):
    """CPU time of every thread of `pid` in nanoseconds (schedstat), or None."""
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total


def _cpu_ticks(pid):
    """utime + stime of `pid` in clock ticks (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _context_switches(pid):
    """Voluntary + involuntary context switches of every thread: a timer would show here."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                    total += int(line.split()[1])
    return total


class PtySession:
    def __init__(self, argv, env, cols, rows):
        self.screen = Screen(cols, rows)
        self.output_bytes = 0
        self.status = None
        self.rusage = None
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.spawned_at = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child: the slave becomes the controlling terminal and stdio
            try:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                os.close(master)
                if slave > 2:
                    os.close(slave)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid, self.master = pid, master

    # --- output -------------------------------------------------------------------

    def _read(self, timeout):
        """Reads what arrives within `timeout`, and whatever follows it closely; returns when
        the last of those bytes arrived, or None.

        The bytes are parsed only once nothing more follows within `FOLLOW_S`: parsing a
        chunk in Python takes longer than the pty needs to deliver the next one, so parsing
        between chunks would delay (and so inflate) the arrival time of a frame's last bytes.
        """
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return None
        chunks, arrived = [], None
        while len(chunks) < 256:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            if not data:
                if not chunks:
                    raise Timeout("the wizard closed its terminal")
                break
            arrived = time.perf_counter()
            chunks.append(data)
            if not select.select([self.master], [], [], FOLLOW_S)[0]:
                break
        data = b"".join(chunks)
        self.output_bytes += len(data)
        self.screen.feed(data)
        return arrived

    def wait_until(self, condition, deadline_s=5.0):
        """Reads until `condition(screen_text)` holds; returns when the last bytes arrived."""
        deadline = time.perf_counter() + deadline_s
        if condition(self.screen.text()):
            return time.perf_counter()
        while time.perf_counter() < deadline:
            arrived = self._read(deadline - time.perf_counter())
            if arrived is not None and condition(self.screen.text()):
                return arrived
        raise Timeout("condition not met within %.1f s" % deadline_s)

    def wait_output(self, total_bytes, deadline_s=5.0):
        """Reads until `total_bytes` have been written in all; returns when they arrived."""
        deadline = time.perf_counter() + deadline_s
        arrived = None
        while self.output_bytes < total_bytes:
            if time.perf_counter() >= deadline:
                raise Timeout("output did not arrive within %.1f s" % deadline_s)
            arrived = self._read(deadline - time.perf_counter()) or arrived
        return arrived

    def wait_quiet(self, quiet_s=0.15, deadline_s=5.0):
        """Reads until no output arrives for `quiet_s`."""
        deadline = time.perf_counter() + deadline_s
        while time.perf_counter() < deadline:
            if self._read(quiet_s) is None:
                return
        raise Timeout("output did not settle within %.1f s" % deadline_s)

    def drain_for(self, seconds):
        """Reads (and counts) whatever arrives during `seconds`."""
        end = time.perf_counter() + seconds
        before = self.output_bytes
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return self.output_bytes - before
            self._read(left)

    # --- input ----------------------------------------------------------------------

    def send(self, text):
        data = text.encode() if isinstance(text, str) else text
        sent_at = time.perf_counter()
        os.write(self.master, data)
        return sent_at

    # --- the process ------------------------------------------------------------------

    def cpu(self):
        """(cpu_ns or None, cpu_ticks, context_switches) of the running wizard."""
        return _cpu_ns(self.pid), _cpu_ticks(self.pid), _context_switches(self.pid)

    def peak_rss_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def wait_exit(self, deadline_s=3.0):
        """Waits for the process to exit (reading its output); returns the exit status."""
        deadline = time.perf_counter() + deadline_s
        while time.perf_counter() < deadline:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.status, self.rusage = os.waitstatus_to_exitcode(status), rusage
                return self.status
            try:
                self._read(0.02)
            except Timeout:
                time.sleep(0.01)
        raise Timeout("the wizard did not exit within %.1f s" % deadline_s)

    def close(self):
        """Ends the process if it still runs, reaps it, and closes the terminal."""
        if self.status is None:
            for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 2.0)):
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    pass
                end = time.perf_counter() + grace
                while time.perf_counter() < end:
                    pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
                    if pid:
                        self.status, self.rusage = os.waitstatus_to_exitcode(status), rusage
                        break
                    time.sleep(0.01)
                if self.status is not None:
                    break
        try:
            os.close(self.master)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
