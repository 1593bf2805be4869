# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import email.utils
import http.client
import http.server
import json
import socket
import ssl
import threading
import time
import traceback

import pytest
import requests
import requests.adapters
import requests.exceptions
import urllib3.exceptions
from requests.structures import CaseInsensitiveDict

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import client as client_module
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import retry as retry_module
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import transport as transport_module
from ansible_collections.hwcloud.vpcep.plugins.module_utils import signer
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import credentials as creds
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import Client
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.config import ClientConfig
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import AmbiguousRequestError, ApiError, ConfigurationError

try:
    from urllib.parse import urlsplit, parse_qsl
except ImportError:  # pragma: no cover
    from urlparse import urlsplit, parse_qsl

AK = "AKTESTEXAMPLE0001"
SK = "sk-Very-Secret-0123456789"
SECURITY_TOKEN = "st-Temporary-Secret-abcdef"
AUTH_TOKEN = "tok-MIIExampleSecretToken-zzz"
PID = "0123456789abcdef0123456789abcdef"
BASE = "https://vpcep.cn-north-4.myhuaweicloud.com"
IAM = "https://iam.cn-north-4.myhuaweicloud.com"
SECRETS = (SK, SECURITY_TOKEN, AUTH_TOKEN)


# ---- fake HTTP layer ------------------------------------------------------------------------

class FakeAdapter(requests.adapters.BaseAdapter):
    """Answers from a script; records what the client sent."""

    def __init__(self, script=None, default=None):
        super(FakeAdapter, self).__init__()
        self.script = list(script or [])
        self.default = default
        self.sent = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.sent.append(dict(
            method=request.method, url=request.url, headers=dict(request.headers), body=request.body,
            timeout=timeout, verify=verify))
        step = self.script.pop(0) if self.script else self.default
        if callable(step) and not isinstance(step, type):
            step = step(request)
        if isinstance(step, BaseException):
            raise step
        status, payload, headers = (tuple(step) + (None, None))[:3]
        return make_response(request, status, payload, headers)

    def close(self):
        pass


def make_response(request, status, payload=None, headers=None):
    response = requests.Response()
    response.status_code = status
    response.reason = http.client.responses.get(status, "")
    response.headers = CaseInsensitiveDict(headers or {})
    if payload is None:
        content = b""
    elif isinstance(payload, bytes):
        content = payload
    elif isinstance(payload, str):
        content = payload.encode("utf-8")
    else:
        content = json.dumps(payload).encode("utf-8")
        response.headers.setdefault("Content-Type", "application/json")
    response._content = content
    response.encoding = "utf-8"
    response.url = request.url
    response.request = request
    return response


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def config(**overrides):
    values = dict(access_key=AK, secret_key=SK, region="cn-north-4", project_id=PID)
    values.update(overrides)
    return ClientConfig(**values)


def make_client(script=None, default=None, **overrides):
    adapter = FakeAdapter(script, default)
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace verify=True
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    sleeps = Sleeps()
    client = Client(config(**overrides), session=session, sleep=sleeps)
    return client, adapter, sleeps


