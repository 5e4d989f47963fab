"""What a FastMCP release does with GoogleProvider's required_scopes.

Usage: python google_scopes.py '["openid", "..."]'

Prints one JSON object: the scopes MCP clients may request (`valid_scopes` of the client
registration options: what /register and /authorize accept) and whether a Google access
token whose tokeninfo carries `openid` and the long userinfo names (what Google returns,
whatever form was asked for) passes the provider's token check. Google is never called:
the HTTP client the verifier opens is given an in-process mock transport.
"""

import asyncio
import json
import sys
import warnings

warnings.filterwarnings("ignore")

from fastmcp.server.auth.providers import google  # noqa: E402

GRANTED = (
    "openid https://www.googleapis.com/auth/userinfo.email "
    "https://www.googleapis.com/auth/userinfo.profile"
)


def answer(request):
    http = HTTP
    if "tokeninfo" in str(request.url):
        return http.Response(
            200,
            json={
                "aud": "123-abc.apps.googleusercontent.com",
                "azp": "123-abc.apps.googleusercontent.com",
                "sub": "1",
                "scope": GRANTED,
                "expires_in": 3000,
                "exp": 4102444800,
                "email": "a@example.com",
            },
        )
    return http.Response(200, json={"id": "1", "email": "a@example.com", "name": "A"})


# FastMCP 4.2 uses httpx2, older releases httpx; both have MockTransport.
HTTP = getattr(google, "httpx2", None) or google.httpx
_init = HTTP.AsyncClient.__init__


def _mocked_init(self, *args, **kwargs):
    kwargs["transport"] = HTTP.MockTransport(answer)
    _init(self, *args, **kwargs)


HTTP.AsyncClient.__init__ = _mocked_init


async def main(scopes):
    provider = google.GoogleProvider(
        client_id="123-abc.apps.googleusercontent.com",
        client_secret="GOCSPX-test",
        base_url="https://mcp.example.com",
        required_scopes=scopes,
        jwt_signing_key="k" * 32,
    )
    verifier = provider._token_validator
    token = await verifier.verify_token("ya29.test-token")
    options = provider.client_registration_options
    print(
        json.dumps(
            {
                "valid_scopes": list(options.valid_scopes or []),
                "token_accepted": token is not None,
            }
        )
    )


asyncio.run(main(json.loads(sys.argv[1])))
