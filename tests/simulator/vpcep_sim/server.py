# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP server: a ThreadingHTTPServer speaking the VPCEP and IAM APIs plus the /_sim/ inspection API."""

import json
import random
import socket
import socketserver
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import defaults, inspection
from .api import Api
from .protocol import Request, Response
from .auth import Authenticator
from .records import CONNECTION_STATUSES
from .state import State
from .validation import ApiError

FAULT_ANSWERS = {
    "429": (429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit"),
    "500": (500, "EndPoint.0001", "System error. Please retry."),
    "503": (503, "APIGW.0203", "Backend unavailable. Please retry."),
}
NO_BODY_LOG_PATHS = ("/v3/auth/tokens",)   # the body carries a password
# Faults that process the request and then send a 200 the client cannot read as the API's answer.
MANGLED = ("empty_200", "non_json_200")
NON_JSON_PAGE = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                 b"<body><h1>Bad Gateway</h1><p>simulated non-JSON answer</p></body></html>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, handler, simulator, address_family):
        self.address_family = address_family
        self.simulator = simulator
        self.open_connections = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def server_bind(self):
        # HTTPServer.server_bind would look the address up in DNS (getfqdn), which can stall.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[0], self.server_address[1]

    def handle_error(self, request, client_address):
        # A client that goes away mid-request, or fails the TLS handshake, is not the server's problem.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, ssl.SSLError, OSError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vpcep-sim/1.0"
    timeout = 120   # idle keep-alive connections are closed after this many seconds
    disable_nagle_algorithm = True   # headers and body are separate writes; no 40 ms delayed-ACK stall

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self):
        with self.server.connections_lock:
            self.server.open_connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """The simulator keeps its own request log; http.server's access log is not wanted."""

    # every method goes through one entry point
    def do_GET(self):  # pylint: disable=invalid-name
        """GET."""
        self._handle()

    def do_POST(self):  # pylint: disable=invalid-name
        """POST."""
        self._handle()

    def do_PUT(self):  # pylint: disable=invalid-name
        """PUT."""
        self._handle()

    def do_DELETE(self):  # pylint: disable=invalid-name
        """DELETE."""
        self._handle()

    def do_PATCH(self):  # pylint: disable=invalid-name
        """PATCH."""
        self._handle()

    def do_HEAD(self):  # pylint: disable=invalid-name
        """HEAD."""
        self._handle()

    def do_OPTIONS(self):  # pylint: disable=invalid-name
        """OPTIONS."""
        self._handle()

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, response, request_id):
        data = b""
        if response.body is not None:
            data = json.dumps(response.body).encode("utf-8")
        self._send_raw(response.status, data, "application/json;charset=UTF-8", request_id, response.headers)

    def _send_raw(self, status, data, content_type, request_id, headers=None):
        self.send_response(status)
        self.send_header("X-Request-Id", request_id)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def _drop(self):
        """Close the connection without an answer."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _handle(self):
        started = time.monotonic()
        simulator = self.server.simulator
        request_id = str(uuid.uuid4())
        path, _sep, query = self.path.partition("?")
        query = query.partition("#")[0]
        body = self._read_body()
        if path.startswith("/_sim/") or path == "/_sim":
            self._send(inspection.answer(simulator, self.command, path, query, body), request_id)
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(self.command, path, query, headers, body)
        entry = {
            "method": self.command, "path": path, "query": query, "status": None, "request_id": request_id, "fault": None,
            "body": None if path in NO_BODY_LOG_PATHS else _loggable(body), "account": None, "domain_id": None,
            "auth": None, "access_key": None, "security_token": None, "security_token_signed": False,
        }
        # The network's delay, slept outside the state lock so that parallel requests overlap.
        time.sleep(simulator.network_delay())
        fault = simulator.state.take_fault(self.command, path)
        response = self._answer(simulator, request, fault, request_id)
        # Handled (committed, refused, or dropped by a fault): another party scheduled for this moment starts its clock.
        simulator.state.scheduler.trigger(self.command, path)
        if request.account is not None:
            # How the caller proved who it is: its AK/SK signature (the access key is no secret) or a token.
            auth = getattr(request, "auth", None)
            entry.update(account=request.account["name"], domain_id=request.account["domain_id"], auth=auth,
                         access_key=request.account["access_key"] if auth == "aksk" else None)
            # The temporary credentials' token: a fingerprint (never the token), and whether the signature covers it.
            entry["security_token"], entry["security_token_signed"] = simulator.authenticator.security_token(headers)
        entry["fault"] = fault["action"] if fault else None
        entry["status"] = None if response is None else (200 if fault and fault["action"] in MANGLED else response.status)
        entry["duration_ms"] = round((time.monotonic() - started) * 1000.0, 3)
        simulator.state.log_request(entry)
        if simulator.verbose:
            sys.stderr.write("%s %s%s -> %s%s\n" % (self.command, path, "?" + query if query else "", entry["status"],
                                                    " (fault %s)" % entry["fault"] if entry["fault"] else ""))
        self._deliver(response, fault, request_id)

    @staticmethod
    def _answer(simulator, request, fault, request_id):
        """The Response for the request under this fault (None: no answer at all)."""
        action = fault["action"] if fault else None
        if action in FAULT_ANSWERS:
            status, code, message = FAULT_ANSWERS[action]
            extra = {"Retry-After": fault["retry_after"]} if fault.get("retry_after") is not None else {}
            return Response(status, {"error_code": code, "error_msg": message, "request_id": request_id}, extra)
        if action == "close":
            return None
        if action == "slow_commit":
            # The request is processed only after the delay, so a client that gave up earlier
            # finds the change made afterwards.
            time.sleep(fault["delay"])
        response = simulator.api.dispatch(request)
        if action == "lying_total":
            return _lying_total(response, request, fault["total_count"])
        return response

    def _deliver(self, response, fault, request_id):
        action = fault["action"] if fault else None
        if response is None or action == "drop_after_commit":
            self._drop()
        elif action == "500_after_commit":
            status, code, message = FAULT_ANSWERS["500"]
            self._send(Response(status, {"error_code": code, "error_msg": message, "request_id": request_id}), request_id)
        elif action == "empty_200":
            self._send_raw(200, b"", "application/json;charset=UTF-8", request_id)
        elif action == "non_json_200":
            self._send_raw(200, NON_JSON_PAGE, "text/html;charset=UTF-8", request_id)
        else:
            self._send(response, request_id)


def _lying_total(response, request, total_count):
    """A list answer that claims total_count items and whose page is full: its items repeated up to the query's limit."""
    if not 200 <= response.status < 300 or not isinstance(response.body, dict) or "total_count" not in response.body:
        return response
    try:
        limit = int(request.params.get("limit") or defaults.LIST_DEFAULT_LIMIT)
    except ValueError:
        limit = defaults.LIST_DEFAULT_LIMIT
    body = dict(response.body, total_count=total_count)
    for key, value in response.body.items():
        if isinstance(value, list) and value:
            body[key] = [value[n % len(value)] for n in range(max(limit, len(value)))]
    return Response(response.status, body, response.headers)


