"""The Python API's side of the comparison with scripts/perf/mcpstore_google.py: the same
Google config through `fastmcp_auth` (the wheel), printed as JSON."""

import json

from fastmcp_auth import auth_service

config = (
    auth_service("google-mcp")
    .use_google_auth("${GOOGLE_CLIENT_ID}", "${GOOGLE_CLIENT_SECRET}", "https://mcp.example.com")
    .generate_fastmcp_config()
)
print(json.dumps(config, indent=2))