def sdk_authorization(method, url, headers, body, access_key, secret_key):
    """Recompute the Authorization header with the official SDK signer from what was received."""
    sdk_signer = pytest.importorskip("huaweicloudsdkcore.signer.signer")
    sdk_request_mod = pytest.importorskip("huaweicloudsdkcore.sdk_request")
    parts = urlsplit(url)
    signed_names = headers["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    lower = dict((k.lower(), v) for k, v in headers.items())
    header_params = dict((name, lower[name]) for name in signed_names)
    request = sdk_request_mod.SdkRequest(
        method=method, schema=parts.scheme, host=parts.netloc, resource_path=parts.path,
        query_params=parse_qsl(parts.query, keep_blank_values=True), header_params=header_params,
        body=body or "")

    class Credentials(object):
        ak = access_key
        sk = secret_key

    sdk_signer.Signer(Credentials()).sign(request)
    return request.header_params["Authorization"]


def assert_no_secret(error):
    texts = [str(error), repr(error), repr(error.args), json.dumps(error.to_dict())]
    texts.append("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


# ---- authentication and what is sent --------------------------------------------------------

def test_aksk_headers_signature_and_query():
    client, adapter, dummy = make_client([(200, {"ok": True})])
    answer = client.get("/v1/{project_id}/vpc-endpoint-services",
                        params={"sort_key": "create_at", "endpoint_service_name": "a b/c~", "status": None, "limit": 10})
    assert answer == {"ok": True}
    sent = adapter.sent[0]
    query = signer.canonical_query([("sort_key", "create_at"), ("endpoint_service_name", "a b/c~"), ("limit", 10)])
    assert sent["url"] == "%s/v1/%s/vpc-endpoint-services?%s" % (BASE, PID, query)
    assert urlsplit(sent["url"]).query == "endpoint_service_name=a%20b%2Fc~&limit=10&sort_key=create_at"
    headers = sent["headers"]
    assert headers["X-Project-Id"] == PID
    assert headers["Host"] == "vpcep.cn-north-4.myhuaweicloud.com"
    assert "X-Sdk-Date" in headers
    assert "Content-Type" not in headers
    assert headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=%s, SignedHeaders=" % AK)
    assert "x-project-id" in headers["Authorization"]
    assert sdk_authorization("GET", sent["url"], headers, sent["body"], AK, SK) == headers["Authorization"]
    assert sent["timeout"] == 30
    assert sent["verify"] is True
    assert client.request_count == 1


def test_list_params_sent_exactly_as_canonical_query():
    pairs = [("b", "2"), ("a", "x&y=z"), ("a", "ä ö"), ("c", True), ("d", "*+'()")]
    client, adapter, dummy = make_client([(200, {})])
    client.request("GET", "/v1/{project_id}/quotas", params=pairs)
    assert urlsplit(adapter.sent[0]["url"]).query == signer.canonical_query(pairs)


def test_post_body_serialised_once_signed_and_sent():
    body = {"service_name": "web", "ports": [{"client_port": 80, "server_port": 8080}], "description": "ü"}
    client, adapter, dummy = make_client([(200, {"id": "svc"})])
    assert client.post("/v1/{project_id}/vpc-endpoint-services", body=body) == {"id": "svc"}
    sent = adapter.sent[0]
    assert sent["body"] == json.dumps(body, separators=(",", ":")).encode("utf-8")
    assert sent["headers"]["Content-Type"] == "application/json"
    assert "content-type" in sent["headers"]["Authorization"]
    assert sdk_authorization("POST", sent["url"], sent["headers"], sent["body"], AK, SK) == sent["headers"]["Authorization"]


def test_security_token_is_sent_and_signed():
    client, adapter, dummy = make_client([(200, {})], security_token=SECURITY_TOKEN)
    client.get("/v1/{project_id}/vpc-endpoint-services")
    headers = adapter.sent[0]["headers"]
    assert headers["X-Security-Token"] == SECURITY_TOKEN
    assert "x-security-token" in headers["Authorization"]
    assert sdk_authorization("GET", adapter.sent[0]["url"], headers, None, AK, SK) == headers["Authorization"]


def test_token_auth_sends_x_auth_token_and_does_not_sign():
    client, adapter, dummy = make_client([(200, {})], access_key=None, secret_key=None, auth_token=AUTH_TOKEN,
                                         security_token=SECURITY_TOKEN)
    client.delete("/v1/{project_id}/vpc-endpoint-services/abc")
    headers = adapter.sent[0]["headers"]
    assert headers["X-Auth-Token"] == AUTH_TOKEN
    assert headers["X-Project-Id"] == PID
    for name in ("Authorization", "X-Sdk-Date", "X-Security-Token"):
        assert name not in headers


def test_auth_token_wins_over_aksk():
    client, adapter, dummy = make_client([(200, {})], auth_token=AUTH_TOKEN)
    client.get("/v1/{project_id}/x")
    assert "Authorization" not in adapter.sent[0]["headers"]
    assert adapter.sent[0]["headers"]["X-Auth-Token"] == AUTH_TOKEN


def test_tls_and_timeout_settings_are_passed(tmp_path):
    ca_file = tmp_path / "ca.pem"
    ca_file.write_text("dummy")
    client, adapter, dummy = make_client([(200, {}), (200, {})], ca_cert=str(ca_file), api_timeout=7)
    client.get("/x")
    assert adapter.sent[0]["verify"] == str(ca_file)
    assert adapter.sent[0]["timeout"] == 7
    client, adapter, dummy = make_client([(200, {})], validate_certs=False)
    client.get("/x")
    assert adapter.sent[0]["verify"] is False


def test_base_urls():
    assert config().vpcep_url == BASE
    assert config().iam_url == IAM
    assert config(region="eu-west-101").vpcep_url == "https://vpcep.eu-west-101.myhuaweicloud.eu"
    assert config(region="eu-west-101", cloud="example.org").iam_url == "https://iam.eu-west-101.example.org"
    assert config(cloud="example.com").vpcep_url == "https://vpcep.cn-north-4.example.com"
    custom = config(endpoint="http://127.0.0.1:8080/", iam_endpoint="https://iam.local//")
    assert custom.vpcep_url == "http://127.0.0.1:8080"
    assert custom.iam_url == "https://iam.local"


def test_endpoint_override_is_used_for_requests():
    client, adapter, dummy = make_client([(200, {})], endpoint="http://sim.local:9000/", region=None)
    client.get("/v1/{project_id}/vpc-endpoint-services/abc")
    assert adapter.sent[0]["url"] == "http://sim.local:9000/v1/%s/vpc-endpoint-services/abc" % PID
    assert adapter.sent[0]["headers"]["Host"] == "sim.local:9000"


def test_empty_and_204_answers_return_none_where_no_body_is_expected():
    client, dummy, dummy2 = make_client([(204, None), (200, b""), (202, b"  ")])
    assert client.delete("/a") is None
    assert client.post("/a", body={}, idempotent=True) is None
    assert client.request("PUT", "/a", body={}, expect_body=False) is None


@pytest.mark.parametrize("payload", [b"", b"  ", "<html>proxy login</html>"])
def test_get_with_an_empty_or_non_json_answer_is_retried_like_a_503(payload):
    client, adapter, sleeps = make_client([(200, payload), (200, {"ok": 1})])
    assert client.get("/x") == {"ok": 1}
    assert len(adapter.sent) == 2 and len(sleeps) == 1


@pytest.mark.parametrize("payload", [b"", "<html>gateway</html>", b"{\"id\": "])
def test_create_with_an_empty_or_non_json_answer_is_ambiguous_and_not_repeated(payload):
    client, adapter, sleeps = make_client([(200, payload), (200, {"id": "second"})])
    with pytest.raises(AmbiguousRequestError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={"service_name": "x"}, expect_body=True)
    assert len(adapter.sent) == 1 and sleeps == []
    assert info.value.status == 200
    assert "may have taken effect" in str(info.value)


def test_redirects_are_not_followed():
    client, adapter, dummy = make_client([(302, None, {"Location": "https://elsewhere.example/"})])
    with pytest.raises(ApiError) as info:
        client.get("/a")
    assert info.value.status == 302
    assert len(adapter.sent) == 1


def test_unknown_service_is_a_programming_error():
    client, dummy, dummy2 = make_client()
    with pytest.raises(ValueError):
        client.request("GET", "/x", service="ecs")


# ---- project id -------------------------------------------------------------------------------

def iam_answer(*names_and_ids):
    return {"projects": [{"name": name, "id": pid} for name, pid in names_and_ids]}


def test_project_id_resolved_once_from_iam():
    script = [(200, iam_answer(("cn-north-4", "resolved-pid")))] + [(200, {"n": i}) for i in range(5)]
    client, adapter, dummy = make_client(script, project_id=None)
    for dummy_i in range(5):
        client.get("/v1/{project_id}/vpc-endpoint-services")
    assert client.project_id == "resolved-pid"
    iam_calls = [s for s in adapter.sent if s["url"].startswith(IAM)]
    assert len(iam_calls) == 1
    iam = iam_calls[0]
    assert iam["url"] == IAM + "/v3/projects?name=cn-north-4"
    assert "X-Project-Id" not in iam["headers"]
    assert sdk_authorization("GET", iam["url"], iam["headers"], None, AK, SK) == iam["headers"]["Authorization"]
    vpcep_calls = adapter.sent[1:]
    assert len(vpcep_calls) == 5
    for sent in vpcep_calls:
        assert sent["url"] == BASE + "/v1/resolved-pid/vpc-endpoint-services"
        assert sent["headers"]["X-Project-Id"] == "resolved-pid"
    assert client.request_count == 6


def test_project_id_resolution_with_iam_endpoint_and_token():
    client, adapter, dummy = make_client([(200, iam_answer(("cn-north-4", "p1"))), (200, {})], project_id=None,
                                         iam_endpoint="http://iam.sim:1/", access_key=None, secret_key=None,
                                         auth_token=AUTH_TOKEN)
    client.get("/v1/{project_id}/x")
    assert adapter.sent[0]["url"] == "http://iam.sim:1/v3/projects?name=cn-north-4"
    assert adapter.sent[0]["headers"]["X-Auth-Token"] == AUTH_TOKEN


@pytest.mark.parametrize("answer,count", [
    (iam_answer(), 0),
    (iam_answer(("cn-north-4", "a"), ("cn-north-4", "b")), 2),
    (iam_answer(("cn-north-4_sub", "a")), 0),
    ({}, 0),
])
def test_project_id_zero_or_several_matches(answer, count):
    client, dummy, dummy2 = make_client([(200, answer)], project_id=None)
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services")
    message = str(info.value)
    assert "%d projects match" % count in message
    assert "set project_id (credentials: access key from option access_key, secret key from option secret_key)" in message
    assert info.value.status is None


def test_project_id_iam_error_tells_what_to_set():
    client, dummy, dummy2 = make_client([(401, {"error": {"code": "APIGW.0301", "message": "Incorrect IAM authentication information"}},
                                          {"X-Request-Id": "rid-1"})], project_id=None)
    with pytest.raises(ApiError) as info:
        dummy3 = client.project_id
    error = info.value
    assert error.status == 401
    assert error.error_code == "APIGW.0301"
    assert error.request_id == "rid-1"
    assert "set project_id (credentials: access key from option access_key" in str(error) and "cn-north-4" in str(error)


# ---- retries ----------------------------------------------------------------------------------

def test_429_retry_after_seconds_is_honoured():
    client, adapter, sleeps = make_client([(429, {}, {"Retry-After": "7"}), (200, {"ok": 1})])
    assert client.get("/x") == {"ok": 1}
    assert sleeps == [7.0]
    assert len(adapter.sent) == 2


def test_429_retry_after_http_date_is_honoured():
    now = 1767225600.0  # 2026-01-01T00:00:00Z
    date = email.utils.formatdate(now + 12, usegmt=True)
    client, adapter, sleeps = make_client([(429, {}, {"Retry-After": date}), (200, {})])
    client.retry.clock = lambda: now
    client.get("/x")
    assert sleeps == [12.0]


def test_retry_after_is_capped_and_past_dates_mean_no_wait():
    now = 1767225600.0
    client, dummy, sleeps = make_client([(429, {}, {"Retry-After": "100000"}),
                                         (503, {}, {"Retry-After": email.utils.formatdate(now - 60, usegmt=True)}),
                                         (429, {}, {"Retry-After": "garbage"}),
                                         (200, {})])
    client.retry.clock = lambda: now
    client.retry.backoff_base = 0.5
    with pytest.raises(ApiError) as info:
        client.get("/x")
    # Asked for more than the retry budget: fail at once, naming the throttling, instead of blocking.
    assert sleeps == []
    assert info.value.status == 429
    assert "throttled" in str(info.value) and "100000" in str(info.value) and "120" in str(info.value)


def test_past_retry_after_dates_mean_no_wait_and_garbage_means_backoff():
    now = 1767225600.0
    client, dummy, sleeps = make_client([(503, {}, {"Retry-After": email.utils.formatdate(now - 60, usegmt=True)}),
                                         (429, {}, {"Retry-After": "garbage"}),
                                         (200, {})])
    client.retry.clock = lambda: now
    client.retry.backoff_base = 0.5
    client.get("/x")
    # The past date means no wait at all; garbage falls back to the jittered backoff of the second attempt.
    assert len(sleeps) == 1
    assert 0 <= sleeps[0] <= 0.5 * 2


def test_the_retry_budget_bounds_the_waits_of_one_request():
    client, adapter, sleeps = make_client([(429, {}, {"Retry-After": "50"})] * 3 + [(200, {})], max_retries=5)
    with pytest.raises(ApiError) as info:
        client.get("/x")
    # 50 + 50 fit in 120 s; a third 50 does not, so the request fails after two waits, not three.
    assert sleeps == [50.0, 50.0]
    assert len(adapter.sent) == 3
    assert "throttled" in str(info.value)


def test_backoff_waits_are_cut_to_the_budget_left(monkeypatch):
    monkeypatch.setattr(retry_module.random, "uniform", lambda low, high: high)
    client, adapter, sleeps = make_client([(503, {})] * 10, max_retries=9)
    with pytest.raises(ApiError):
        client.get("/x")
    assert sum(sleeps) == pytest.approx(retry_module.RETRY_BUDGET)


def test_503_burst_then_success_with_jittered_backoff(monkeypatch):
    calls = []
    real = transport_module.sign_request

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(transport_module, "sign_request", counting)
    client, adapter, sleeps = make_client([(503, {}), (502, {}), (500, {}), (504, {}), (200, {"done": True})])
    client.retry.backoff_base = 0.01
    client.retry.backoff_cap = 0.05
    assert client.get("/x") == {"done": True}
    assert len(adapter.sent) == 5
    assert len(calls) == 5  # signed again for every attempt
    assert len(sleeps) == 4
    for number, slept in enumerate(sleeps, start=1):
        assert 0 <= slept <= min(0.05, 0.01 * 2 ** (number - 1))


def test_backoff_is_full_jitter_and_capped():
    client, dummy, dummy2 = make_client()
    client.retry.backoff_base = 1.0
    client.retry.backoff_cap = 30.0
    values = [client.retry.backoff(attempt) for attempt in range(1, 12) for dummy_i in range(20)]
    assert all(0 <= v <= 30.0 for v in values)
    assert max(client.retry.backoff(10) for dummy_i in range(50)) > 1.0


def test_retries_exhausted_reports_attempts():
    client, adapter, sleeps = make_client(default=(503, {"error_code": "EndPoint.0001", "error_msg": "busy"}),
                                          max_retries=2)
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services")
    error = info.value
    assert not isinstance(error, AmbiguousRequestError)
    assert error.status == 503
    assert error.error_code == "EndPoint.0001"
    assert "3 attempts" in str(error)
    assert len(adapter.sent) == 3
    assert len(sleeps) == 2


def test_max_retries_zero_means_one_attempt():
    client, adapter, sleeps = make_client(default=(429, {}), max_retries=0)
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert "1 attempt" in str(info.value)
    assert len(adapter.sent) == 1
    assert sleeps == []


def test_client_errors_are_not_retried():
    client, adapter, sleeps = make_client([(400, {"error_code": "EndPoint.0002", "error_msg": "bad"})])
    with pytest.raises(ApiError):
        client.get("/x")
    assert len(adapter.sent) == 1
    assert sleeps == []


def connection_refused():
    reason = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/x", reason))


def remote_disconnected():
    return requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        "Connection aborted.", http.client.RemoteDisconnected("Remote end closed connection without response")))


