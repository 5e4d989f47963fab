"""Read FastMCP's auth constructors, to write and check assets/providers.json.

Usage:
    python introspect_fastmcp.py dump providers.json > fastmcp-X.Y.Z.json
        (run with the python of a venv holding one FastMCP release) prints, for every
        catalog class, whether the release has it and its constructor's parameters: name,
        kind, default (repr) and annotation (text).
    python introspect_fastmcp.py versions fastmcp-A.json fastmcp-B.json ...
        (any python) compares dumps of several releases and prints, per class and per
        parameter, the first dumped release that has it ("since") and the first dumped
        release after that which lacks it ("removed"); values equal to the oldest dump are
        left out, as the catalog leaves them out.

    python introspect_fastmcp.py env providers.json > env-X.Y.Z.json
        (run with the python of a 2.x release, FastMCP's `FASTMCP_SERVER_AUTH` era) prints,
        for every catalog class, the pydantic-settings class its constructor fills in, that
        class's `env_prefix`, and per settings field the environment variable it reads and
        whether the constructor passes the field on.
    python introspect_fastmcp.py env-merge env-A.json env-B.json ... > fastmcp_v2_env.json
        (any python) folds such dumps into one file listing, per class, the releases that
        read each variable: tests/data/fastmcp_v2_env.json, which tests/catalog_coverage.rs
        checks env-v2's ignore/refuse rules against.

The catalog's `fastmcp_versions` lists the releases dumped. See the README's catalog
section for the whole procedure.
"""

import importlib
import inspect
import json
import sys


def describe(param):
    """One parameter as JSON-friendly data."""
    annotation = param.annotation
    if annotation is inspect.Parameter.empty:
        annotation_text = None
    elif isinstance(annotation, str):
        annotation_text = annotation
    else:
        annotation_text = inspect.formatannotation(annotation)
    default = None if param.default is inspect.Parameter.empty else repr(param.default)
    return {
        "name": param.name,
        "kind": param.kind.name,
        "required": param.default is inspect.Parameter.empty,
        "default": default,
        "annotation": annotation_text,
    }


def constructor_params(cls):
    """The keyword parameters of `cls.__init__`, `self` and `**kwargs` excluded; a
    `**kwargs` passed on to the base class (AWSCognitoTokenVerifier -> JWTVerifier) adds the
    base class's own, as tests/python/check_coverage.py reads them."""
    params, seen = [], set()
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        own = [p for name, p in inspect.signature(klass.__init__).parameters.items() if name != "self"]
        for p in own:
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name not in seen:
                seen.add(p.name)
                params.append(describe(p))
        if not any(p.kind == p.VAR_KEYWORD for p in own):
            break
    return params


def load_class(module_path, class_name):
    """The class, or None when the release lacks its module or the class."""
    try:
        module = importlib.import_module(module_path)
    except ImportError:
        return None
    return getattr(module, class_name, None)


def dump(catalog_path):
    import fastmcp

    with open(catalog_path, encoding="utf-8") as f:
        catalog = json.load(f)
    classes = {}
    for spec in catalog["providers"]:
        if spec.get("custom") or not spec.get("provider_class"):
            continue
        cls = load_class(spec["import_path"], spec["provider_class"])
        classes[spec["type"]] = {
            "class": spec["provider_class"],
            "module": spec["import_path"],
            "present": cls is not None,
            "params": constructor_params(cls) if cls is not None else [],
        }
    json.dump({"fastmcp": fastmcp.__version__, "classes": classes}, sys.stdout, indent=1)
    print()
    return 0


def version_key(text):
    return tuple(int(part) for part in text.split("."))


def first_and_removed(present_by_version):
    """(since, removed) over releases in order: since is the first release with it, removed
    the first later release without it; None where that is the oldest release / never."""
    versions = list(present_by_version)
    since = next((v for v in versions if present_by_version[v]), None)
    if since is None:
        return None, None
    later = versions[versions.index(since) :]
    removed = next((v for v in later if not present_by_version[v]), None)
    return (None if since == versions[0] else since), removed


def versions(paths):
    dumps = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            dumps.append(json.load(f))
    dumps.sort(key=lambda d: version_key(d["fastmcp"]))
    order = [d["fastmcp"] for d in dumps]
    types = []
    for d in dumps:
        for t in d["classes"]:
            if t not in types:
                types.append(t)
    report = {"fastmcp_versions": order, "classes": {}}
    for t in types:
        present = {d["fastmcp"]: d["classes"].get(t, {}).get("present", False) for d in dumps}
        since, removed = first_and_removed(present)
        params = {}
        names = []
        for d in dumps:
            for p in d["classes"].get(t, {}).get("params", []):
                if p["name"] not in names:
                    names.append(p["name"])
        for name in names:
            has = {}
            for d in dumps:
                entry = d["classes"].get(t, {})
                has[d["fastmcp"]] = any(p["name"] == name for p in entry.get("params", []))
            # Relative to the class: a parameter as old as its class records no `since`.
            class_versions = [v for v in order if present[v]]
            p_since, p_removed = first_and_removed({v: has[v] for v in class_versions})
            if class_versions and p_since == class_versions[0]:
                p_since = None
            latest = next(
                (p for d in reversed(dumps) for p in d["classes"].get(t, {}).get("params", [])
                 if p["name"] == name),
                None,
            )
            params[name] = {
                "since": p_since,
                "removed": p_removed,
                "default": latest["default"],
                "annotation": latest["annotation"],
            }
        report["classes"][t] = {"since": since, "removed": removed, "params": params}
    json.dump(report, sys.stdout, indent=1)
    print()
    return 0


