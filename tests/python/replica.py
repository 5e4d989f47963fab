"""One FastMCP replica: the provider from a fastmcp-auth config (through the loader helper the
README shows), a `whoami` tool, streamable HTTP on 127.0.0.1:PORT, stateless.

Usage: python replica.py CONFIG.json PORT NAME

The loader's expected failures (Redis unreachable, a variable unset) end with one line on
stderr and exit 1, as an operator would see them.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from fastmcp_auth_config import ConfigError, load_auth  # noqa: E402


def main():
    config, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    try:
        auth = load_auth(config)
    except ConfigError as exc:
        sys.exit(str(exc))
    from fastmcp import FastMCP

    mcp = FastMCP("replicas", auth=auth)

    @mcp.tool
    def whoami() -> str:
        """The replica that answered."""
        return name

    mcp.run(
        transport="http",
        host="127.0.0.1",
        port=port,
        stateless_http=True,
        json_response=True,
        show_banner=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
