"""api-reference.md "异常处理" and the validation the specification promised: every
rejection is a ValueError subclass naming the field; no secret reaches a message."""

import pytest

import fastmcp_auth
from fastmcp_auth import AuthConfigError, auth_jwt_payload, auth_provider, auth_service


def test_exception_handling_example_catches_value_error():
    # The specification's example catches ValueError around a bearer config; an unusable
    # JWKS URI (not https) is such an error here, at generate time.
    with pytest.raises(ValueError) as caught:
        (
            auth_service("my-api")
            .require_scopes("read", "write")
            .use_bearer_auth(jwks_uri="ftp://invalid-uri.com/jwks.json", issuer="https://auth.example.com", audience="my-service")
            .generate_fastmcp_config()
        )
    assert isinstance(caught.value, AuthConfigError)
    assert type(caught.value).__module__ == "fastmcp_auth"
    assert caught.value.field == "jwks_uri"
    assert "jwks_uri" in str(caught.value)


def test_unknown_provider_type_lists_known_ones():
    with pytest.raises(fastmcp_auth.UnknownProviderTypeError) as caught:
        auth_provider("kerberos")
    assert caught.value.field == "provider_type"
    assert "google" in str(caught.value)


def test_missing_field_is_named():
    with pytest.raises(fastmcp_auth.MissingFieldError) as caught:
        auth_provider("google").set_base_url("https://x.example.com").generate_fastmcp_config()
    assert caught.value.field in ("client_id", "client_secret")


def test_no_provider_raises_instead_of_none():
    # The specification returned None here, which failed later, far from the cause.
    with pytest.raises(fastmcp_auth.NoProviderError):
        auth_service("lonely").require_scopes("read").generate_fastmcp_config()


def test_unset_environment_variable_via_os_getenv_names_field():
    # examples.md §2 with the variables unset: os.getenv gives None.
    with pytest.raises(fastmcp_auth.InvalidFieldError) as caught:
        auth_service("payment_api").use_bearer_auth(jwks_uri=None, issuer=None, audience=None)
    assert caught.value.field == "jwks_uri"


def test_secret_literal_becomes_a_reference_and_is_never_echoed(serve):
    # The specification passes os.getenv("GOOGLE_CLIENT_SECRET"), a literal secret: the
    # config keeps a ${VAR} reference instead, so a saved or logged config holds no secret.
    secret = "GOCSPX-do-not-print-this-9f8e7d"
    service = auth_service("g").use_google_auth(
        client_id="123.apps.googleusercontent.com", client_secret=secret, base_url="https://x.example.com"
    )
    config = service.generate_fastmcp_config()
    assert config["config_params"]["client_secret"] == "${GOOGLE_CLIENT_SECRET}"
    assert secret not in repr(config) and secret not in repr(service)
    provider = serve(config, {"GOOGLE_CLIENT_SECRET": secret})
    assert type(provider).__name__ == "GoogleProvider"
    # Asked for explicitly, the secret is embedded (for an in-memory provider).
    assert service.generate_fastmcp_config(embed_secrets=True)["config_params"]["client_secret"] == secret


def test_invalid_scope_and_service_name():
    with pytest.raises(fastmcp_auth.InvalidScopeError):
        auth_service("api").require_scopes("has space").use_bearer_auth(
            "https://a.example.com/jwks.json", "https://a.example.com", "x"
        ).generate_fastmcp_config()
    with pytest.raises(fastmcp_auth.InvalidFieldError) as caught:
        auth_service("../etc").use_bearer_auth(
            "https://a.example.com/jwks.json", "https://a.example.com", "x"
        ).generate_fastmcp_config()
    assert caught.value.field == "service_name"


def test_reserved_claim_and_expiry():
    with pytest.raises(fastmcp_auth.ReservedClaimError) as caught:
        auth_jwt_payload("u").add_claim("exp", 1).generate_payload()
    assert caught.value.field == "exp"
    with pytest.raises(fastmcp_auth.InvalidFieldError) as caught:
        auth_jwt_payload("u").expires_in(0).generate_payload()
    assert caught.value.field == "expires_in"
    with pytest.raises(TypeError):
        auth_jwt_payload("u").add_claim("when", object())


def test_build_provider_missing_variable_names_field_and_variable():
    config = auth_service("e").use_bearer_auth("${JWKS}", "https://a.example.com", "x").generate_fastmcp_config()
    with pytest.raises(fastmcp_auth.MissingEnvironmentVariableError) as caught:
        fastmcp_auth.build_provider(config, environ={})
    assert caught.value.field == "jwks_uri" and "JWKS" in str(caught.value)


def test_build_provider_imports_only_fastmcp(tmp_path, monkeypatch):
    # A config naming another module must not get it imported (that would run its code).
    (tmp_path / "evil_module.py").write_text("raise SystemExit('imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    config = {"provider_class": "X", "import_path": "evil_module", "config_params": {}}
    with pytest.raises(AuthConfigError) as caught:
        fastmcp_auth.build_provider(config, environ={})
    assert caught.value.field == "import_path"


def test_importing_the_package_does_not_import_fastmcp():
    import subprocess
    import sys

    code = "import sys, fastmcp_auth; print('fastmcp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
