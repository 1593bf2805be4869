# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a failed attempt means: a request that got no HTTP answer, classified, and an error answer's details.

Split from transport.py so that a run whose requests all succeed never compiles it (an AnsiballZ payload
compiles every module_utils file it imports, on every task): transport.py and retry.py import it where an
attempt has failed (docs/architecture.md, "What a no-op imports"). No Ansible imports.
"""

from urllib.parse import urlsplit

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.transport import (
    HAS_REQUESTS,
    Failure,
    requests,
    seconds,
    shorten,
)

try:
    import urllib3.exceptions
except ImportError:
    # Without requests (and the urllib3 it brings) the client refuses to start, so nothing here is reached.
    urllib3 = None


def classify(exc, url, timeout):
    """Return the Failure of a request that got no HTTP answer: never sent, may have been sent, or cannot work."""
    host = urlsplit(url).netloc.rpartition("@")[2]
    name = type(exc).__name__
    if not HAS_REQUESTS or not isinstance(exc, requests.exceptions.RequestException):
        if isinstance(exc, OSError):
            # e.g. a ca_cert that is not a valid bundle
            return Failure("fatal" if _mentions_tls(exc) else "maybe_sent",
                           "error talking to %s (%s); check ca_cert and the network" % (host, name))
        raise exc
    if isinstance(exc, requests.exceptions.SSLError):
        if _mentions_verify(exc):
            return Failure("fatal", "TLS certificate verification failed for %s (%s); check endpoint, or set ca_cert to "
                                    "the CA bundle that signed the server certificate, or validate_certs=false for "
                                    "a test endpoint" % (host, name))
        return Failure("maybe_sent", "TLS error talking to %s (%s); check endpoint, validate_certs and ca_cert" % (host, name))
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return Failure("not_sent", "connection to %s timed out after %s s (%s); check endpoint, region, cloud, "
                                   "the network and proxy settings" % (host, seconds(timeout), name))
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return Failure("maybe_sent", "no answer from %s within %s s (%s); check api_timeout and the network"
                       % (host, seconds(timeout), name))
    if isinstance(exc, requests.exceptions.ConnectionError) and _never_sent(exc):
        return Failure("not_sent", "could not connect to %s (%s); check endpoint, region, cloud, "
                                   "the network and proxy settings" % (host, _root_name(exc)))
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        return Failure("maybe_sent", "connection to %s was lost (%s); check the network and proxy settings"
                       % (host, _root_name(exc)))
    if isinstance(exc, requests.exceptions.InvalidURL):
        return Failure("fatal", "invalid URL for %s (%s); check endpoint and iam_endpoint" % (host, name))
    return Failure("maybe_sent", "request to %s failed (%s)" % (host, name))


def error_details(response):
    """Return the error_code, error_msg and request_id of an error answer (its JSON, else its text or reason)."""
    code = msg = None
    request_id = response.headers.get("X-Request-Id")
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        nested = payload.get("error")
        if isinstance(nested, dict):
            code = nested.get("code") or nested.get("error_code")
            msg = nested.get("message") or nested.get("error_msg")
        elif isinstance(nested, str):
            msg = nested
        code = code or payload.get("error_code") or payload.get("code")
        msg = msg or payload.get("error_msg") or payload.get("message")
        request_id = request_id or payload.get("request_id")
    elif payload is None:
        text = response.text if response.content else ""
        msg = shorten(text) if text.strip() else None
    if code is not None:
        code = shorten(code, 64)
    if msg is not None:
        msg = shorten(msg, 500)
    if not msg:
        msg = response.reason or None
    return {"error_code": code, "error_msg": msg, "request_id": request_id}


def http_text(status, details):
    """Return the one-line text of an error answer: HTTP status, code, message, request id."""
    text = "HTTP %d" % status
    if details.get("error_code"):
        text += " %s" % details["error_code"]
    if details.get("error_msg"):
        text += ": %s" % details["error_msg"]
    if details.get("request_id"):
        text += " (request id %s)" % details["request_id"]
    return text


def _chain(exc):
    # Walks the wrapped causes (requests -> urllib3 MaxRetryError -> reason -> socket error).
    seen = []
    todo = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or any(current is s for s in seen):
            continue
        seen.append(current)
        todo.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        todo.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
    return seen


def _never_sent(exc):
    for item in _chain(exc):
        # NewConnectionError covers refused connections and DNS failures: no byte of the request left.
        if isinstance(item, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError,
                             ConnectionRefusedError)):
            return True
        if isinstance(item, urllib3.exceptions.ProxyError) and not isinstance(item, urllib3.exceptions.ProtocolError):
            return True
    return False


def _root_name(exc):
    names = [type(item).__name__ for item in _chain(exc)]
    interesting = [n for n in names if n not in ("ConnectionError", "MaxRetryError")]
    return (interesting or names)[-1]


def _mentions_verify(exc):
    for item in _chain(exc):
        if type(item).__name__ == "SSLCertVerificationError":
            return True
        text = str(getattr(item, "reason", "") or "") + " " + " ".join(str(a) for a in getattr(item, "args", ()) if isinstance(a, str))
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            return True
    return False


def _mentions_tls(exc):
    text = " ".join(str(a) for a in getattr(exc, "args", ()) if isinstance(a, str))
    return "CA certificate" in text or "TLS" in text or "SSL" in text
