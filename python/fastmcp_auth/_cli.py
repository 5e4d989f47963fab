"""The ``fastmcp-auth`` command of the wheel: the Rust command line, run in-process."""

import signal
import sys


def main():
    # Python turns SIGINT into KeyboardInterrupt only once control returns to it; the
    # command runs in Rust, so give Ctrl+C its usual meaning (end the process) back.
    # (Python already ignores SIGPIPE and SIGXFSZ, as the Rust binary does.)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from ._native import run_cli

    sys.exit(run_cli(["fastmcp-auth", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
