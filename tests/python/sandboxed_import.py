"""Run fastmcp-auth Python exports under an audit hook that lets them build the provider and
the FastMCP server, and nothing else.

Usage: python -I -B sandboxed_import.py [--no-shape] MODULE.py [MODULE.py ...]

For each module: check its syntax tree (export_shape.module_values; skipped with
--no-shape, which the test uses to prove the hook itself refuses an attack), import the
provider's module and FastMCP outside the sandbox, then execute the module with the hook
armed. While armed the hook refuses: running programs (os.system, exec*, spawn*, fork,
subprocess), opening a file for writing or creating one, removing or renaming files,
ctypes, connections to anything but loopback, and compiling or executing code at the
module's request (the loader running the module, and libraries compiling code of their
own, are let through). Prints one JSON line per module:
{"path", "ok", "class", "module", "is_fastmcp", "auth_is_provider", "service",
 "globals", "refused": [event, ...], "error"}.
"""

import importlib
import importlib.util
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from export_shape import module_values  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
RUNS_PROGRAMS = {
    "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty",
    "subprocess.Popen", "os.startfile", "pty.spawn",
}
CHANGES_FILES = {
    "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link",
    "os.symlink", "os.truncate", "os.utime", "shutil.rmtree", "shutil.copyfile",
    "shutil.move",
}

armed = None  # the path of the module running, while the sandbox is armed
refused = []


class Refused(Exception):
    pass


def refuse(event, detail):
    refused.append(f"{event}: {detail}")
    raise Refused(f"sandbox refused {event}")


LIBRARY_DIRS = tuple(
    os.path.join(os.path.realpath(p), "")
    for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
)


def library_file(filename):
    """Whether `filename` is a file of the installed Python or its libraries."""
    if not isinstance(filename, str) or not os.path.isabs(filename):
        return False
    return os.path.realpath(filename).startswith(LIBRARY_DIRS)


def writes(mode, flags):
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and flags & WRITE_FLAGS != 0


def hook(event, args):
    if armed is None:
        return
    if event in RUNS_PROGRAMS or event in CHANGES_FILES or event.startswith("ctypes."):
        refuse(event, repr(args)[:120])
    elif event == "open":
        path, mode, flags = (list(args) + [None, None, None])[:3]
        if writes(mode, flags):
            refuse(event, f"{path!r} mode={mode!r}")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        host = address[0] if isinstance(address, tuple) and address else address
        if host not in LOOPBACK:
            refuse(event, repr(address))
    elif event in ("compile", "exec"):
        # The loader compiles and runs the module itself, imports compile library files,
        # and FastMCP and pydantic compile code of their own while they build. Code the
        # module asks to compile or run is refused: the calling frame is the module's.
        caller = sys._getframe(1).f_code.co_filename
        if event == "compile":
            target = args[1] if len(args) > 1 else None
        else:
            target = getattr(args[0] if args else None, "co_filename", None)
        if caller == armed:
            refuse(event, f"{target!r} at the module's request")
        if not (target == armed or library_file(target) or library_file(caller)):
            refuse(event, f"{target!r} from {caller}")


def run(path, check_shape):
    global armed
    result = {"path": path, "ok": False, "refused": []}
    refused.clear()
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        if check_shape:
            shape = module_values(source)
            result["module"] = shape["module"]
            result["class"] = shape["class"]
            importlib.import_module(shape["module"])
        import fastmcp

        spec = importlib.util.spec_from_file_location("server_under_test", path)
        module = importlib.util.module_from_spec(spec)
        armed = path
        try:
            spec.loader.exec_module(module)
        finally:
            armed = None
        auth = getattr(module, "auth", None)
        mcp = getattr(module, "mcp", None)
        result["globals"] = sorted(k for k in vars(module) if not k.startswith("__"))
        result["is_fastmcp"] = isinstance(mcp, fastmcp.FastMCP)
        result["auth_is_provider"] = check_shape and type(auth) is getattr(
            sys.modules[shape["module"]], shape["class"]
        )
        result["service"] = getattr(mcp, "name", None)
        result["ok"] = True
    except BaseException as e:  # reported; the test decides
        result["error"] = f"{type(e).__name__}: {e}"
    result["refused"] = list(refused)
    print(json.dumps(result), flush=True)


def main():
    args = sys.argv[1:]
    check_shape = True
    if args and args[0] == "--no-shape":
        check_shape = False
        args = args[1:]
    sys.addaudithook(hook)
    for path in args:
        run(path, check_shape)


main()
