"""Two FastMCP replicas behind a round-robin proxy, a fake OpenID provider, and a real OAuth
client flow (registration, authorize, consent, upstream sign-in, callback, token exchange
with PKCE, an authenticated tools/call), each request landing on the other replica.

Usage: python replicas_flow.py SETTINGS.json

SETTINGS: {"idp_port", "proxy_port", "replica_ports": [a, b], "tmp",
           "configs": {"shared", "rotated", "single"}, "redis_url", "closed_redis_url",
           "deadline_seconds"}
The shared config keeps state in Redis under ${FASTMCP_STORAGE_KEY}; the rotated one
lists ${FASTMCP_STORAGE_KEY} then ${FASTMCP_STORAGE_KEY_OLD}; the single one has FastMCP's
default per-machine store (each replica gets its own FASTMCP_HOME, as on two machines).

Prints one JSON object: one entry per proof, each with "ok" and what was seen. Every wait
has a deadline; every process started here is stopped before exiting.
"""

import base64
import hashlib
import http.client
import http.server
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from urllib.parse import parse_qs, urlencode, urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
S = json.load(open(sys.argv[1]))
DEADLINE = time.monotonic() + S["deadline_seconds"]
IDP = f"http://127.0.0.1:{S['idp_port']}/idp"
BASE = f"http://127.0.0.1:{S['proxy_port']}"
CLIENT_REDIRECT = "http://127.0.0.1:53682/callback"
UPSTREAM_CLIENT_ID = "replica-test-client"


def remaining():
    left = DEADLINE - time.monotonic()
    if left <= 0:
        raise TimeoutError("replicas_flow: overall deadline passed")
    return left


# ---- fake OpenID provider ----------------------------------------------------------------

from fastmcp.server.auth.providers.jwt import RSAKeyPair  # noqa: E402
from joserfc.jwk import RSAKey  # noqa: E402

KEY = RSAKeyPair.generate()
JWK = dict(RSAKey.import_key(KEY.public_key).as_dict(private=False), kid="k1", use="sig", alg="RS256")
CODES = {}  # upstream authorization code -> redirect_uri
REFRESH = set()


def upstream_tokens():
    refresh = "urt-" + secrets.token_urlsafe(16)
    REFRESH.add(refresh)
    access = KEY.create_token(subject="alice", issuer=IDP, scopes=["openid"], kid="k1")
    return {"access_token": access, "token_type": "Bearer", "expires_in": 3600,
            "refresh_token": refresh, "scope": "openid"}


class IdpHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=None, location=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/idp/.well-known/openid-configuration":
            self.reply(200, {
                "issuer": IDP,
                "authorization_endpoint": IDP + "/authorize",
                "token_endpoint": IDP + "/token",
                "jwks_uri": IDP + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
            })
        elif url.path == "/idp/jwks":
            self.reply(200, {"keys": [JWK]})
        elif url.path == "/idp/authorize":
            # The user signs in at once: straight back to the proxy's callback.
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            code = "uc-" + secrets.token_urlsafe(12)
            CODES[code] = q["redirect_uri"]
            self.reply(302, location=q["redirect_uri"] + "?" + urlencode({"code": code, "state": q["state"]}))
        else:
            self.reply(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if urlparse(self.path).path != "/idp/token":
            return self.reply(404, {"error": "not_found"})
        if form.get("grant_type") == "authorization_code" and CODES.pop(form.get("code"), None):
            return self.reply(200, upstream_tokens())
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token") in REFRESH:
            return self.reply(200, upstream_tokens())
        self.reply(400, {"error": "invalid_grant"})


# ---- round-robin reverse proxy -----------------------------------------------------------

NEXT = {"i": 0}
LOCK = threading.Lock()
HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def forward(self):
        with LOCK:
            index = NEXT["i"] % 2
            NEXT["i"] += 1
        port = S["replica_ports"][index]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=min(30, remaining()))
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in HOP:
                    self.send_header(k, v)
            self.send_header("X-Served-By", "AB"[index])
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError as exc:
            msg = f"replica {'AB'[index]} unreachable: {exc}".encode()
            self.send_response(502)
            self.send_header("X-Served-By", "AB"[index])
            self.send_header("Content-Length", str(len(msg)))
            self.end_headers()
            self.wfile.write(msg)
        finally:
            conn.close()

    do_GET = do_POST = do_DELETE = forward


