"""The shape every Python export of fastmcp-auth must have, checked on its syntax tree.

    \"\"\"docstring\"\"\"
    import os
    from fastmcp import FastMCP
    from <module path> import <Class>
    auth = <Class>(name=<literal or os.environ["VAR"]>, ...)
    mcp = FastMCP(<string literal>, auth=auth)
    if __name__ == "__main__":
        mcp.run(transport="http")

`module_values` returns the class path, every keyword argument's value (a literal, decoded
with ast.literal_eval, or {"$environ": VAR}) and the service name, or raises ShapeError
naming the first statement that does not fit. Nothing is executed.
"""

import ast


class ShapeError(Exception):
    pass


def _expect(condition, what, node):
    if not condition:
        line = getattr(node, "lineno", "?")
        raise ShapeError(f"line {line}: {what}: {ast.dump(node)[:200]}")


def _is_name(node, name):
    return isinstance(node, ast.Name) and node.id == name


def _environ_var(node):
    """VAR for os.environ["VAR"], else None."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and _is_name(node.value.value, "os")
        and node.value.attr == "environ"
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value
    return None


def module_values(source):
    tree = ast.parse(source)
    body = tree.body
    _expect(len(body) == 7, "expected 7 top-level statements", tree)
    doc, imp, from_fastmcp, from_provider, auth, mcp, main = body
    _expect(
        isinstance(doc, ast.Expr)
        and isinstance(doc.value, ast.Constant)
        and isinstance(doc.value.value, str),
        "docstring",
        doc,
    )
    _expect(
        isinstance(imp, ast.Import)
        and [(a.name, a.asname) for a in imp.names] == [("os", None)],
        "import os",
        imp,
    )
    _expect(
        isinstance(from_fastmcp, ast.ImportFrom)
        and from_fastmcp.module == "fastmcp"
        and from_fastmcp.level == 0
        and [(a.name, a.asname) for a in from_fastmcp.names] == [("FastMCP", None)],
        "from fastmcp import FastMCP",
        from_fastmcp,
    )
    _expect(
        isinstance(from_provider, ast.ImportFrom)
        and from_provider.level == 0
        and len(from_provider.names) == 1
        and from_provider.names[0].asname is None,
        "from <module> import <Class>",
        from_provider,
    )
    cls = from_provider.names[0].name
    _expect(cls not in ("os", "FastMCP", "auth", "mcp"), "class shadows a module name", from_provider)
    _expect(
        isinstance(auth, ast.Assign)
        and len(auth.targets) == 1
        and _is_name(auth.targets[0], "auth")
        and isinstance(auth.value, ast.Call)
        and _is_name(auth.value.func, cls)
        and not auth.value.args,
        "auth = <Class>(keyword arguments)",
        auth,
    )
    kwargs = {}
    for keyword in auth.value.keywords:
        _expect(keyword.arg is not None, "no **kwargs", keyword)
        var = _environ_var(keyword.value)
        if var is not None:
            kwargs[keyword.arg] = {"$environ": var}
        else:
            try:
                kwargs[keyword.arg] = ast.literal_eval(keyword.value)
            except ValueError:
                _expect(False, f"{keyword.arg} is not a literal", keyword.value)
    _expect(
        isinstance(mcp, ast.Assign)
        and len(mcp.targets) == 1
        and _is_name(mcp.targets[0], "mcp")
        and isinstance(mcp.value, ast.Call)
        and _is_name(mcp.value.func, "FastMCP")
        and len(mcp.value.args) == 1
        and isinstance(mcp.value.args[0], ast.Constant)
        and isinstance(mcp.value.args[0].value, str)
        and [k.arg for k in mcp.value.keywords] == ["auth"]
        and _is_name(mcp.value.keywords[0].value, "auth"),
        'mcp = FastMCP("<service>", auth=auth)',
        mcp,
    )
    expected_main = ast.dump(
        ast.parse('if __name__ == "__main__":\n    mcp.run(transport="http")\n').body[0]
    )
    _expect(ast.dump(main) == expected_main, "the __main__ guard", main)
    return {
        "module": from_provider.module,
        "class": cls,
        "kwargs": kwargs,
        "service": mcp.value.args[0].value,
    }
