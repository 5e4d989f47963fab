"""Whether FastMCP's JWTVerifier can verify tokens of each algorithm with each key.

Reads a JSON list of [algorithm, key text] pairs on stdin and prints a JSON list of
booleans: the constructor accepts the pair (it refuses a PEM for HS*), the key imports as
the algorithm's key type (what `load_access_token` does before verifying), the algorithm
accepts that key (joserfc's check, e.g. the curve for ES*), and verifying a signature with
it gives an answer (False for this made-up one) rather than a key error.
"""

import json
import sys

from fastmcp.server.auth.providers.jwt import JWTVerifier, _import_key_for_algorithm
from joserfc.jws import JWSRegistry


def fits(algorithm: str, key: str) -> bool:
    try:
        JWTVerifier(public_key=key, algorithm=algorithm)
        if algorithm.startswith("HS"):
            return True
        imported = _import_key_for_algorithm(key, algorithm)
        model = JWSRegistry.algorithms[algorithm]
        model.check_key(imported)
        model.verify(b"header.payload", bytes(512), imported)
        return True
    except Exception:
        return False


pairs = json.load(sys.stdin)
print(json.dumps([fits(algorithm, key) for algorithm, key in pairs]))
