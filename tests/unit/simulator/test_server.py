# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The server itself: state file, TLS, concurrency, the command line, start/stop."""

import datetime
import ipaddress
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - cryptography is in requirements-dev.txt
    HAS_CRYPTOGRAPHY = False

from vpcep_sim import DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_REGION, Simulator, defaults

SIMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "simulator"))


def test_state_file_round_trip(tmp_path, make_client):
    state_file = str(tmp_path / "state.json")
    with Simulator(provision_delay=0, state_file=state_file) as sim:
        client = make_client(sim)
        service = client.created(service_name="kept", tags=[{"key": "k", "value": "v"}])
        connection = sim.add_connection(service["id"])
        assert client.call("POST", client.services_path(service["id"], "/permissions/action"),
                           body={"action": "add", "permissions": ["*"]}).status_code == 200
        doomed = client.created(service_name="doomed")
        assert client.call("DELETE", client.services_path(doomed["id"])).status_code == 204
    with open(state_file, encoding="utf-8") as handle:
        assert json.load(handle)["version"] == 2
    with Simulator(provision_delay=0, state_file=state_file) as sim:
        client = make_client(sim)
        listed = client.list().json()
        assert listed["total_count"] == 1
        shown = client.show(service["id"]).json()
        assert shown["status"] == "available"
        assert shown["service_name"] == service["service_name"]
        assert shown["tags"] == [{"key": "k", "value": "v"}]
        assert shown["created_at"] == service["created_at"]
        connections = client.call("GET", client.services_path(service["id"], "/connections")).json()
        assert connections["connections"][0]["id"] == connection["id"]
        permissions = client.call("GET", client.services_path(service["id"], "/permissions")).json()
        assert permissions["permissions"][0]["permission"] == "*"
        # writes keep going to the file
        client.created(service_name="second")
    with Simulator(state_file=state_file) as sim:
        assert make_client(sim).list().json()["total_count"] == 2


def test_reset_also_empties_the_state_file(tmp_path, make_client):
    state_file = str(tmp_path / "state.json")
    with Simulator(provision_delay=0, state_file=state_file) as sim:
        make_client(sim).created()
        sim.reset()
    with Simulator(state_file=state_file) as sim:
        assert make_client(sim).list().json()["total_count"] == 0


def _self_signed(tmp_path):
    if not HAS_CRYPTOGRAPHY:
        pytest.skip("cryptography is not installed")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vpcep-sim test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_tls(tmp_path, make_client):
    cert, key = _self_signed(tmp_path)
    with Simulator(tls_cert=cert, tls_key=key, provision_delay=0) as sim:
        assert sim.url.startswith("https://127.0.0.1:")
        client = make_client(sim)
        client.verify = cert
        assert client.created(service_name="tls")["status"] == "available"
        assert client.list().json()["total_count"] == 1
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(sim.url + "/_sim/health", timeout=5)
        plain = sim.url.replace("https://", "http://")
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(plain + "/_sim/health", timeout=5)
        # the server survives both bad clients
        assert client.sim_get("/_sim/health").status_code == 200


def test_concurrent_creates(make_client):
    with Simulator(provision_delay=0) as sim:
        ids, errors = [], []
        lock = threading.Lock()

        def worker(number):
            client = make_client(sim)
            for index in range(50):
                response = client.create(service_name="c%d-%d" % (number, index), port_id="port-%d-%d" % (number, index))
                with lock:
                    if response.status_code == 200:
                        ids.append(response.json()["id"])
                    else:
                        errors.append(response.text)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        assert len(ids) == 400
        assert len(set(ids)) == 400
        client = make_client(sim)
        assert client.list().json()["total_count"] == 400
        assert len(sim.requests_log()) == 401
        assert len({e["seq"] for e in sim.requests_log()}) == 401


def test_start_stop_and_context_manager():
    sim = Simulator()
    assert sim.start() is sim
    url = sim.url
    assert requests.get(url + "/_sim/health", timeout=5).json()["ok"] is True
    sim.stop()
    sim.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url + "/_sim/health", timeout=2)
    with Simulator() as first, Simulator() as second:
        assert first.port != second.port
        assert first.access_key == DEFAULT_ACCESS_KEY
        assert first.project_id == DEFAULT_PROJECT_ID
        assert first.region == DEFAULT_REGION


