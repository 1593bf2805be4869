# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m vpcep_sim: run the simulator in the foreground until SIGINT or SIGTERM."""

import argparse
import os
import signal
import sys
import threading

from . import defaults
from .server import Simulator


def _env(name, default):
    value = os.environ.get(name)
    return value if value else default


def parse_args(argv=None):
    """Command-line flags; SIM_* environment variables give their defaults."""
    parser = argparse.ArgumentParser(
        prog="python -m vpcep_sim",
        description="Local, stateful simulator of the Huawei Cloud VPCEP API (endpoint services and VPC endpoints) "
                    "and of the IAM project and token calls, with two accounts: a provider and a consumer.",
        epilog="Environment: SIM_PORT, SIM_ACCESS_KEY, SIM_SECRET_KEY, SIM_PROJECT_ID, SIM_REGION override the defaults; flags override both.",
    )
    parser.add_argument("--host", default=defaults.DEFAULT_HOST, help="address to listen on (default %(default)s)")
    parser.add_argument("--port", type=int, default=int(_env("SIM_PORT", defaults.DEFAULT_PORT)),
                        help="port to listen on, 0 for a free one (default $SIM_PORT or %d)" % defaults.DEFAULT_PORT)
    parser.add_argument("--access-key", default=_env("SIM_ACCESS_KEY", defaults.DEFAULT_ACCESS_KEY), help="the accepted access key")
    parser.add_argument("--secret-key", default=_env("SIM_SECRET_KEY", defaults.DEFAULT_SECRET_KEY), help="its secret key")
    parser.add_argument("--project-id", default=_env("SIM_PROJECT_ID", defaults.DEFAULT_PROJECT_ID), help="the one project id")
    parser.add_argument("--region", default=_env("SIM_REGION", defaults.DEFAULT_REGION), help="the region (project name)")
    parser.add_argument("--domain-id", default=defaults.DEFAULT_DOMAIN_ID, help="the provider's domain (account) id")
    consumer = parser.add_argument_group("the second account (the consumer)")
    consumer.add_argument("--consumer-access-key", default=defaults.CONSUMER_ACCESS_KEY, help="its access key (default %(default)s)")
    consumer.add_argument("--consumer-secret-key", default=defaults.CONSUMER_SECRET_KEY, help="its secret key")
    consumer.add_argument("--consumer-project-id", default=defaults.CONSUMER_PROJECT_ID, help="its project id (default %(default)s)")
    consumer.add_argument("--consumer-domain-id", default=defaults.CONSUMER_DOMAIN_ID, help="its domain id (default %(default)s)")
    parser.add_argument("--provision-delay", type=float, default=defaults.DEFAULT_PROVISION_DELAY,
                        help="seconds a create stays 'creating' and a delete 'deleting' (default %(default)s)")
    parser.add_argument("--connection-delay", type=float, default=defaults.DEFAULT_CONNECTION_DELAY,
                        help="seconds an accepted connection stays 'creating' (default %(default)s)")
    parser.add_argument("--fail-pattern", default=None, help="regex on the service name: matching creates end 'failed'")
    parser.add_argument("--state-file", default=None, help="JSON file: loaded at start, saved after each write")
    parser.add_argument("--tls-cert", default=None, help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", default=None, help="PEM private key (default: in --tls-cert)")
    parser.add_argument("--auth-token", default=None, help="also accept this fixed X-Auth-Token")
    parser.add_argument("--latency", type=float, default=0.0, metavar="MS",
                        help="answer every API call after this many milliseconds (default %(default)s)")
    parser.add_argument("--jitter", type=float, default=0.0, metavar="MS",
                        help="plus or minus up to this many milliseconds, uniformly (default %(default)s)")
    parser.add_argument("--strict-port-conflicts", action=argparse.BooleanOptionalAction, default=True,
                        help="refuse services that share a port_id and a server port/protocol, as the API documents (default: on)")
    parser.add_argument("--port-file", default=None, help="write the bound port to this file once listening")
    parser.add_argument("--env-file", default=None,
                        help="write the export lines (SIM_URL, HW_*, HW_CONSUMER_*) to this file once listening, for `.`")
    parser.add_argument("--quiet", action="store_true", help="do not print one line per API call on stderr")
    return parser.parse_args(argv)


def consumer_account(args):
    """The consumer's account dict from the command line."""
    return {"name": defaults.CONSUMER_ACCOUNT_NAME, "access_key": args.consumer_access_key,
            "secret_key": args.consumer_secret_key, "project_id": args.consumer_project_id,
            "domain_id": args.consumer_domain_id}


def _write_atomically(path, text):
    """Write a file that a waiting script finds either whole or not at all."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv=None):
    """Run until SIGINT/SIGTERM; returns the exit code."""
    args = parse_args(argv)
    if args.tls_key and not args.tls_cert:
        sys.stderr.write("vpcep_sim: --tls-key needs --tls-cert\n")
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        simulator = Simulator(
            host=args.host, port=args.port, access_key=args.access_key, secret_key=args.secret_key,
            project_id=args.project_id, region=args.region, domain_id=args.domain_id,
            provision_delay=args.provision_delay, fail_pattern=args.fail_pattern, state_file=args.state_file,
            tls_cert=args.tls_cert, tls_key=args.tls_key, auth_token=args.auth_token, verbose=not args.quiet,
            strict_port_conflicts=args.strict_port_conflicts, connection_delay=args.connection_delay,
            accounts=[consumer_account(args)], latency_ms=args.latency, jitter_ms=args.jitter,
        ).start()
    except (OSError, ValueError, RuntimeError) as error:
        sys.stderr.write("vpcep_sim: cannot start: %s\n" % error)
        return 2
    if args.port_file:
        _write_atomically(args.port_file, "%d\n" % simulator.port)
    if args.env_file:
        _write_atomically(args.env_file, "".join(line + "\n" for line in simulator.export_lines()))
    out = sys.stdout
    out.write("# VPCEP simulator listening on %s (VPCEP and IAM); stop with Ctrl-C\n" % simulator.url)
    details = ["provision delay %ss" % args.provision_delay]
    if args.connection_delay:
        details.append("connection delay %ss" % args.connection_delay)
    if args.fail_pattern:
        details.append("fail pattern %r" % args.fail_pattern)
    if args.state_file:
        details.append("state file %s" % args.state_file)
    if args.latency or args.jitter:
        details.append("latency %sms +/- %sms" % (args.latency, args.jitter))
    out.write("# %s\n" % ", ".join(details))
    out.write("# paste these lines into your shell to point the collection at it:\n")
    for line in simulator.export_lines():
        out.write(line + "\n")
    out.flush()
    while not stop.wait(0.5):
        pass
    simulator.stop()
    out.write("# VPCEP simulator stopped\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
