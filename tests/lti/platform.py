"""A small LTI 1.3 platform for the tests: real RSA keys, real JWTs, real HTTP.

It plays Moodle's or Canvas's part: it starts launches (login initiation parameters), answers
the tool's OIDC authorization redirect with a signed id_token, serves its JWKS, issues
client-credentials tokens only for assertions signed with the tool's published keys, takes
AGS scores on its line items, and verifies deep-linking responses posted to its return URL.
The JWKS, token, score and return endpoints are served by http.server on a thread, so the
app reaches them with real HTTP requests exactly as it reaches a production platform.
"""

import html
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"


def new_key():
    """A 2048-bit RSA private key."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Platform:
    """An LTI 1.3 platform with one client registration of the tool."""

    def __init__(self, host: str = "127.0.0.1"):
        self.key = new_key()
        self.kid = "platform-key-1"
        self.client_id = "clusterlearn-" + uuid.uuid4().hex[:8]
        self.deployment_id = "deployment-1"
        self.tool_jwks: dict | None = None  # the tool's published keys, once fetched
        self.access_tokens: set[str] = set()
        self.token_requests: list[dict] = []  # verified client assertions
        self.scores: list[tuple[str, dict]] = []  # (line item path, score)
        self.deep_links: list[dict] = []  # verified deep-linking responses
        self.refuse_scores = False  # simulate an outage of the grade book
        self.deep_link_data: str | None = "opaque-platform-data"
        self.lineitems: list[dict] = []  # line items the tool created in the container
        self.tool_login_url = ""  # for the browser pages: where launches start
        self.pending: dict[str, dict] = {}  # browser launches: message hint -> claims
        self.server = ThreadingHTTPServer((host, 0), self._handler())
        self.base = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop the HTTP server."""
        self.server.shutdown()
        self.server.server_close()

    # What the platform shows its admin, to paste into ClusterLearn.
    @property
    def issuer(self) -> str:
        return self.base

    @property
    def auth_login_url(self) -> str:
        return self.base + "/auth"

    @property
    def token_url(self) -> str:
        return self.base + "/token"

    @property
    def jwks_url(self) -> str:
        return self.base + "/jwks"

    def lineitem_url(self, n: int = 1) -> str:
        return f"{self.base}/lineitems/{n}/lineitem"

    @property
    def return_url(self) -> str:
        return self.base + "/deep_link_return"

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [dict(jwk, kid=self.kid, alg="RS256", use="sig")]}

    # The launch, step by step.
    def login_initiation(self, sub: str, hint: str = "resource") -> dict:
        """The parameters a platform sends to the tool's login URL."""
        return {"iss": self.issuer, "login_hint": sub, "lti_message_hint": hint,
                "target_link_uri": "ignored-by-the-tool", "client_id": self.client_id,
                "lti_deployment_id": self.deployment_id}

    def authorize(self, location: str, claims: dict, key=None, kid: str | None = None,
                  **overrides) -> tuple[str, dict]:
        """Check the tool's authorization request; return where and what to form-post."""
        url = urlsplit(location)
        assert f"{url.scheme}://{url.netloc}{url.path}" == self.auth_login_url, location
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert query["scope"] == "openid" and query["response_type"] == "id_token"
        assert query["response_mode"] == "form_post" and query["prompt"] == "none"
        assert query["client_id"] == self.client_id
        token = self.id_token(query["nonce"], claims, key=key, kid=kid, **overrides)
        return query["redirect_uri"], {"id_token": token, "state": query["state"]}

    def id_token(self, nonce: str, claims: dict, key=None, kid: str | None = None,
                 **overrides) -> str:
        """A signed id_token for the tool, with the nonce the tool asked for."""
        now = int(time.time())
        body = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300,
                "nonce": nonce, LTI + "deployment_id": self.deployment_id,
                LTI + "version": "1.3.0", **claims}
        body.update(overrides)
        return jwt.encode(body, key or self.key, algorithm="RS256",
                          headers={"kid": kid or self.kid})

    # Browser pages: a course page that starts a launch, and the authorization endpoint.
    def course_page(self, claims: dict, framed: bool = False) -> str:
        """The URL of a platform page that launches the tool with these claims, in the
        window or inside an iframe of the page."""
        hint = uuid.uuid4().hex
        self.pending[hint] = claims
        return f"{self.base}/course?hint={hint}&framed={int(framed)}"

    def _course_html(self, query: dict) -> str:
        claims = self.pending[query["hint"]]
        fields = {"iss": self.issuer, "login_hint": claims["sub"],
                  "lti_message_hint": query["hint"], "client_id": self.client_id,
                  "lti_deployment_id": self.deployment_id, "target_link_uri": "x"}
        framed = query.get("framed") == "1"
        return _auto_post(self.tool_login_url, fields, target="tool" if framed else None,
                          frame=framed)

    def _auth_html(self, query: dict) -> str:
        assert query["client_id"] == self.client_id and query["prompt"] == "none"
        token = self.id_token(query["nonce"], self.pending[query["lti_message_hint"]])
        return _auto_post(query["redirect_uri"], {"id_token": token, "state": query["state"]})

    def resource_claims(self, sub: str, item: str, *, context: str = "course-101",
                        link: str = "link-1", lineitem: int | None = None,
                        container_only: bool = False, **person) -> dict:
        """An LtiResourceLinkRequest's claims for a link placed by deep linking."""
        claims = {
            "sub": sub, "name": person.get("name", "Ana Learner"),
            "email": person.get("email", f"{sub}@platform.example"),
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            LTI + "resource_link": {"id": link, "title": item},
            LTI + "context": {"id": context, "label": "CM101", "title": "Cluster management"},
            LTI + "target_link_uri": "http://localhost/lti/launch",
            LTI + "custom": {"course": "sample", "item": item},
        }
        if lineitem is not None:
            claims[AGS] = {"scope": [LINEITEM_SCOPE, SCORE_SCOPE],
                           "lineitems": f"{self.base}/lineitems",
                           "lineitem": self.lineitem_url(lineitem)}
        if container_only:  # a link without a grade column: the tool finds or creates one
            claims[AGS] = {"scope": [LINEITEM_SCOPE, SCORE_SCOPE],
                           "lineitems": f"{self.base}/lineitems"}
        return claims

    def deep_linking_claims(self, sub: str = "teacher-1") -> dict:
        """An LtiDeepLinkingRequest's claims, as a teacher's "Select content" sends."""
        return {
            "sub": sub, "name": "Tea Cher",
            LTI + "message_type": "LtiDeepLinkingRequest",
            LTI + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
            LTI + "context": {"id": "course-101", "title": "Cluster management"},
            DL + "deep_linking_settings": {
                "deep_link_return_url": self.return_url,
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True,
                **({"data": self.deep_link_data} if self.deep_link_data else {})},
        }

    # Server side.
    def _tool_key(self, token: str):
        kid = jwt.get_unverified_header(token)["kid"]
        for jwk in (self.tool_jwks or {}).get("keys", []):
            if jwk["kid"] == kid:
                return RSAAlgorithm.from_jwk(json.dumps(jwk))
        raise jwt.InvalidTokenError(f"unknown kid {kid}")

    def _token(self, form: dict) -> tuple[int, dict]:
        assert form["grant_type"] == "client_credentials"
        assert form["client_assertion_type"] == \
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        try:
            claims = jwt.decode(form["client_assertion"], self._tool_key(form["client_assertion"]),
                                algorithms=["RS256"], audience=self.token_url,
                                issuer=self.client_id)
        except jwt.InvalidTokenError as error:
            return 401, {"error": "invalid_client", "error_description": str(error)}
        assert claims["sub"] == self.client_id
        self.token_requests.append(claims)
        token = uuid.uuid4().hex
        self.access_tokens.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                     "scope": form.get("scope", "")}

    def _score(self, path: str, headers, body: bytes) -> tuple[int, dict]:
        if self.refuse_scores:
            return 503, {"error": "grade book down"}
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
            return 401, {"error": "invalid token"}
        if headers.get("Content-Type") != "application/vnd.ims.lis.v1.score+json":
            return 415, {"error": "score media type expected"}
        self.scores.append((path, json.loads(body)))
        return 200, {}

    def _authorized(self, headers) -> bool:
        auth = headers.get("Authorization", "")
        return auth.startswith("Bearer ") and auth[7:] in self.access_tokens

    def _lineitems(self, headers, body: bytes | None) -> tuple[int, object]:
        """The context's line item container: GET lists, POST creates."""
        if not self._authorized(headers):
            return 401, {"error": "invalid token"}
        if body is None:
            return 200, self.lineitems
        if headers.get("Content-Type") != "application/vnd.ims.lis.v2.lineitem+json":
            return 415, {"error": "line item media type expected"}
        item = dict(json.loads(body), id=self.lineitem_url(100 + len(self.lineitems)))
        self.lineitems.append(item)
        return 201, item

    def _deep_link_return(self, form: dict) -> tuple[int, dict]:
        try:
            claims = jwt.decode(form["JWT"], self._tool_key(form["JWT"]), algorithms=["RS256"],
                                audience=self.issuer, issuer=self.client_id)
        except jwt.InvalidTokenError as error:
            return 400, {"error": str(error)}
        assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
        assert claims[LTI + "deployment_id"] == self.deployment_id
        assert claims.get(DL + "data") == self.deep_link_data  # returned only if it was sent
        self.deep_links.append(claims)
        return 200, {"placed": len(claims[DL + "content_items"])}

    def _handler(self):
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def _answer(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _html(self, html: str) -> None:
                data = html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/jwks":
                    return self._answer(200, platform.jwks())
                if url.path == "/course":
                    return self._html(platform._course_html(query))
                if url.path == "/auth":
                    return self._html(platform._auth_html(query))
                if url.path == "/lineitems":
                    return self._answer(*platform._lineitems(self.headers, None))
                return self._answer(404, {})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                if self.path == "/token":
                    return self._answer(*platform._token(form))
                if self.path.startswith("/lineitems/") and self.path.endswith("/scores"):
                    return self._answer(*platform._score(self.path, self.headers, body))
                if self.path == "/lineitems":
                    return self._answer(*platform._lineitems(self.headers, body))
                if self.path == "/deep_link_return":
                    return self._answer(*platform._deep_link_return(form))
                return self._answer(404, {})

        return Handler


def _auto_post(action: str, fields: dict, target: str | None = None,
               frame: bool = False) -> str:
    """A platform page whose form posts itself, as Moodle's and Canvas's launch pages do."""
    inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in fields.items())
    target_attr = f' target="{target}"' if target else ""
    iframe = '<iframe name="tool" title="ClusterLearn" width="900" height="600"></iframe>' \
        if frame else ""
    return (f"<!doctype html><html lang='en'><title>Platform</title><body><h1>Cluster management"
            f"</h1><form id='launch' method='post' action='{html.escape(action)}'{target_attr}>"
            f"{inputs}</form>{iframe}"
            "<script>document.getElementById('launch').submit()</script></body></html>")