def _run_cli(tmp_path, *args, env=None):
    port_file = tmp_path / "port"
    environ = dict(os.environ, PYTHONPATH=SIMULATOR_DIR, **(env or {}))
    process = subprocess.Popen([sys.executable, "-m", "vpcep_sim", "--port", "0", "--port-file", str(port_file)] + list(args),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, text=True)
    deadline = time.monotonic() + 15
    while not port_file.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert port_file.exists(), process.communicate(timeout=5)
    return process, int(port_file.read_text().strip())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_command_line(tmp_path, sig):
    env = {"SIM_ACCESS_KEY": "ENVAK", "SIM_SECRET_KEY": "ENVSK", "SIM_PROJECT_ID": "e" * 32, "SIM_REGION": "ap-southeast-3"}
    process, port = _run_cli(tmp_path, "--provision-delay", "0", "--quiet", env=env)
    try:
        health = requests.get("http://127.0.0.1:%d/_sim/health" % port, timeout=5).json()
        assert health["region"] == "ap-southeast-3" and health["project_id"] == "e" * 32
    finally:
        process.send_signal(sig)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    url = "http://127.0.0.1:%d" % port
    for line in ("export HW_VPCEP_ENDPOINT=" + url, "export HW_IAM_ENDPOINT=" + url, "export HW_ACCESS_KEY=ENVAK",
                 "export HW_SECRET_KEY=ENVSK", "export HW_REGION_NAME=ap-southeast-3", "export HW_PROJECT_ID=" + "e" * 32,
                 "export HW_CONSUMER_ACCESS_KEY=SIMCONSUMERAK0000000002",
                 "export HW_CONSUMER_PROJECT_ID=" + defaults.CONSUMER_PROJECT_ID):
        assert line in out.splitlines()
    assert "Traceback" not in err


def test_command_line_env_file(tmp_path):
    env_file = tmp_path / "sim.env"
    process, port = _run_cli(tmp_path, "--quiet", "--env-file", str(env_file))
    try:
        deadline = time.monotonic() + 15
        while not env_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        # Sourced by a shell, it gives a child every variable the collection and the demo read.
        shown = subprocess.run(["sh", "-c", '. "$1" && env', "sh", str(env_file)], capture_output=True, text=True,
                               check=True, env={"PATH": os.environ["PATH"]}).stdout.splitlines()
    finally:
        process.terminate()
        process.communicate(timeout=15)
    url = "http://127.0.0.1:%d" % port
    for line in ("SIM_URL=" + url, "HW_VPCEP_ENDPOINT=" + url, "HW_IAM_ENDPOINT=" + url, "HW_ACCESS_KEY=" + DEFAULT_ACCESS_KEY,
                 "HW_PROJECT_ID=" + DEFAULT_PROJECT_ID, "HW_CONSUMER_ACCESS_KEY=" + defaults.CONSUMER_ACCESS_KEY,
                 "HW_CONSUMER_SECRET_KEY=" + defaults.CONSUMER_SECRET_KEY, "HW_CONSUMER_DOMAIN_ID=" + defaults.CONSUMER_DOMAIN_ID):
        assert line in shown


