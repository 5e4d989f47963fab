"""Check that fastmcp-auth's catalog covers every constructor parameter of FastMCP's classes.

Usage: python check_coverage.py VERSION < catalog.json

The catalog is the tool's merged catalog (shared OAuth-proxy fields included), as
`serde_json::to_string(Catalog::builtin())` writes it. VERSION is the FastMCP release this
python has; the script refuses to judge another one. For every catalog class it prints one
JSON line {"type": ..., "class": ..., "problems": [...]}, where a problem is:
- the catalog says the release has the class and it does not, or the other way round;
- a constructor parameter that is neither a field in this release's range, nor the scope
  parameter, nor listed in `not_configurable`;
- a field the catalog gives this release that the constructor lacks (its since/removed is
  wrong), or a field the catalog withholds from this release that the constructor has;
- a bool field whose text values for this release (its `choices`, less those whose
  `choice_since` is later) differ from the Literal values of the parameter's annotation
  (`require_authorization_consent: bool | Literal["remember", "external"]`), or a choice
  field offering a value the annotation's Literal lacks.
Exits 0 when it could check every class.
"""

import importlib
import inspect
import json
import sys
import typing


def version_key(text):
    return tuple(int(part) for part in str(text).split(".")[:3])


def in_range(entry, version):
    """`since` <= version < `removed`, either bound absent meaning open."""
    since, removed = entry.get("since"), entry.get("removed")
    if since is not None and version < version_key(since):
        return False
    if removed is not None and version >= version_key(removed):
        return False
    return True


def load_class(spec):
    try:
        module = importlib.import_module(spec["import_path"])
    except ImportError:
        return None
    return getattr(module, spec["provider_class"], None)


def keyword_params(cls):
    """The constructor's keyword parameters; a `**kwargs` passed on to the base class
    (AWSCognitoTokenVerifier -> JWTVerifier) adds the base class's own."""
    params = []
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        signature = inspect.signature(klass.__init__)
        own = [p for name, p in signature.parameters.items() if name != "self"]
        params += [
            p.name
            for p in own
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name not in params
        ]
        if not any(p.kind == p.VAR_KEYWORD for p in own):
            break
    return params


def literal_values(annotation):
    """The values of every Literal inside an annotation (through unions and aliases)."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    values = set()
    for arg in typing.get_args(annotation):
        values |= literal_values(arg)
    return values


def annotation_of(cls, name):
    """A parameter's annotation as an object (string annotations evaluated in the class's
    module; None when that fails)."""
    # The class that declares it: a `**kwargs` passes parameters on to a base class.
    owner = next(
        k
        for k in cls.__mro__
        if "__init__" in vars(k) and name in inspect.signature(k.__init__).parameters
    )
    annotation = inspect.signature(owner.__init__).parameters[name].annotation
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, vars(sys.modules[owner.__module__]))  # noqa: S307
        except NameError:
            return None
    return annotation


def value_problems(label, cls, field, version):
    """The field's text values for this release against the annotation's Literal values."""
    if field["kind"] not in ("bool", "choice"):
        return []
    annotation = annotation_of(cls, field["name"])
    if annotation is None:
        return []
    takes = {v for v in literal_values(annotation) if isinstance(v, str)}
    if field["kind"] == "choice" and not takes:
        return []  # a plain str parameter: the catalog's choices narrow it on purpose
    since = field.get("choice_since", {})
    given = {c for c in field.get("choices", []) if in_range({"since": since.get(c)}, version)}
    # A choice may leave out values on purpose (Supabase's legacy HS256 in 2.x); never one
    # the release lacks. A bool's text values must match exactly.
    wrong = bool(given - takes) if field["kind"] == "choice" else takes != given
    if wrong:
        return [
            f"{label}'s {field['name']} takes {sorted(takes)}, yet the catalog gives this "
            f"release {sorted(given)}"
        ]
    return []


def problems_of(spec, version, version_text):
    cls = load_class(spec)
    expected = in_range(spec, version)
    label = f"{spec['provider_class']} (FastMCP {version_text})"
    if cls is None:
        return [f"{label} cannot be imported, yet the catalog says it has it"] if expected else []
    if not expected:
        return [f"{label} exists, yet the catalog's since/removed leave it out"]
    params = keyword_params(cls)
    scope_param = spec["scopes"].get("param", "required_scopes")
    fields = {f["name"]: f for f in spec["fields"]}
    explained = {n["name"] for n in spec.get("not_configurable", [])}
    # A parameter that takes a token verifier is given as a nested config.
    explained |= {f["name"] for f in spec.get("verifier_fields", [])}
    problems = []
    scope_range = {"since": spec["scopes"].get("since")}
    # Scopes routed to a token verifier (`scopes.via`) are not the class's own parameter.
    routed = spec["scopes"].get("via") is not None
    if (
        not routed
        and fields.get(scope_param) is None
        and (scope_param in params) != in_range(scope_range, version)
    ):
        problems.append(
            f"{label} {'takes' if scope_param in params else 'has no'} {scope_param}, yet the "
            f"catalog's scopes.since says {'not' if scope_param in params else 'it does'}"
        )
    for name in params:
        if name == scope_param or name in explained:
            continue
        field = fields.get(name)
        if field is None:
            problems.append(
                f"{label} takes {name}, which the catalog neither covers nor lists as not configurable"
            )
        elif not in_range(field, version):
            problems.append(
                f"{label} takes {name}, yet the field's since/removed leave it out"
            )
        else:
            problems.extend(value_problems(label, cls, field, version))
    for name, field in fields.items():
        if in_range(field, version) and name not in params:
            problems.append(f"{label} has no parameter {name}, yet the catalog gives this release the field")
    return problems


def main(version_text):
    import fastmcp

    if version_key(fastmcp.__version__) != version_key(version_text):
        print(
            f"this python has FastMCP {fastmcp.__version__}, not {version_text}", file=sys.stderr
        )
        return 2
    catalog = json.load(sys.stdin)
    version = version_key(version_text)
    for spec in catalog["providers"]:
        if spec.get("custom"):
            continue
        print(
            json.dumps(
                {
                    "type": spec["type"],
                    "class": spec["provider_class"],
                    "problems": problems_of(spec, version, version_text),
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