def settings_classes(cls):
    """The pydantic-settings classes `cls.__init__` validates its arguments with: those of
    its module named in the constructor's source."""
    import ast
    import textwrap

    from pydantic_settings import BaseSettings

    module = importlib.import_module(cls.__module__)
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls.__init__)))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    found = [
        obj
        for name, obj in vars(module).items()
        if name in names
        and inspect.isclass(obj)
        and issubclass(obj, BaseSettings)
        and obj is not BaseSettings
    ]
    return found, tree


def used_settings_fields(tree):
    """Fields the constructor reads back as `settings.<field>` (any local named settings)."""
    import ast

    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "settings"
    }


def env_names(settings_cls, field_name, field):
    """The variables pydantic-settings reads for one field: its aliases if it has any,
    else env_prefix + name (upper-cased: FastMCP's settings are case-insensitive)."""
    prefix = settings_cls.model_config.get("env_prefix", "")
    aliases = [a for a in (field.validation_alias, field.alias) if isinstance(a, str)]
    if aliases:
        return sorted({a.upper() for a in aliases})
    return [(prefix + field_name).upper()]


def env_dump(catalog_path):
    import fastmcp

    with open(catalog_path, encoding="utf-8") as f:
        catalog = json.load(f)
    classes = {}
    for spec in catalog["providers"]:
        if spec.get("custom") or not spec.get("provider_class"):
            continue
        cls = load_class(spec["import_path"], spec["provider_class"])
        entry = {"class": spec["provider_class"], "present": cls is not None}
        if cls is not None:
            found, tree = settings_classes(cls)
            used = used_settings_fields(tree)
            entry["settings"] = [
                {
                    "class": s.__name__,
                    "env_prefix": s.model_config.get("env_prefix", ""),
                    "case_sensitive": bool(s.model_config.get("case_sensitive", False)),
                    "fields": {
                        name: {
                            "variables": env_names(s, name, field),
                            "passed_on": name in used,
                        }
                        for name, field in s.model_fields.items()
                    },
                }
                for s in found
            ]
            entry["params"] = {p["name"]: p["default"] for p in constructor_params(cls)}
        classes[spec["type"]] = entry
    json.dump({"fastmcp": fastmcp.__version__, "classes": classes}, sys.stdout, indent=1)
    print()
    return 0


def env_merge(paths):
    """One file for all 2.x dumps: per class, the releases that have it, its settings
    prefix per release, per variable the releases whose settings read it (and pass it on
    to the constructor's parameter), and per parameter no variable sets, its default (repr)
    and the releases with that default."""
    dumps = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            dumps.append(json.load(f))
    dumps.sort(key=lambda d: version_key(d["fastmcp"]))
    merged = {
        "about": "Written by scripts/introspect_fastmcp.py env-merge: which "
        "FASTMCP_SERVER_AUTH_* variables each FastMCP 2.x release reads, per catalog class",
        "releases": [d["fastmcp"] for d in dumps],
        "classes": {},
    }
    for d in dumps:
        release = d["fastmcp"]
        for type_name, entry in d["classes"].items():
            out = merged["classes"].setdefault(
                type_name,
                {
                    "class": entry["class"],
                    "present": [],
                    "env_prefix": {},
                    "reads": {},
                    "unread_defaults": {},
                },
            )
            if not entry["present"]:
                continue
            out["present"].append(release)
            read = set()
            for settings in entry["settings"]:
                out["env_prefix"].setdefault(settings["env_prefix"], []).append(release)
                for name, field in settings["fields"].items():
                    if not field["passed_on"] or name not in entry["params"]:
                        continue
                    read.add(name)
                    for variable in field["variables"]:
                        out["reads"].setdefault(variable, []).append(release)
            for name, default in entry["params"].items():
                if name not in read:
                    by_default = out["unread_defaults"].setdefault(name, {})
                    by_default.setdefault(str(default), []).append(release)
    json.dump(merged, sys.stdout, indent=1)
    print()
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "dump":
        return dump(argv[1])
    if len(argv) >= 2 and argv[0] == "env":
        return env_dump(argv[1])
    if len(argv) >= 2 and argv[0] == "env-merge":
        return env_merge(argv[1:])
    if len(argv) >= 2 and argv[0] == "versions":
        return versions(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