@pytest.mark.parametrize("failure", [
    lambda: (503, {}),
    lambda: (500, {"error_code": "EndPoint.0001", "error_msg": "system error"}),
    lambda: (502, "<html>Bad gateway</html>"),
    lambda: requests.exceptions.ReadTimeout("read timed out"),
    remote_disconnected,
    lambda: requests.exceptions.ChunkedEncodingError("connection broken"),
])
def test_post_that_may_have_taken_effect_is_not_repeated(failure):
    client, adapter, sleeps = make_client(default=failure())
    with pytest.raises(AmbiguousRequestError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={"vpc_id": "v"})
    assert len(adapter.sent) == 1
    assert sleeps == []
    assert "may have taken effect" in str(info.value)
    assert info.value.method == "POST"
    assert info.value.path == "/v1/%s/vpc-endpoint-services" % PID


@pytest.mark.parametrize("failure", [
    lambda: (429, {}, {"Retry-After": "1"}),
    lambda: requests.exceptions.ConnectTimeout("connect timed out"),
    connection_refused,
])
def test_post_refused_or_never_sent_is_retried(failure):
    client, adapter, sleeps = make_client([failure(), (200, {"id": "new"})])
    client.retry.backoff_base = 0.001
    assert client.post("/v1/{project_id}/vpc-endpoint-services", body={}) == {"id": "new"}
    assert len(adapter.sent) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize("failure", [
    lambda: (503, {}),
    lambda: requests.exceptions.ReadTimeout("read timed out"),
    remote_disconnected,
])
def test_idempotent_post_and_get_are_retried(failure):
    client, adapter, dummy = make_client([failure(), (200, {})])
    client.post("/v1/{project_id}/vpc-endpoint-services/abc/permissions/action", body={}, idempotent=True)
    assert len(adapter.sent) == 2
    client, adapter, dummy = make_client([failure(), (200, {})])
    client.get("/x")
    assert len(adapter.sent) == 2


