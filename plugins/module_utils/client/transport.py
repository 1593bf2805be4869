# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client's transport: one attempt of an API call, and what its answer (or its failure) means.

One requests.Session per client; the URL with its percent-encoded query, the body serialised once,
AK/SK signing per attempt (or the IAM token), timeouts and TLS verification; a request that got no
HTTP answer is classified (never sent, may have been sent, cannot work: client/failures.py, imported only
then), an answer is decoded, and errors are made here, scrubbed of every secret. Whether to try again is
client/retry.py's. No Ansible imports.
"""

import json
import threading
import traceback
import warnings
from urllib.parse import quote, urlsplit

try:
    import requests
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import REDACTED, clean
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.signer import canonical_query, sign_request

IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
# Methods that never change anything, so no failure of theirs may have taken effect.
READ_METHODS = frozenset(["GET", "HEAD", "OPTIONS"])
MAY_HAVE_TAKEN_EFFECT = ("the request may have taken effect and was not repeated because it is not idempotent; "
                         "check the current state before trying again")
_MAX_TEXT = 200


def shorten(text, limit=_MAX_TEXT):
    """Return a text on one line, cut to `limit` characters."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


def query_pairs(params):
    """Return query parameters (a dict or pairs) as a list of pairs without the None values."""
    if params is None:
        return []
    items = params.items() if hasattr(params, "items") else params
    return [(k, v) for k, v in items if v is not None]


def seconds(value):
    """Return a number of seconds as messages show it."""
    return "%g" % value


class NoAuth:
    """A requests auth hook that changes nothing, so a ~/.netrc entry cannot replace our Authorization header."""

    def __call__(self, prepared):
        return prepared


class Call:
    """One API call across its attempts: what is sent, how it may be retried and how long it has waited."""

    def __init__(self, method, idempotent, expect_body, url, shown_path, headers, data):
        self.method = method
        self.idempotent = idempotent
        self.expect_body = expect_body
        self.url = url
        self.shown_path = shown_path
        self.headers = headers
        self.data = data
        self.attempts = 0
        self.waited = 0.0
        self.held_until = 0.0
        self.last_status = None
        self.last_details = None
        # Whether any attempt of a write may have taken effect (see ApiError.may_have_applied).
        self.may_have_applied = False

    def note(self, reached_server):
        """Record one attempt: a write whose request reached the server, or may have, may have taken effect."""
        if reached_server and self.method not in READ_METHODS:
            self.may_have_applied = True


class Failure:
    """A request that got no HTTP answer: kind is 'not_sent' (safe to retry), 'maybe_sent' or 'fatal' (retrying cannot help)."""

    def __init__(self, kind, message):
        self.kind = kind
        self.message = message


class Transport:
    """Sends attempts of API calls over one session; counts them; safe to share between threads."""

    def __init__(self, config, session=None):
        self.config = config
        self.session = session if session is not None else requests.Session()
        self.timeout = float(config.api_timeout)
        ca_cert = clean(config.ca_cert)
        self.verify = ca_cert if ca_cert else bool(config.validate_certs)
        self.base_urls = {"vpcep": config.vpcep_url, "iam": config.iam_url}
        self.sent = 0
        self._lock = threading.Lock()
        # A semaphore bounding the requests in flight, set by a fleet whose entries share this transport; the
        # client takes it before the 429 hold is checked, so a request queued at the gate still waits out a hold.
        self.gate = None

    def prepare(self, method, path, params, body, service, project_id=None):
        """Return (url, the path as messages show it, headers, body bytes) of a call; `project_id` fills the path."""
        if service not in self.base_urls:
            raise ValueError("unknown service %r" % (service,))
        if "{project_id}" in path:
            path = path.replace("{project_id}", quote(project_id, safe=""))
        if not path.startswith("/"):
            path = "/" + path
        query = canonical_query(query_pairs(params))
        url = self.base_urls[service] + path + ("?" + query if query else "")
        shown_path = urlsplit(url).path + ("?" + query if query else "")
        data = None
        headers = {}
        if body is not None:
            # Serialised once: these exact bytes are hashed into the signature and sent.
            data = json.dumps(body, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if service == "vpcep":
            headers["X-Project-Id"] = project_id
        return url, shown_path, headers, data

    def headers_for_attempt(self, method, url, headers, data):
        final = dict(headers)
        if self.config.uses_token:
            final["X-Auth-Token"] = clean(self.config.auth_token)
            return final
        token = clean(self.config.security_token)
        if token:
            final["X-Security-Token"] = token
        # Signed per attempt, so each retry carries a fresh X-Sdk-Date.
        return sign_request(method, url, final, data, clean(self.config.access_key), clean(self.config.secret_key))

    def send(self, call):
        """Send one attempt of a call; return the response, or a Failure when no HTTP answer came."""
        method, url, headers, data = call.method, call.url, call.headers, call.data
        final = self.headers_for_attempt(method, url, headers, data)
        with self._lock:
            self.sent += 1
        failure = None
        try:
            with warnings.catch_warnings():
                # validate_certs=false is the user's explicit choice; one warning per request is noise.
                warnings.simplefilter("ignore")
                response = self.session.request(
                    method, url, headers=final, data=data, timeout=self.timeout, verify=self.verify,
                    allow_redirects=False, auth=NoAuth())
        except Exception as exc:  # pylint: disable=broad-except
            # Classified here but raised outside the handler, so no exception from requests (whose
            # text can carry URLs or headers) is chained into the traceback of our error. Imported here
            # (docs/architecture.md, "What a no-op imports"): only a request that got no answer needs it.
            from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import failures
            failure = failures.classify(exc, url, self.timeout)
        if failure is not None:
            return failure
        return response

    @staticmethod
    def decode(response, expect_body):
        """Return (value, problem): the decoded answer, or why a success answer is unusable."""
        if response.status_code == 204 or not response.content or not response.content.strip():
            return None, ("the answer is empty" if expect_body else None)
        try:
            return response.json(), None
        except ValueError:
            return None, "the answer is not JSON: %s" % shorten(response.text)

    def scrub(self, text):
        if text is None:
            return None
        text = str(text)
        for secret in self.config.secrets:
            text = text.replace(str(secret).strip(), REDACTED)
        return text

    def error(self, method, shown_path, text, status=None, details=None, cls=ApiError):
        details = details or {}
        message = "%s %s failed: %s" % (method, shown_path, text)
        if status in (401, 403) or details.get("error_code") == "EndPoint.0014":
            # Refused credentials or project: say where each part came from, so a mixed-up set shows at once.
            message = "%s; %s" % (message, self.config.credential_note())
        return cls(
            self.scrub(message), status=status,
            error_code=self.scrub(details.get("error_code")),
            error_msg=self.scrub(details.get("error_msg")),
            request_id=details.get("request_id"),
            method=method, path=self.scrub(shown_path))