def serve(handler, port):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---- replicas ----------------------------------------------------------------------------

def start_replicas(config, env_extra):
    procs = []
    for name, port in zip("AB", S["replica_ports"]):
        env = dict(os.environ, FASTMCP_HOME=os.path.join(S["tmp"], "home-" + name), **env_extra)
        procs.append(subprocess.Popen(
            [sys.executable, os.path.join(HERE, "replica.py"), config, str(port), name],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc, port in zip(procs, S["replica_ports"]):
        wait_ready(proc, port)
    NEXT["i"] = 0
    return procs


def wait_ready(proc, port):
    while True:
        if proc.poll() is not None:
            raise RuntimeError("replica exited at start: " + proc.stderr.read()[-2000:])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/.well-known/oauth-authorization-server")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if remaining() < 1:
            raise TimeoutError(f"replica on {port} not ready")
        time.sleep(0.1)


def stop(procs):
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---- the OAuth client --------------------------------------------------------------------

class Client:
    def __init__(self):
        self.cookies = {}
        self.steps = []

    def request(self, step, method, url, form=None, json_body=None, headers=None):
        u = urlparse(url)
        headers = dict(headers or {})
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        if self.cookies and u.port == S["proxy_port"]:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=min(30, remaining()))
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read().decode(errors="replace")
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        served = resp.getheader("X-Served-By")
        self.steps.append({"step": step, "status": resp.status, "served_by": served})
        conn.close()
        return resp.status, resp.getheader("Location"), data


class FlowFailed(Exception):
    pass


def expect(client, status, wanted, data):
    if status not in wanted:
        raise FlowFailed(f"{client.steps[-1]['step']}: HTTP {status}: {data[:300]}")


def sign_in(client):
    """Registration to tokens; returns the token response."""
    status, _, data = client.request("register", "POST", BASE + "/register", json_body={
        "redirect_uris": [CLIENT_REDIRECT], "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
        "client_name": "replica test client"})
    expect(client, status, (201, 200), data)
    client_id = json.loads(data)["client_id"]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    state = secrets.token_urlsafe(12)
    status, location, data = client.request("authorize", "GET", BASE + "/authorize?" + urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": CLIENT_REDIRECT,
        "code_challenge": challenge, "code_challenge_method": "S256", "state": state,
        "scope": "openid", "resource": BASE + "/mcp"}))
    expect(client, status, (302, 303, 307), data)
    if urlparse(location).path != "/consent":
        raise FlowFailed(f"authorize did not ask for consent: {location}")
    status, _, page = client.request("consent page", "GET", location)
    expect(client, status, (200,), page)
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    txn_id = parse_qs(urlparse(location).query)["txn_id"][0]
    status, upstream, data = client.request("consent approve", "POST", BASE + "/consent", form={
        "txn_id": txn_id, "csrf_token": csrf, "action": "approve"})
    expect(client, status, (302, 303, 307), data)
    status, callback, data = client.request("upstream sign-in", "GET", upstream)
    expect(client, status, (302,), data)
    status, back, data = client.request("callback", "GET", callback)
    expect(client, status, (302, 303, 307), data)
    q = {k: v[0] for k, v in parse_qs(urlparse(back).query).items()}
    if q.get("state") != state or "code" not in q:
        raise FlowFailed(f"callback did not return a code for our state: {back}")
    status, _, data = client.request("token", "POST", BASE + "/token", form={
        "grant_type": "authorization_code", "code": q["code"], "redirect_uri": CLIENT_REDIRECT,
        "client_id": client_id, "code_verifier": verifier})
    expect(client, status, (200,), data)
    return dict(json.loads(data), client_id=client_id)