def test_command_line_sim_port(tmp_path):
    with Simulator() as probe:
        free = probe.port
    environ = dict(os.environ, PYTHONPATH=SIMULATOR_DIR, SIM_PORT=str(free))
    process = subprocess.Popen([sys.executable, "-m", "vpcep_sim", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environ, text=True)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if requests.get("http://127.0.0.1:%d/_sim/health" % free, timeout=1).status_code == 200:
                    break
            except requests.exceptions.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("the simulator did not listen on SIM_PORT")
    finally:
        process.terminate()
        out, _err = process.communicate(timeout=15)
    assert "export HW_VPCEP_ENDPOINT=http://127.0.0.1:%d" % free in out


def test_command_line_help():
    result = subprocess.run([sys.executable, "-m", "vpcep_sim", "--help"], capture_output=True, text=True, timeout=30,
                            env=dict(os.environ, PYTHONPATH=SIMULATOR_DIR), check=True)
    for flag in ("--port", "--host", "--provision-delay", "--fail-pattern", "--state-file", "--tls-cert", "--tls-key",
                 "--auth-token", "--port-file", "--env-file", "--consumer-access-key", "--consumer-secret-key", "--consumer-project-id",
                 "--consumer-domain-id", "--latency", "--jitter"):
        assert flag in result.stdout


@pytest.mark.parametrize("args", [["--fail-pattern", "("], ["--tls-key", "/nonexistent.pem"], ["--tls-cert", "/nonexistent.pem"],
                                  ["--latency", "-1"], ["--consumer-access-key", DEFAULT_ACCESS_KEY]])
def test_command_line_refuses_bad_settings(args):
    result = subprocess.run([sys.executable, "-m", "vpcep_sim", "--port", "0", "--quiet"] + args, capture_output=True, text=True,
                            timeout=30, env=dict(os.environ, PYTHONPATH=SIMULATOR_DIR), check=False)
    assert result.returncode == 2
    assert "vpcep_sim:" in result.stderr
    assert "Traceback" not in result.stderr


def test_command_line_port_in_use():
    with Simulator() as busy:
        result = subprocess.run([sys.executable, "-m", "vpcep_sim", "--port", str(busy.port), "--quiet"], capture_output=True,
                                text=True, timeout=30, env=dict(os.environ, PYTHONPATH=SIMULATOR_DIR), check=False)
    assert result.returncode == 2
    assert "cannot start" in result.stderr


def test_python_api_refuses_bad_settings():
    with pytest.raises(ValueError):
        Simulator(fail_pattern="(")
    with Simulator() as sim:
        with pytest.raises(ValueError):
            sim.configure(provision_delay="soon")
        with pytest.raises(ValueError):
            sim.add_fault("404")


def test_head_and_options_answer_with_a_request_id(simulator):
    for method in ("HEAD", "OPTIONS"):
        response = requests.request(method, simulator.url + "/v1/x/vpc-endpoint-services", timeout=5)
        assert response.status_code == 404
        assert response.headers["X-Request-Id"]


def test_state_file_keeps_endpoints_accounts_resources_and_permission_records(tmp_path, make_client):
    state_file = str(tmp_path / "state.json")
    with Simulator(provision_delay=0, state_file=state_file) as sim:
        provider, consumer = make_client(sim), make_client(sim, sim.consumer)
        service = provider.created(service_name="kept")
        record = provider.call("POST", provider.services_path(service["id"], "/permissions/batch-create"), body={
            "permissions": [{"permission": "iam:domain::" + sim.consumer["domain_id"], "description": "the consumer"}]}).json()
        endpoint = consumer.created_endpoint(service["id"], tags=[{"key": "k", "value": "v"}])
        theirs = consumer.created(service_name="theirs")
    saved = json.loads((tmp_path / "state.json").read_text())
    assert saved["version"] == 2 and [e["id"] for e in saved["endpoints"]] == [endpoint["id"]]
    with Simulator(provision_delay=0, state_file=state_file) as sim:
        provider, consumer = make_client(sim), make_client(sim, sim.consumer)
        shown = consumer.call("GET", consumer.endpoints_path(endpoint["id"])).json()
        expected = ("pendingAcceptance", [{"key": "k", "value": "v"}], endpoint["marker_id"])
        assert (shown["status"], shown["tags"], shown["marker_id"]) == expected
        assert provider.call("GET", provider.services_path(service["id"], "/connections")).json()["connections"][0]["id"] == endpoint["id"]
        assert [s["id"] for s in consumer.list().json()["endpoint_services"]] == [theirs["id"]]
        sim.configure(list_permission_descriptions=True)
        listed = provider.call("GET", provider.services_path(service["id"], "/permissions")).json()["permissions"]
        assert listed == [dict(record["permissions"][0])]
        # A later endpoint gets a connection seq after the loaded ones (newest first in the owner's list).
        later = consumer.created_endpoint(service["id"])
        ids = [c["id"] for c in provider.call("GET", provider.services_path(service["id"], "/connections")).json()["connections"]]
        assert ids == [later["id"], endpoint["id"]]


def test_a_version_1_state_file_belongs_to_the_default_account(tmp_path, make_client):
    state_file = tmp_path / "state.json"
    with Simulator(provision_delay=0, state_file=str(state_file)) as sim:
        service = make_client(sim).created(service_name="old")
    data = json.loads(state_file.read_text())
    data["version"] = 1
    for record in data["services"]:
        for key in ("project_id", "domain_id"):
            del record[key]
        for permission in record["permissions"]:
            del permission["description"], permission["implicit"]
    del data["endpoints"], data["connection_seq"]
    state_file.write_text(json.dumps(data))
    with Simulator(provision_delay=0, state_file=str(state_file)) as sim:
        assert make_client(sim).show(service["id"]).json()["project_id"] == sim.project_id
        assert make_client(sim, sim.consumer).show(service["id"]).status_code == 404
