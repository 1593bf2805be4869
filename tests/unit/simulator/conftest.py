# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the simulator's tests: a running simulator and a client that signs with the official SDK."""

import json
import os
import sys
from urllib.parse import urlsplit

import pytest
import requests

SIMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "simulator"))
if SIMULATOR_DIR not in sys.path:
    sys.path.insert(0, SIMULATOR_DIR)

from vpcep_sim import Simulator  # noqa: E402  pylint: disable=wrong-import-position

try:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer
except ImportError:  # pragma: no cover - the SDK is in requirements-dev.txt
    Signer = None

FAST_DELAY = 0.2


class SimClient:
    """Requests to a simulator, signed by the official SDK's signer (independent of the collection's)."""

    def __init__(self, sim, account=None):
        self.sim = sim
        self.account = account or sim.accounts[0]   # whom the requests are signed as
        self.session = requests.Session()
        self.session.trust_env = False
        self.verify = True

    @property
    def project_id(self):
        """The project of the client's account."""
        return self.account["project_id"]

    @property
    def base(self):
        """/v1/{project_id} of the client's account."""
        return "/v1/%s" % self.project_id

    def endpoints_path(self, endpoint_id=None, suffix=""):
        """.../vpc-endpoints[/{id}][suffix]."""
        path = self.base + "/vpc-endpoints"
        if endpoint_id:
            path += "/" + endpoint_id
        return path + suffix

    def services_path(self, service_id=None, suffix=""):
        """.../vpc-endpoint-services[/{id}][suffix]."""
        path = self.base + "/vpc-endpoint-services"
        if service_id:
            path += "/" + service_id
        return path + suffix

    def signed_headers(self, method, path, params=None, body=b"", headers=None, access_key=None, secret_key=None, when=None,
                       project_header=True):
        """Headers (Authorization included) and the query string the SDK's signer makes for this request."""
        if Signer is None:
            pytest.skip("huaweicloudsdkcore is not installed")
        header_params = {}
        if body:
            header_params["Content-Type"] = "application/json"
        if project_header:
            header_params["X-Project-Id"] = self.project_id
        if when is not None:
            header_params["X-Sdk-Date"] = when.strftime("%Y%m%dT%H%M%SZ")
        header_params.update(headers or {})
        request = SdkRequest(method=method, schema=urlsplit(self.sim.url).scheme, host=urlsplit(self.sim.url).netloc,
                             resource_path=path, query_params=list((params or {}).items()),
                             header_params=header_params, body=body or "")
        credentials = BasicCredentials(access_key or self.account["access_key"], secret_key or self.account["secret_key"])
        Signer(credentials).sign(request)
        query = request.uri.partition("?")[2]
        return dict(request.header_params), query

    def call(self, method, path, params=None, body=None, raw_body=None, headers=None, access_key=None, secret_key=None,
             when=None, project_header=True, sign=True, send_query=None, send_body=None, drop_headers=(), timeout=10):
        """Sign and send; send_query/send_body/drop_headers tamper with the request after signing."""
        data = raw_body if raw_body is not None else (json.dumps(body).encode("utf-8") if body is not None else b"")
        query = ""
        out_headers = dict(headers or {})
        if sign:
            out_headers, query = self.signed_headers(method, path, params, data, headers, access_key, secret_key, when, project_header)
        elif params:
            query = "&".join("%s=%s" % (k, v) for k, v in params.items())
        for name in drop_headers:
            out_headers = {k: v for k, v in out_headers.items() if k.lower() != name.lower()}
        if send_query is not None:
            query = send_query
        if send_body is not None:
            data = send_body
        url = self.sim.url + path + ("?" + query if query else "")
        return self.session.request(method, url, data=data or None, headers=out_headers, timeout=timeout, verify=self.verify)

    # shortcuts -----------------------------------------------------------------------------
    def create(self, **fields):
        """Create a service; fields override a valid default body."""
        body = {
            "port_id": fields.pop("port_id", None) or os.urandom(8).hex(),
            "vpc_id": "4189d3c2-8882-4871-a3c2-d380272eed80",
            "server_type": "VM",
            "ports": [{"client_port": 8080, "server_port": 80, "protocol": "TCP"}],
        }
        body.update(fields)
        return self.call("POST", self.services_path(), body=body)

    def created(self, **fields):
        """Create and return the answer body (asserting 200)."""
        response = self.create(**fields)
        assert response.status_code == 200, response.text
        return response.json()

    def show(self, service_id):
        """GET a service."""
        return self.call("GET", self.services_path(service_id))

    def list(self, **params):
        """GET the list with the given query parameters."""
        return self.call("GET", self.services_path(), params=params)

    def create_endpoint(self, service_id, **fields):
        """Create a VPC endpoint to a service; fields override a valid default body (an interface endpoint)."""
        body = {"endpoint_service_id": service_id, "vpc_id": "0c2d2b5e-1111-4000-8000-00000000e0c1",
                "subnet_id": "0c2d2b5e-2222-4000-8000-00000000e0c1"}
        body.update(fields)
        return self.call("POST", self.endpoints_path(), body={k: v for k, v in body.items() if v is not None})

    def created_endpoint(self, service_id, **fields):
        """Create a VPC endpoint and return the answer body (asserting 200)."""
        response = self.create_endpoint(service_id, **fields)
        assert response.status_code == 200, response.text
        return response.json()

    def sim_post(self, path, body=None):
        """POST to the inspection API."""
        return self.session.post(self.sim.url + path, json=body or {}, timeout=10, verify=self.verify)

    def sim_get(self, path):
        """GET from the inspection API."""
        return self.session.get(self.sim.url + path, timeout=10, verify=self.verify)


@pytest.fixture(scope="session")
def _shared_simulator():
    with Simulator(port=0, provision_delay=FAST_DELAY) as sim:
        yield sim


@pytest.fixture
def simulator(_shared_simulator):
    """A running simulator (provision delay 0.2 s), reset before each test."""
    _shared_simulator.reset()
    yield _shared_simulator


@pytest.fixture
def api(simulator):
    """A SimClient for the simulator fixture."""
    client = SimClient(simulator)
    yield client
    client.session.close()


@pytest.fixture
def consumer(simulator):
    """A SimClient signing as the simulator's second account (the consumer)."""
    client = SimClient(simulator, simulator.consumer)
    yield client
    client.session.close()


@pytest.fixture
def make_client():
    """A SimClient for any simulator (e.g. one a test starts itself), as its default account or another one."""
    clients = []

    def _make(sim, account=None):
        client = SimClient(sim, account)
        clients.append(client)
        return client

    yield _make
    for client in clients:
        client.session.close()
