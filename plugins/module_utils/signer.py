# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# AK/SK request signing (SDK-HMAC-SHA256). Layer 1 of the collection: pure functions,
# no I/O, no Ansible imports, standard library only. The output is byte-identical to the
# official huaweicloudsdkcore Signer; tests/unit/plugins/module_utils/test_signer.py
# checks that against the SDK itself.

import hashlib
import hmac
import re
from datetime import datetime, timezone
from urllib.parse import quote, unquote, urlsplit


ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

HEADER_DATE = "X-Sdk-Date"
HEADER_HOST = "Host"
HEADER_AUTHORIZATION = "Authorization"
HEADER_CONTENT_SHA256 = "X-Sdk-Content-Sha256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

# Compiled on first use (re's cache): only a server that verifies signatures parses them, never a module.
_AUTH_PATTERN = r"^" + re.escape(ALGORITHM) + r" +Access=([^\s,]+), *SignedHeaders=([^\s,]+), *Signature=([0-9a-fA-F]{64})$"


def _to_text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _to_bytes(value):
    if value is None:
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return _to_text(value).encode("utf-8")


def _encode(value):
    # Only RFC 3986 unreserved characters stay bare; '/' too is encoded, so a segment or a
    # query value can never be confused with a separator.
    return quote(value, safe="~")


def _split_url(url):
    """Return (netloc, path, query) of a full URL or of a bare path such as a server's request target."""
    if url.startswith("/"):
        # urlsplit would take '//segment' as a netloc, which a request target never has.
        parts = url.split("#", 1)[0].split("?", 1)
        return "", parts[0], parts[1] if len(parts) > 1 else ""
    parts = urlsplit(url)
    return parts.netloc, parts.path, parts.query


def _parse_query(query):
    # parse_qsl's separator handling differs between Python releases, so parse by hand:
    # '&' only, blank values and repeated keys kept, '+' read as a space like a form decoder.
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue
        key_value = piece.split("=", 1) + [""]
        pairs.append((unquote(key_value[0].replace("+", " ")), unquote(key_value[1].replace("+", " "))))
    return pairs


def _get_header(headers, name):
    # First match wins, as in the SDK's case-insensitive lookup.
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _format_date(value):
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime(DATE_FORMAT)
    return _to_text(value)


def _query_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return _to_text(value)


def canonical_query(pairs):
    """Return the sorted, percent-encoded query string that is both signed and sent."""
    items = pairs.items() if hasattr(pairs, "items") else pairs
    flat = []
    for key, value in items or ():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for one in values:
            if one is not None:
                flat.append((_to_text(key), _query_value(one)))
    # Sorting the decoded text (not the encoded form) is what the SDK and the gateway do.
    flat.sort()
    return "&".join("%s=%s" % (_encode(key), _encode(value)) for key, value in flat)


def canonical_uri(path):
    """Return the canonical URI of a URL path: every segment re-encoded, always ending with '/'."""
    # Unquoting the whole path first means an encoded '/' (%2F) separates segments, as in the SDK.
    uri = "/".join(_encode(segment) for segment in unquote(path or "/").split("/"))
    if not uri.endswith("/"):
        uri += "/"
    return uri


def payload_hash(body, headers=None):
    """Return the hex SHA-256 of the body, or the X-Sdk-Content-Sha256 header value when one is set."""
    data = _to_bytes(body)
    if not data:
        return EMPTY_BODY_HASH
    if headers:
        declared = _get_header(headers, HEADER_CONTENT_SHA256)
        if declared:
            return _to_text(declared)
    return hashlib.sha256(data).hexdigest()


def signed_header_names(headers):
    """Return the sorted lower-case names of the headers to sign (names with '_' are never signed)."""
    return sorted(_to_text(name).lower() for name in headers if "_" not in _to_text(name))