def _loggable(body):
    if not body:
        return None
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return body[:2048].decode("utf-8", "replace")


class Simulator:
    """The VPCEP API simulator; start() serves in a background thread, stop() ends it.

    Usable as a context manager. url is http(s)://host:port for both VPCEP and IAM. The keyword
    arguments access_key ... domain_id describe the default account (the provider); accounts is a
    list of extra account dicts (access_key, secret_key, domain_id, project_id, name), by default
    one consumer (defaults.CONSUMER_*).
    """

    def __init__(self, host=defaults.DEFAULT_HOST, port=0, access_key=defaults.DEFAULT_ACCESS_KEY,
                 secret_key=defaults.DEFAULT_SECRET_KEY, project_id=defaults.DEFAULT_PROJECT_ID,
                 region=defaults.DEFAULT_REGION, domain_id=defaults.DEFAULT_DOMAIN_ID,
                 provision_delay=defaults.DEFAULT_PROVISION_DELAY, fail_pattern=None, state_file=None,
                 tls_cert=None, tls_key=None, auth_token=None, verbose=False, strict_port_conflicts=True,
                 connection_delay=defaults.DEFAULT_CONNECTION_DELAY, accounts=None, latency_ms=0.0, jitter_ms=0.0):
        self.host = host
        self.port = port
        self.access_key = access_key
        self.secret_key = secret_key
        self.project_id = project_id
        self.region = region
        self.domain_id = domain_id
        self.auth_token = auth_token
        self.tls_cert = tls_cert
        self.tls_key = tls_key or tls_cert
        self.verbose = verbose
        self.state = State(region, project_id, domain_id, provision_delay=provision_delay,
                           fail_pattern=fail_pattern, state_file=state_file, strict_port_conflicts=strict_port_conflicts,
                           connection_delay=connection_delay, accounts=accounts, access_key=access_key,
                           secret_key=secret_key, latency_ms=latency_ms, jitter_ms=jitter_ms)
        self.authenticator = Authenticator(self.state.accounts, auth_token=auth_token, token_owner=self.state.token_owner)
        self.api = Api(self.state, self.authenticator)
        self._server = None
        self._thread = None

    @property
    def accounts(self):
        """Every account (dicts: name, access_key, secret_key, domain_id, project_id), the default one first."""
        return self.state.accounts.listing()

    @property
    def consumer(self):
        """The second account (the consumer by default), or None when there is only one."""
        accounts = self.accounts
        return accounts[1] if len(accounts) > 1 else None

    def network_delay(self):
        """Seconds to wait before answering an API call: latency_ms plus or minus up to jitter_ms."""
        config = self.state.get_config()
        jitter = config["jitter_ms"]
        return max(0.0, config["latency_ms"] + random.uniform(-jitter, jitter)) / 1000.0

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        """Bind, start serving in a daemon thread; returns self."""
        if self._server is not None:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server = _Server((self.host, self.port), _Handler, self, family)
        if self.tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.tls_cert, self.tls_key)
            # The handshake runs in the request's thread (setup()), not in the accept loop.
            server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="vpcep-sim-%d" % self.port, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving, close the listening socket and every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with server.connections_lock:
            connections = list(server.open_connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(5)
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        """Base URL of VPCEP and IAM alike."""
        host = self.host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d" % ("https" if self.tls_cert else "http", host, self.port)

    def export_lines(self):
        """Shell lines that point the collection (and the SDK) at this simulator; the consumer's too."""
        lines = [
            "export SIM_URL=%s" % self.url,
            "export HW_VPCEP_ENDPOINT=%s" % self.url,
            "export HW_IAM_ENDPOINT=%s" % self.url,
            "export HW_ACCESS_KEY=%s" % self.access_key,
            "export HW_SECRET_KEY=%s" % self.secret_key,
            "export HW_REGION_NAME=%s" % self.region,
            "export HW_PROJECT_ID=%s" % self.project_id,
        ]
        consumer = self.consumer
        if consumer:
            lines += ["export HW_CONSUMER_%s=%s" % (key.upper(), consumer[key])
                      for key in ("access_key", "secret_key", "project_id", "domain_id")]
        if self.auth_token:
            lines.append("# token auth instead of AK/SK: export HW_AUTH_TOKEN=%s" % self.auth_token)
        if self.tls_cert:
            lines.append("export HW_CA_CERT=%s" % self.tls_cert)
        return lines

    # ------------------------------------------------------------------ direct accessors for tests
    def _account(self, name):
        try:
            return self.state.account(name)
        except ApiError as error:
            raise ValueError(error.error_msg) from error

    def requests_log(self, since=0):
        """The logged API calls with seq > since."""
        return self.state.requests(since)

    def reset(self):
        """Services, endpoints, log, faults and config back to the start values (accounts and tokens kept)."""
        self.state.reset()

    def configure(self, **values):
        """Any of the /_sim/config keys (provision_delay, quota, latency_ms, ...); returns the config."""
        try:
            return self.state.configure(values)
        except ApiError as error:
            raise ValueError(error.error_msg) from error

    def add_fault(self, action, method=None, path=".*", count=1, retry_after=None, skip=0, delay=None, total_count=None):
        """Apply a fault (429/500/503, close, drop_after_commit, 500_after_commit, slow_commit, empty_200, non_json_200,
        lying_total) to the next count matching requests."""
        try:
            return self.state.add_fault(str(action), method=method, path=path, count=count, retry_after=retry_after,
                                        skip=skip, delay=delay, total_count=total_count)
        except ApiError as error:
            raise ValueError(error.error_msg) from error

    def seed(self, count, name_prefix="svc", name=None, account=None):
        """count 'available' services of the account (name; the default one for None) at once; returns their ids."""
        return self.state.seed(count, name_prefix, name, self._account(account))

    def schedule(self, kind, body, account=None, after=None, delay=0.0):
        """Another party: create a service or endpoint (kind) from this create body as the account, delay seconds after the
        next request matching after ({"method", "path" regex}) has been handled, or from now; returns the schedule."""
        try:
            return self.state.scheduler.add(kind, body, self.state.account(account), after=after, delay=delay)
        except ApiError as error:
            raise ValueError(error.error_msg) from error

    def schedules(self):
        """Every schedule: id, kind, account, after, delay, state (waiting, armed, done, failed), resource_id, error."""
        return self.state.scheduler.listing()

    def add_connection(self, service_id, domain_id=None, status="pendingAcceptance", description="", account=None):
        """A consumer-side connection request to a service of the account (name); returns it as the API shows it."""
        if status not in CONNECTION_STATUSES:
            raise ValueError("status must be one of %s" % ", ".join(CONNECTION_STATUSES))
        return self.state.add_connection(service_id, domain_id, status, description, self._account(account)["project_id"])

    def issue_token(self, account=None):
        """A valid X-Auth-Token of the account (name; the default one for None), as POST /v3/auth/tokens would issue it."""
        return self.state.issue_token(self._account(account))[0]

    def inspection(self, method, path, query, body):
        """Answer a /_sim/ request (no authentication, never logged)."""
        return inspection.answer(self, method, path, query, body)
