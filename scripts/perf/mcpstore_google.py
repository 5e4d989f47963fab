"""The Python reference: MCPStore's own auth builder (mcpstore 1.4.3013, the last release
that ships `mcpstore.core.auth`) under pydantic, printing one Google config as JSON.

By default only the builder's two modules (builder.py, types.py) are loaded, without the
package's `__init__`, which would import the whole store (FastMCP, FastAPI, …): that is the
builder's own cost. `--whole-package` imports it the ordinary way, as a user's script would.
"""

import importlib.util
import os
import sys
import types


def load_builder_alone():
    spec = importlib.util.find_spec("mcpstore")  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("mcpstore is not installed")
    auth_dir = os.path.join(spec.submodule_search_locations[0], "core", "auth")
    for name, path in (("mcpstore", None), ("mcpstore.core", None), ("mcpstore.core.auth", auth_dir)):
        package = types.ModuleType(name)
        package.__path__ = [path] if path else []
        sys.modules[name] = package


if "--whole-package" not in sys.argv[1:]:
    load_builder_alone()

from mcpstore.core.auth.builder import AuthServiceBuilder  # noqa: E402

config = (
    AuthServiceBuilder(None, "google-mcp")
    .use_google_auth("${GOOGLE_CLIENT_ID}", "${GOOGLE_CLIENT_SECRET}", "https://mcp.example.com")
    .generate_fastmcp_config()
)
print(config.model_dump_json(indent=2))