def canonical_headers(headers, signed_headers):
    """Return the canonical headers block ('name:value' lines, each ending in a newline)."""
    values = {}
    for name, value in headers.items():
        values[_to_text(name).lower()] = _to_text(value).strip()
    lines = []
    for name in signed_headers:
        if name not in values:
            raise ValueError("signed header %r is not in the request" % name)
        lines.append("%s:%s\n" % (name, values[name]))
    return "".join(lines)


def canonical_request(method, url, headers, body, signed_headers):
    """Return the canonical request for a URL (or path with query), its headers and body."""
    if isinstance(signed_headers, str):
        signed_headers = [name for name in signed_headers.split(";") if name]
    path, query = _split_url(url)[1:]
    return "\n".join([
        method.upper(),
        canonical_uri(path),
        canonical_query(_parse_query(query)),
        canonical_headers(headers, signed_headers),
        ";".join(signed_headers),
        payload_hash(body, headers),
    ])


def string_to_sign(canonical_request, sdk_date):
    """Return the string to sign for a canonical request and an X-Sdk-Date value or datetime."""
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return "%s\n%s\n%s" % (ALGORITHM, _format_date(sdk_date), digest)


def signature(string_to_sign, secret_key):
    """Return the hex HMAC-SHA256 of the string to sign, keyed with the raw secret key."""
    return hmac.new(_to_bytes(secret_key), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_value(access_key, signed_headers, signature_hex):
    """Return the Authorization header value."""
    return "%s Access=%s, SignedHeaders=%s, Signature=%s" % (ALGORITHM, access_key, ";".join(signed_headers), signature_hex)


def parse_authorization(value):
    """Return (access_key, signed_headers list, signature) from an Authorization value, or None if malformed."""
    if not isinstance(value, str):
        return None
    match = re.match(_AUTH_PATTERN, value.strip())
    if not match:
        return None
    access, signed, sig = match.groups()
    names = signed.split(";")
    if not all(names):
        return None
    return access, names, sig


def sign_request(method, url, headers, body, access_key, secret_key, now=None):
    """Return a new header dict with X-Sdk-Date, Host and Authorization added for an AK/SK request."""
    if not access_key:
        raise ValueError("access_key is required for AK/SK signing")
    if not secret_key:
        raise ValueError("secret_key is required for AK/SK signing")

    # None means "no such header" to requests, so it must not be signed as the text 'None'.
    signed = dict(
        (_to_text(name), _to_text(value).strip())
        for name, value in (headers or {}).items()
        if value is not None
    )

    # Mirrors the SDK: a non-JSON body is declared unsigned. The SDK looks only at this exact
    # spelling of Content-Type; doing the same keeps the signatures byte-identical.
    content_type = (headers or {}).get("Content-Type")
    if content_type and not str(content_type).startswith(("application/json", "application/bson")):
        signed[HEADER_CONTENT_SHA256] = UNSIGNED_PAYLOAD

    existing_date = _get_header(signed, HEADER_DATE)
    if now is not None or existing_date is None:
        for name in [name for name in signed if name.lower() == HEADER_DATE.lower()]:
            del signed[name]
        sdk_date = _format_date(now if now is not None else datetime.now(timezone.utc))
        signed[HEADER_DATE] = sdk_date
    else:
        # A caller-supplied date must be well formed; strptime raises ValueError like the SDK.
        sdk_date = datetime.strptime(existing_date, DATE_FORMAT).strftime(DATE_FORMAT)

    if _get_header(signed, HEADER_HOST) is None:
        # requests never sends userinfo in Host, so it must not be signed either.
        host = _split_url(url)[0].rpartition("@")[2]
        if not host:
            raise ValueError("the URL has no host and no Host header was given")
        signed[HEADER_HOST] = host

    for name in [name for name in signed if name.lower() == HEADER_AUTHORIZATION.lower()]:
        del signed[name]

    names = signed_header_names(signed)
    request = canonical_request(method, url, signed, body, names)
    sig = signature(string_to_sign(request, sdk_date), secret_key)
    signed[HEADER_AUTHORIZATION] = authorization_value(access_key, names, sig)
    return signed