# ---- whether a failed write may have taken effect (issue 19 point 5) --------------------------------

LOST = remote_disconnected


@pytest.mark.parametrize("script, status", [
    ([(503, {})] * 3, 503),
    ([(500, {"error_code": "EndPoint.0001"}), (429, {}), (429, {})], 429),
    ([LOST(), (400, {"error_code": "EndPoint.0002"})], 400),
    ([requests.exceptions.ReadTimeout("read timed out"), (404, {"error_code": "EndPoint.0005"})], 404),
    ([(200, ""), (200, ""), (200, "")], 200),
    ([connection_refused(), LOST(), connection_refused()], None),
])
def test_a_failed_write_after_an_attempt_that_reached_the_server_may_have_applied(script, status):
    for method in ("PUT", "DELETE"):
        client, adapter, dummy = make_client(list(script), max_retries=2)
        with pytest.raises(ApiError) as info:
            client.request(method, "/v1/{project_id}/vpc-endpoint-services/abc", body={} if method == "PUT" else None,
                           expect_body=True)
        assert info.value.may_have_applied is True, (method, script)
        assert info.value.status == status
        assert len(adapter.sent) == (2 if status in (400, 404) else 3)


@pytest.mark.parametrize("script", [
    [(400, {"error_code": "EndPoint.0002"})],
    [(404, {"error_code": "EndPoint.0005"})],
    [(429, {})] * 3,
    [connection_refused()] * 3,
    [requests.exceptions.ConnectTimeout("connect timed out")] * 3,
    [(429, {}), connection_refused(), (403, {})],
])
def test_a_write_refused_or_never_sent_did_not_apply(script):
    client, adapter, dummy = make_client(list(script), max_retries=2)
    with pytest.raises(ApiError) as info:
        client.put("/v1/{project_id}/vpc-endpoint-services/abc", body={})
    assert info.value.may_have_applied is False
    client, adapter, dummy = make_client(list(script), max_retries=2)
    with pytest.raises(ApiError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={})
    assert info.value.may_have_applied is False


@pytest.mark.parametrize("failure", [lambda: (500, {}), lambda: requests.exceptions.ReadTimeout("t"), LOST])
def test_an_unrepeated_post_may_have_applied_and_a_read_never(failure):
    client, adapter, dummy = make_client([failure()])
    with pytest.raises(AmbiguousRequestError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={})
    assert info.value.may_have_applied is True
    client, adapter, dummy = make_client([failure()] * 3, max_retries=2)
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services")
    assert info.value.may_have_applied is False


def test_the_retry_budget_error_of_a_write_keeps_may_have_applied():
    client, adapter, dummy = make_client([(503, {}), (429, {}, {"Retry-After": "9999"})], max_retries=3)
    with pytest.raises(ApiError) as info:
        client.put("/x", body={})
    assert "Retry-After" in str(info.value)
    assert info.value.may_have_applied is True


def test_connection_errors_exhausted_say_what_to_check():
    client, adapter, sleeps = make_client(default=connection_refused(), max_retries=3)
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services")
    message = str(info.value)
    assert info.value.status is None
    assert "could not connect to vpcep.cn-north-4.myhuaweicloud.com" in message
    assert "endpoint" in message and "4 attempts" in message
    assert len(sleeps) == 3


# ---- paging -----------------------------------------------------------------------------------