def call_tool(client, step, access_token):
    status, _, data = client.request(step, "POST", BASE + "/mcp", json_body={
        "jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "whoami", "arguments": {}}},
        headers={"Authorization": "Bearer " + access_token,
                 "Accept": "application/json, text/event-stream"})
    expect(client, status, (200,), data)
    result = json.loads(data)
    if "result" not in result or result["result"].get("isError"):
        raise FlowFailed(f"{step}: {data[:300]}")
    return result["result"]["content"][0]["text"]


def refresh(client, tokens):
    status, _, data = client.request("refresh", "POST", BASE + "/token", form={
        "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
        "client_id": tokens["client_id"]})
    expect(client, status, (200,), data)
    return dict(json.loads(data), client_id=tokens["client_id"])


def alternates(steps):
    """Every request through the proxy went to the other replica than the one before."""
    served = [s["served_by"] for s in steps if s["served_by"]]
    return len(served) >= 2 and all(a != b for a, b in zip(served, served[1:]))


def attempt(run):
    client = Client()
    try:
        value = run(client)
        return {"ok": True, "value": value, "steps": client.steps, "alternating": alternates(client.steps)}
    except FlowFailed as exc:
        return {"ok": False, "error": str(exc), "steps": client.steps}


def main():
    results = {}
    idp = serve(IdpHandler, S["idp_port"])
    proxy = serve(ProxyHandler, S["proxy_port"])
    old_key, new_key = S["old_key"], S["new_key"]
    shared_env = {"REDIS_URL": S["redis_url"], "FASTMCP_STORAGE_KEY": old_key}
    procs = []
    try:
        # 1. two replicas, one Redis
        procs = start_replicas(S["configs"]["shared"], shared_env)
        tokens = {}

        def full_flow(client):
            tokens.update(sign_in(client))
            return call_tool(client, "tools/call", tokens["access_token"])

        results["two_replicas"] = attempt(full_flow)
        # A second sign-in whose state stays encrypted under the old key (rotation control).
        fresh = {}
        results["rotation_control_setup"] = attempt(lambda c: fresh.update(sign_in(c)) or True)
        stop(procs)

        # 3. restart: the earlier token still works, and a refresh works
        procs = start_replicas(S["configs"]["shared"], shared_env)

        def after_restart(client):
            served = call_tool(client, "tools/call with the old token", tokens["access_token"])
            tokens.update(refresh(client, tokens))
            return [served, call_tool(client, "tools/call after refresh", tokens["access_token"])]

        results["restart"] = attempt(after_restart) if results["two_replicas"]["ok"] else {"ok": False, "error": "no tokens"}
        stop(procs)

        # 4. rotation: new key first, old second; the state written under the old key decrypts
        rotated_env = {"REDIS_URL": S["redis_url"], "FASTMCP_STORAGE_KEY": new_key,
                       "FASTMCP_STORAGE_KEY_OLD": old_key}
        procs = start_replicas(S["configs"]["rotated"], rotated_env)

        def after_rotation(client):
            served = call_tool(client, "tools/call after rotation", tokens["access_token"])
            tokens.update(refresh(client, tokens))
            return [served, call_tool(client, "tools/call after refresh", tokens["access_token"])]

        results["rotation"] = attempt(after_rotation) if results["restart"]["ok"] else {"ok": False, "error": "no tokens"}
        stop(procs)
        # Its control: the new key alone cannot read what the old key wrote before rotation.
        procs = start_replicas(S["configs"]["shared"], {"REDIS_URL": S["redis_url"], "FASTMCP_STORAGE_KEY": new_key})
        results["rotation_control"] = attempt(lambda c: call_tool(c, "tools/call, new key only", fresh["access_token"]))
        stop(procs)

        # 2. the control: FastMCP's per-machine store on each replica
        procs = start_replicas(S["configs"]["single"], {})
        results["single_instance"] = attempt(full_flow)
        stop(procs)

        # 5. Redis unreachable at start: one line naming the variable
        env = dict(os.environ, REDIS_URL=S["closed_redis_url"], FASTMCP_STORAGE_KEY=old_key,
                   FASTMCP_HOME=os.path.join(S["tmp"], "home-fault"))
        started = time.monotonic()
        fault = subprocess.run(
            [sys.executable, os.path.join(HERE, "replica.py"), S["configs"]["shared"],
             str(S["replica_ports"][0]), "A"],
            env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=min(60, remaining()))
        results["redis_unreachable"] = {"exit": fault.returncode, "stderr": fault.stderr,
                                        "seconds": round(time.monotonic() - started, 2)}
    except Exception as exc:  # reported with what was seen so far, not lost in a traceback
        results["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        stop(procs)
        proxy.shutdown()
        idp.shutdown()
        print(json.dumps(results))


if __name__ == "__main__":
    main()
