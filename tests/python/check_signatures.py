"""Check fastmcp-auth's provider catalog against the real FastMCP constructors.

Usage: python check_signatures.py providers.json

For every catalog provider with a FastMCP class, prints one JSON line
{"type": ..., "class": ..., "problems": [...]}; a problem is one of:
- a field (or the scope parameter) that is not a constructor parameter;
- a parameter FastMCP requires that the catalog does not require (the scope parameter
  counts as required when a rule or the default scopes always fill it);
- a choice field whose choices differ from the parameter's Literal values;
- a field default that differs from the constructor's own default;
- a field required here that FastMCP gives a real (non-None) default.
Fields the catalog withholds from the installed release (their since/removed) are left
out; tests/python/check_coverage.py checks those bounds. Exits 0 when it could check every
provider.
"""

import importlib
import inspect
import json
import sys
import typing


def literal_values(annotation):
    """The values of every Literal inside an annotation (through unions and aliases)."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    values = set()
    for arg in typing.get_args(annotation):
        values |= literal_values(arg)
    return values


def resolved(annotation, cls):
    """An annotation as an object; string annotations are evaluated in the class's module
    (names imported only for type checkers leave them unresolved: None)."""
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, vars(sys.modules[cls.__module__]))  # noqa: S307 (FastMCP's own text)
    except NameError:
        return None


def version_key(text):
    return tuple(int(part) for part in str(text).split(".")[:3])


def in_release(field, version):
    """Whether the catalog gives the installed release this field (its since/removed)."""
    since, removed = field.get("since"), field.get("removed")
    return (since is None or version >= version_key(since)) and (
        removed is None or version < version_key(removed)
    )


def parameters(cls):
    """The constructor's keyword parameters; a `**kwargs` that is passed on to the base
    class (AWSCognitoTokenVerifier → JWTVerifier) adds the base class's own."""
    params = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        signature = inspect.signature(klass.__init__)
        own = {n: p for n, p in signature.parameters.items() if n != "self"}
        forwards = any(p.kind == p.VAR_KEYWORD for p in own.values())
        for name, param in own.items():
            if param.kind != param.VAR_KEYWORD:
                params.setdefault(name, param)
        if not forwards:
            break
    return params


def problems_of(spec, cls, version):
    params = parameters(cls)
    # A token verifier parameter is a field too (given as a nested config).
    fields = {
        f["name"]: f
        for f in [*spec["fields"], *spec.get("verifier_fields", [])]
        if in_release(f, version)
    }
    # Scopes routed to a token verifier are not a parameter of the class itself.
    via = spec["scopes"].get("via")
    scope_params = [] if via else [spec["scopes"].get("param", "required_scopes")]
    scope_param = scope_params[0] if scope_params else None
    scope_always_set = bool(spec["scopes"].get("default")) or any(
        "scope_not_only" in rule for rule in spec.get("rules", [])
    )
    problems = []
    for name in [*fields, *scope_params]:
        if name not in params:
            problems.append(f"{name} is not a parameter of {cls.__name__}")
    for name, param in params.items():
        if param.default is not param.empty:
            continue
        if name == scope_param and scope_always_set:
            continue
        if not fields.get(name, {}).get("required"):
            problems.append(f"{cls.__name__} requires {name}; the catalog does not")
    for name, field in fields.items():
        param = params.get(name)
        if param is None:
            continue
        if field.get("kind") == "choice":
            annotation = resolved(param.annotation, cls)
            allowed = literal_values(annotation) if annotation is not None else set()
            if annotation is None:
                problems.append(f"{name}: cannot read FastMCP's annotation {param.annotation!r}")
            elif allowed and allowed != set(field["choices"]):
                problems.append(
                    f"{name}: choices {sorted(field['choices'])} but FastMCP takes {sorted(allowed)}"
                )
        has_default = param.default is not param.empty and param.default is not None
        if "default" in field and has_default and field["default"] != param.default:
            problems.append(
                f"{name}: default {field['default']!r} but FastMCP's is {param.default!r}"
            )
        if field.get("required") and has_default:
            problems.append(f"{name} is required here but FastMCP defaults it to {param.default!r}")
    return problems


def main(path):
    import fastmcp

    version = version_key(fastmcp.__version__)
    with open(path, encoding="utf-8") as f:
        catalog = json.load(f)
    for spec in catalog["providers"]:
        if spec.get("custom"):
            continue
        module = importlib.import_module(spec["import_path"])
        cls = getattr(module, spec["provider_class"])
        print(
            json.dumps(
                {"type": spec["type"], "class": cls.__name__, "problems": problems_of(spec, cls, version)}
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