def pager(total, actual=None, key="endpoint_services"):
    """A fake server that pages `actual` items (default: total) and reports total_count=total."""
    actual = total if actual is None else actual

    def answer(request):
        query = dict(parse_qsl(urlsplit(request.url).query))
        offset, limit = int(query["offset"]), int(query["limit"])
        items = [{"id": "s%04d" % i} for i in range(offset, min(offset + limit, actual))]
        return (200, {key: items, "total_count": total})
    return answer


def test_paginate_across_pages():
    client, adapter, dummy = make_client(default=pager(2500))
    items = list(client.paginate("/v1/{project_id}/vpc-endpoint-services", "endpoint_services",
                                 params={"status": "available", "offset": 99, "limit": 3}))
    assert [i["id"] for i in items] == ["s%04d" % i for i in range(2500)]
    assert len(adapter.sent) == 3
    queries = [dict(parse_qsl(urlsplit(s["url"]).query)) for s in adapter.sent]
    assert [(q["offset"], q["limit"], q["status"]) for q in queries] == [
        ("0", "1000", "available"), ("1000", "1000", "available"), ("2000", "1000", "available")]


def test_paginate_stops_at_total_count_without_extra_request():
    client, adapter, dummy = make_client(default=pager(1000))
    assert len(list(client.paginate("/p", "endpoint_services", page_size=500))) == 1000
    assert len(adapter.sent) == 2


def test_paginate_stops_on_short_page_when_total_count_lies():
    client, adapter, dummy = make_client(default=pager(5000, actual=1010))
    assert len(list(client.paginate("/p", "endpoint_services"))) == 1010
    assert len(adapter.sent) == 2


def test_paginate_stops_on_empty_page_and_missing_total():
    client, adapter, dummy = make_client([(200, {"permissions": [{"id": 1}, {"id": 2}]}), (200, {"permissions": []})])
    assert len(list(client.paginate("/p", "permissions", page_size=2))) == 2
    assert len(adapter.sent) == 2
    client, adapter, dummy = make_client([(200, {})])
    assert list(client.paginate("/p", "permissions")) == []
    assert len(adapter.sent) == 1


def test_paginate_is_lazy():
    client, adapter, dummy = make_client(default=pager(3000))
    iterator = client.paginate("/p", "endpoint_services")
    next(iterator)
    assert len(adapter.sent) == 1


# ---- errors -----------------------------------------------------------------------------------

def test_error_code_shape_and_request_id():
    client, dummy, dummy2 = make_client([(404, {"error_code": "EndPoint.0005", "error_msg": "Resource not found."},
                                          {"X-Request-Id": "req-42"})])
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services/abc")
    error = info.value
    assert (error.status, error.error_code, error.error_msg, error.request_id) == (404, "EndPoint.0005", "Resource not found.", "req-42")
    assert (error.method, error.path) == ("GET", "/v1/%s/vpc-endpoint-services/abc" % PID)
    assert str(error) == "GET /v1/%s/vpc-endpoint-services/abc failed: HTTP 404 EndPoint.0005: Resource not found. (request id req-42)" % PID
    assert error.to_dict() == dict(status=404, error_code="EndPoint.0005", error_msg="Resource not found.",
                                   request_id="req-42", method="GET", path="/v1/%s/vpc-endpoint-services/abc" % PID)


def test_nested_error_shape_and_query_in_path():
    client, dummy, dummy2 = make_client([(400, {"error": {"code": "EndPoint.0006", "message": "Invalid limit."}})])
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services", params={"limit": 5000})
    error = info.value
    assert (error.status, error.error_code, error.error_msg, error.request_id) == (400, "EndPoint.0006", "Invalid limit.", None)
    assert error.path == "/v1/%s/vpc-endpoint-services?limit=5000" % PID
    assert "HTTP 400 EndPoint.0006: Invalid limit." in str(error)


def test_other_error_shapes():
    client, dummy, dummy2 = make_client([(403, {"error": "Forbidden by policy"}), (400, {"code": "X.1", "message": "bad"})])
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert (info.value.error_code, info.value.error_msg) == (None, "Forbidden by policy")
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert (info.value.error_code, info.value.error_msg) == ("X.1", "bad")


def test_non_json_error_body_is_kept_short():
    html = "<html><body>" + "Gateway problem " * 100 + "</body></html>"
    client, dummy, dummy2 = make_client([(403, html, {"Content-Type": "text/html"})])
    with pytest.raises(ApiError) as info:
        client.get("/x")
    error = info.value
    assert error.status == 403 and error.error_code is None
    assert error.error_msg.startswith("<html><body>Gateway problem")
    assert len(error.error_msg) <= 200
    assert len(str(error)) < 450
    assert str(error).endswith("; credentials: access key from option access_key, secret key from option secret_key, "
                               "project id from option project_id")


def test_empty_error_body_uses_reason():
    client, dummy, dummy2 = make_client([(401, None)])
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert info.value.error_msg == "Unauthorized"
    assert str(info.value) == ("GET /x failed: HTTP 401: Unauthorized; credentials: access key from option access_key, "
                               "secret key from option secret_key, project id from option project_id")


def test_request_id_from_body_when_header_missing():
    client, dummy, dummy2 = make_client([(401, {"error_code": "APIGW.0301", "error_msg": "bad sig", "request_id": "body-rid"})])
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert info.value.request_id == "body-rid"


def test_success_with_non_json_body_is_an_error_once_retries_are_spent():
    client, adapter, dummy2 = make_client([(200, "<html>proxy login</html>")] * 3, max_retries=2)
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert info.value.status == 200
    assert "not JSON" in str(info.value) and "gave up after 3 attempts" in str(info.value)
    assert len(adapter.sent) == 3


# ---- configuration ----------------------------------------------------------------------------

def test_config_errors_name_options_and_environment():
    with pytest.raises(ConfigurationError) as info:
        Client(ClientConfig())
    message = str(info.value)
    assert not isinstance(info.value, ApiError)
    for word in ("access_key", "secret_key", "auth_token", "region", "HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK",
                 "HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK", "HW_AUTH_TOKEN", "HW_REGION_NAME"):
        assert word in message


@pytest.mark.parametrize("overrides,expected", [
    (dict(secret_key=None), "the task gives access_key but not secret_key"),
    (dict(access_key="  "), "the task gives secret_key but not access_key"),
    (dict(region=None), "no region"),
    (dict(region=None, project_id=None, endpoint="http://sim:1"), "HW_PROJECT_ID"),
    (dict(api_timeout=0), "api_timeout"),
    (dict(max_retries=-1), "max_retries"),
    (dict(max_retries="many"), "max_retries"),
    (dict(endpoint="sim.local:8080"), "endpoint must be a URL"),
    (dict(ca_cert="/nonexistent/ca.pem"), "ca_cert"),
])
def test_config_errors(overrides, expected):
    with pytest.raises(ConfigurationError) as info:
        Client(config(**overrides))
    assert expected in str(info.value)
    assert SK not in str(info.value)


def test_config_without_region_needs_endpoint_and_project_id():
    client, adapter, dummy = make_client([(200, {})], region=None, endpoint="http://sim:1")
    client.get("/v1/{project_id}/x")
    assert adapter.sent[0]["url"] == "http://sim:1/v1/%s/x" % PID


def test_config_repr_hides_secrets():
    text = repr(config(security_token=SECURITY_TOKEN, auth_token=AUTH_TOKEN))
    assert AK in text
    for secret in SECRETS:
        assert secret not in text


# ---- secrets never leak -----------------------------------------------------------------------

def leaky_exceptions():
    url = "%s/v1/x?X-Auth-Token=%s&sk=%s&st=%s" % (BASE, AUTH_TOKEN, SK, SECURITY_TOKEN)
    return [
        requests.exceptions.ConnectionError("HTTPSConnectionPool: Max retries exceeded with url: %s" % url),
        requests.exceptions.ReadTimeout("Read timed out. (url: %s)" % url),
        requests.exceptions.SSLError("certificate verify failed for %s" % url),
        requests.exceptions.ChunkedEncodingError("broken %s" % url),
        requests.exceptions.RequestException("something odd with headers {'X-Auth-Token': '%s'}" % AUTH_TOKEN),
        connection_refused(),
    ]


@pytest.mark.parametrize("index", range(6))
@pytest.mark.parametrize("auth", ["aksk", "token"])
def test_secrets_never_in_exception_text(index, auth):
    creds = dict(security_token=SECURITY_TOKEN)
    if auth == "token":
        creds["auth_token"] = AUTH_TOKEN
    client, dummy, dummy2 = make_client(default=leaky_exceptions()[index], max_retries=1, **creds)
    for call in (lambda: client.get("/x"), lambda: client.post("/x", body={})):
        with pytest.raises(ApiError) as info:
            call()
        assert_no_secret(info.value)
        assert info.value.__context__ is None and info.value.__cause__ is None


def test_secrets_echoed_by_the_server_are_scrubbed():
    echo = {"error_code": "APIGW.0301", "error_msg": "bad token %s for secret %s/%s" % (AUTH_TOKEN, SK, SECURITY_TOKEN)}
    client, dummy, dummy2 = make_client([(401, echo)], auth_token=AUTH_TOKEN, security_token=SECURITY_TOKEN)
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert_no_secret(info.value)
    assert "********" in info.value.error_msg


# ---- against a real local server ---------------------------------------------------------------

class RecordingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.server
        server.received.append(dict(method=self.command, target=self.path, headers=dict(self.headers.items()), body=body))
        action = server.actions.pop(0) if server.actions else "ok"
        if action == "drop":
            # Read the request, then vanish without answering: the client cannot know if it was applied.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if action == "slow":
            time.sleep(0.6)
        payload = json.dumps({"verified": server.verify(self.command, self.path, self.headers, body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class LocalServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        http.server.ThreadingHTTPServer.__init__(self, ("127.0.0.1", 0), RecordingHandler)
        self.received = []
        self.actions = []

    def verify(self, method, target, headers, body):
        """Verify the signature the way a gateway does: from the request target and headers as received."""
        parsed = signer.parse_authorization(headers.get("Authorization"))
        if not parsed:
            return False
        access, names, sig = parsed
        lower = dict((k.lower(), v) for k, v in headers.items())
        canonical = signer.canonical_request(method, target, lower, body, names)
        expected = signer.signature(signer.string_to_sign(canonical, lower["x-sdk-date"]), SK)
        return access == AK and expected == sig

    def handle_error(self, request, client_address):
        pass  # the client hanging up on a slow or dropped answer is what the tests provoke

    @property
    def url(self):
        scheme = "https" if isinstance(self.socket, ssl.SSLSocket) else "http"
        return "%s://127.0.0.1:%d" % (scheme, self.server_address[1])


@pytest.fixture
def server():
    srv = LocalServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def real_client(url, **overrides):
    session = requests.Session()
    session.trust_env = False  # no proxy or CA bundle from the environment in these tests
    sleeps = Sleeps()
    values = dict(endpoint=url, region=None)
    values.update(overrides)
    client = Client(config(**values), session=session, sleep=sleeps)
    client.retry.backoff_base = 0.001
    return client, sleeps


def test_real_server_verifies_signature_of_what_was_sent(server):
    client, dummy = real_client(server.url, security_token=SECURITY_TOKEN)
    pairs = [("name", "a b+c/d~é"), ("limit", 5), ("b", "x=y&z")]
    assert client.get("/v1/{project_id}/vpc-endpoint-services", params=pairs) == {"verified": True}
    assert client.post("/v1/{project_id}/vpc-endpoint-services", body={"description": "ünïcode", "n": [1, 2]}) == {"verified": True}
    assert client.put("/v1/{project_id}/vpc-endpoint-services/abc", body={"x": None}) == {"verified": True}
    first = server.received[0]
    assert first["target"] == "/v1/%s/vpc-endpoint-services?%s" % (PID, signer.canonical_query(pairs))
    assert first["headers"]["X-Security-Token"] == SECURITY_TOKEN
    assert server.received[1]["body"] == b'{"description":"\\u00fcn\\u00efcode","n":[1,2]}'


def test_real_server_dropped_connection(server):
    client, sleeps = real_client(server.url)
    server.actions = ["drop"]
    with pytest.raises(AmbiguousRequestError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={"a": 1})
    assert "connection to 127.0.0.1:%d was lost" % server.server_address[1] in str(info.value)
    assert len(server.received) == 1 and sleeps == []
    server.actions = ["drop"]
    assert client.get("/v1/{project_id}/vpc-endpoint-services") == {"verified": True}
    assert len(server.received) == 3 and len(sleeps) == 1


def test_real_server_read_timeout(server):
    client, sleeps = real_client(server.url, api_timeout=0.2, max_retries=1)
    server.actions = ["slow"]
    with pytest.raises(AmbiguousRequestError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={})
    assert "no answer from 127.0.0.1" in str(info.value) and "api_timeout" in str(info.value)
    assert sleeps == []


def test_real_connection_refused_is_retried_even_for_post():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here any more
    client, sleeps = real_client("http://127.0.0.1:%d" % port, max_retries=2)
    with pytest.raises(ApiError) as info:
        client.post("/v1/{project_id}/vpc-endpoint-services", body={})
    assert not isinstance(info.value, AmbiguousRequestError)
    assert "could not connect to 127.0.0.1:%d" % port in str(info.value)
    assert "3 attempts" in str(info.value)
    assert len(sleeps) == 2 and client.request_count == 3


# ---- TLS --------------------------------------------------------------------------------------

def make_ca_and_server_cert(directory):
    """Write a CA certificate and a server certificate/key for 127.0.0.1 signed by it; return the paths."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"hwcloud.vpcep test CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(u"127.0.0.1")),
                                                    x509.DNSName(u"localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256()))
    ca_path = directory / "ca.pem"
    cert_path = directory / "server.pem"
    key_path = directory / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(ca_path), str(cert_path), str(key_path)


@pytest.fixture
def tls_server(tmp_path):
    ca_path, cert_path, key_path = make_ca_and_server_cert(tmp_path)
    srv = LocalServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    srv.socket = context.wrap_socket(srv.socket, server_side=True)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    srv.ca_path = ca_path
    yield srv
    srv.shutdown()
    srv.server_close()


def test_tls_untrusted_certificate_fails_with_clear_message(tls_server):
    client, sleeps = real_client(tls_server.url)
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services")
    message = str(info.value)
    assert "TLS certificate verification failed" in message
    assert "ca_cert" in message and "validate_certs" in message
    assert sleeps == []  # a certificate problem does not go away by retrying


def test_tls_validate_certs_false_works(tls_server):
    client, dummy = real_client(tls_server.url, validate_certs=False)
    assert client.get("/v1/{project_id}/vpc-endpoint-services") == {"verified": True}


def test_tls_ca_cert_works(tls_server):
    client, dummy = real_client(tls_server.url, ca_cert=tls_server.ca_path)
    assert client.get("/v1/{project_id}/vpc-endpoint-services") == {"verified": True}


# ---- hardening: settings that end up in URLs, path segments -----------------------------------------

@pytest.mark.parametrize("overrides, words", [
    (dict(region="evil.com/x?"), ["region", "lowercase"]),
    (dict(region="CN-NORTH-4"), ["region"]),
    (dict(region="cn-north-4 x"), ["region"]),
    (dict(cloud="evil.com/x?y"), ["cloud"]),
    (dict(project_id="../../quotas"), ["project_id", "64"]),
    (dict(endpoint="https://sim.local/?x=1"), ["endpoint", "query"]),
    (dict(endpoint="https://sim.local/#frag"), ["endpoint", "fragment"]),
    (dict(endpoint="https://user:pw@sim.local/"), ["endpoint", "user"]),
    (dict(iam_endpoint="ftp://sim.local"), ["iam_endpoint", "https://"]),
    (dict(endpoint="https://sim.local:99999"), ["endpoint"]),
])
def test_settings_that_end_up_in_urls_are_checked(overrides, words):
    with pytest.raises(ConfigurationError) as info:
        Client(config(**overrides))
    for word in words:
        assert word in str(info.value)


def test_endpoint_with_a_path_prefix_is_accepted():
    client, adapter, dummy = make_client([(200, {})], endpoint="https://gw.example/vpcep/", region=None)
    client.get("/v1/{project_id}/vpc-endpoint-services")
    assert adapter.sent[0]["url"] == "https://gw.example/vpcep/v1/%s/vpc-endpoint-services" % PID


@pytest.mark.parametrize("url, warned", [
    ("http://127.0.0.1:8765", False),
    ("http://localhost:8765", False),
    ("http://[::1]:8765", False),
    ("https://vpcep.example.com", False),
    ("http://vpcep.example.com", True),
    ("http://10.1.2.3:8080", True),
])
def test_plain_http_to_another_host_is_warned(url, warned):
    warnings_ = config(endpoint=url).warnings()
    assert bool(warnings_) is warned
    if warned:
        assert "endpoint" in warnings_[0] and "unencrypted" in warnings_[0]


@pytest.mark.parametrize("segment, encoded", [
    ("abc", "abc"),
    ("a/b", "a%2Fb"),
    ("..", ".."),
    ("x?y=1", "x%3Fy%3D1"),
    ("#frag", "%23frag"),
    ("é", "%C3%A9"),
])
def test_api_path_encodes_each_segment(segment, encoded):
    assert client_module.api_path("/v1/{project_id}/vpc-endpoint-services", segment, "permissions") == \
        "/v1/{project_id}/vpc-endpoint-services/%s/permissions" % encoded


def test_an_encoded_segment_cannot_change_the_path_called():
    client, adapter, dummy = make_client([(200, {})])
    client.get(client_module.api_path("/v1/{project_id}/vpc-endpoint-services", "../../quotas?x=1"))
    sent = urlsplit(adapter.sent[0]["url"])
    assert sent.path == "/v1/%s/vpc-endpoint-services/..%%2F..%%2Fquotas%%3Fx%%3D1" % PID
    assert sent.query == ""


def test_a_resolved_project_id_that_is_not_an_id_is_refused():
    client, adapter, dummy = make_client([(200, {"projects": [{"id": "../x", "name": "cn-north-4"}]})], project_id=None)
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoint-services")
    assert "not a valid project id" in str(info.value)
    assert len(adapter.sent) == 1


# ---- concurrency: pages, the pool's pause after a 429 ---------------------------------------------

def _paged(total, page_size):
    def answer(request):
        query = dict(parse_qsl(urlsplit(request.url).query))
        offset, limit = int(query["offset"]), int(query["limit"])
        items = [{"n": n} for n in range(offset, min(offset + limit, total))]
        return (200, {"items": items, "total_count": total})
    return answer


def test_paginate_with_workers_reads_the_other_pages_concurrently_in_order():
    client, adapter, dummy = make_client(default=_paged(2500, 1000))
    items = list(client.paginate("/p", "items", page_size=1000, workers=4))
    assert [i["n"] for i in items] == list(range(2500))
    offsets = sorted(int(dict(parse_qsl(urlsplit(s["url"]).query))["offset"]) for s in adapter.sent)
    assert offsets == [0, 1000, 2000]


def test_paginate_with_workers_stops_at_total_count_and_on_a_short_page():
    client, adapter, dummy = make_client(default=_paged(30, 10))
    assert len(list(client.paginate("/p", "items", page_size=10, workers=4))) == 30
    assert len(adapter.sent) == 3
    # A total_count larger than the truth: one wave of at most `workers` pages past the end, then nothing more.

    def answer(request):
        status, body = _paged(25, 10)(request)
        return status, dict(body, total_count=60)
    client, adapter, dummy = make_client(default=answer)
    assert [i["n"] for i in client.paginate("/p", "items", page_size=10, workers=4)] == list(range(25))
    assert len(adapter.sent) == 5


@pytest.mark.parametrize("workers", [1, 4, 8])
def test_a_lying_total_count_costs_one_wave_of_at_most_workers_pages(workers):
    # Issue 19 point 9: a full first page that claims 1000000 items; the truth ends there.
    def answer(request):
        status, body = _paged(1000, 1000)(request)
        return status, dict(body, total_count=1000000)
    client, adapter, dummy = make_client(default=answer)
    assert len(list(client.paginate("/p", "items", page_size=1000, workers=workers))) == 1000
    assert len(adapter.sent) == 1 + workers


def test_a_server_that_repeats_full_pages_is_read_once_per_wave():
    # A server that ignores offset (or pads its pages with items it already gave) and lies about total_count.
    page = [{"id": "s%d" % n} for n in range(10)]
    client, adapter, dummy = make_client(default=(200, {"items": page, "total_count": 1000000}))
    assert [i["id"] for i in client.paginate("/p", "items", page_size=10, workers=3)] == ["s%d" % n for n in range(10)]
    assert len(adapter.sent) == 4
    client, adapter, dummy = make_client(default=(200, {"items": page}))
    assert len(list(client.paginate("/p", "items", page_size=10))) == 10
    assert len(adapter.sent) == 2


def test_waves_never_ask_for_more_pages_than_total_count_leaves():
    client, adapter, dummy = make_client(default=_paged(2500, 1000))
    assert len(list(client.paginate("/p", "items", page_size=1000, workers=8))) == 2500
    assert len(adapter.sent) == 3
    client, adapter, dummy = make_client(default=_paged(9000, 1000))
    assert len(list(client.paginate("/p", "items", page_size=1000, workers=3))) == 9000
    offsets = [int(dict(parse_qsl(urlsplit(s["url"]).query))["offset"]) for s in adapter.sent]
    assert sorted(offsets) == list(range(0, 9000, 1000))


def test_a_429_pauses_the_other_requests_of_the_client_too():
    client, adapter, sleeps = make_client([(429, {}, {"Retry-After": "3"}), (200, {"a": 1}), (200, {"b": 2})])
    now = [100.0]
    client.retry.monotonic = lambda: now[0]
    assert client.get("/x") == {"a": 1}
    assert sleeps == [3.0]
    # Another request, as another thread would send it at once: it waits out the rest of the pause.
    now[0] = 101.0
    assert client.get("/y") == {"b": 2}
    assert sleeps == [3.0, 2.0]


# ---- where the credentials came from -----------------------------------------------------------

def env_credentials(environ, **params):
    """The ClientConfig values and credentials the modules would build from these params and environment."""
    resolved = creds.resolve(params, environ)
    return dict(resolved.values, credentials=resolved)


@pytest.mark.parametrize("status,body", [
    (401, {"error_code": "EndPoint.0003", "error_msg": "Incorrect IAM authentication information"}),
    (403, {"error_code": "EndPoint.0004", "error_msg": "Forbidden"}),
    (400, {"error_code": "EndPoint.0014", "error_msg": "Invalid project ID"}),
])
def test_refused_credentials_name_the_source_of_each_part(status, body):
    environ = {"HW_ACCESS_KEY": "AK-ENV", "HW_SECRET_KEY": SK, "HW_PROJECT_ID": PID, "HW_AUTH_TOKEN": "tok-secret-1"}
    client, dummy, dummy2 = make_client([(status, body)], **env_credentials(environ))
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoints")
    message = str(info.value)
    # The token wins within its family: the keys of the same family are not part of the set in use.
    assert message.endswith("; credentials: IAM token from HW_AUTH_TOKEN, project id from HW_PROJECT_ID")
    assert "tok-secret-1" not in message and SK not in message
    client, dummy, dummy2 = make_client([(status, body)], region="cn-north-4",
                                        **env_credentials(environ, access_key="AK-TASK", secret_key="sk-task-secret"))
    client._project_id = "resolved-pid"
    with pytest.raises(ApiError) as info:
        client.get("/v1/{project_id}/vpc-endpoints")
    assert str(info.value).endswith(
        "; credentials: access key from option access_key, secret key from option secret_key, project id resolved "
        "from IAM for region cn-north-4 with these credentials")
    assert "sk-task-secret" not in str(info.value)


@pytest.mark.parametrize("status,body", [
    (404, {"error_code": "EndPoint.0005", "error_msg": "not found"}),
    (400, {"error_code": "EndPoint.0002", "error_msg": "Invalid parameter"}),
])
def test_other_errors_do_not_talk_about_credentials(status, body):
    client, dummy, dummy2 = make_client([(status, body)])
    with pytest.raises(ApiError) as info:
        client.get("/x")
    assert "credentials" not in str(info.value)


def test_project_resolution_failure_names_the_credentials_it_used():
    environ = {"HUAWEICLOUD_SDK_AK": "AK-SDK", "HUAWEICLOUD_SDK_SK": SK, "HW_PROJECT_ID": "ignored-pid"}
    client, dummy, dummy2 = make_client([(200, iam_answer())], **env_credentials(environ))
    assert client.config.credentials.ignored == ["HW_PROJECT_ID"]
    with pytest.raises(ApiError) as info:
        dummy3 = client.project_id
    assert ("0 projects match; set project_id (credentials: access key from HUAWEICLOUD_SDK_AK, secret key from "
            "HUAWEICLOUD_SDK_SK)") in str(info.value)
    assert SK not in str(info.value)
