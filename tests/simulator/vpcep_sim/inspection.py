# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_sim/ inspection API: no authentication, never logged, unknown body keys refused."""

import json
from urllib.parse import parse_qsl

from . import validation
from .protocol import Response
from .records import CONNECTION_STATUSES
from .validation import ApiError, bad


def _known(data, fields):
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise bad("Invalid parameter %s: unknown field (expected %s)" % (unknown[0], ", ".join(fields)))


def answer(simulator, method, path, query, body):
    """Answer a /_sim/ request."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    route = path.rstrip("/")
    try:
        data = json.loads(body.decode("utf-8")) if body else {}
        if not isinstance(data, dict):
            raise bad("Invalid parameter body: must be a JSON object")
        handler = CALLS.get((method, route))
        if handler is None:
            raise ApiError(404, "SIM.0404", "No such inspection call: %s %s" % (method, route))
        return handler(simulator, params, data)
    except (UnicodeDecodeError, ValueError) as exc:
        return Response(400, {"error_code": "EndPoint.0002", "error_msg": "Invalid parameter body: not valid JSON (%s)" % exc})
    except ApiError as error:
        return Response(error.status, {"error_code": error.error_code, "error_msg": error.error_msg})


def _health(simulator, _params, _data):
    return Response(200, {"ok": True, "url": simulator.url, "region": simulator.region, "project_id": simulator.project_id,
                          "last_seq": simulator.state.last_seq})


def _requests(simulator, params, _data):
    since = params.get("since", "0")
    if not since.isdigit():
        raise bad("Invalid parameter since: must be an integer >= 0")
    return Response(200, {"requests": simulator.requests_log(int(since))})


def _reset(simulator, _params, _data):
    simulator.reset()
    return Response(200, {"reset": True, "config": simulator.state.get_config()})


def _config(simulator, _params, data):
    return Response(200, simulator.state.configure(data) if data else simulator.state.get_config())


def _faults(simulator, _params, _data):
    return Response(200, {"faults": simulator.state.list_faults()})


def _clear_faults(simulator, _params, _data):
    simulator.state.clear_faults()
    return Response(200, {"faults": []})


def _add_fault(simulator, _params, data):
    _known(data, ("method", "path", "action", "count", "retry_after", "skip", "delay", "total_count"))
    if "action" not in data:
        raise bad("Invalid parameter action: is required")
    fault = simulator.state.add_fault(str(data["action"]), method=data.get("method"), path=data.get("path", ".*"),
                                      count=data.get("count", 1), retry_after=data.get("retry_after"),
                                      skip=data.get("skip", 0), delay=data.get("delay"), total_count=data.get("total_count"))
    return Response(200, fault)


def _seed(simulator, _params, data):
    _known(data, ("count", "name_prefix", "name", "account"))
    count = data.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 100000:
        raise bad("Invalid parameter count: must be an integer between 0 and 100000")
    prefix = data.get("name_prefix", "svc")
    if not isinstance(prefix, str) or len(prefix) > 10 or not all(c.isalnum() or c in "_-" for c in prefix):
        raise bad("Invalid parameter name_prefix: at most 10 letters, digits, '_' and '-'")
    name = data.get("name")
    if name is not None:
        validation.check_service_name("name", name)
    ids = simulator.state.seed(count, prefix, name, simulator.state.account(data.get("account")))
    return Response(200, {"count": len(ids), "ids": ids})


def _connection(simulator, _params, data):
    _known(data, ("service_id", "domain_id", "status", "description", "account"))
    if not isinstance(data.get("service_id"), str):
        raise bad("Invalid parameter service_id: is required")
    status = data.get("status", "pendingAcceptance")
    if status not in CONNECTION_STATUSES:
        raise bad("Invalid parameter status: must be one of %s" % ", ".join(CONNECTION_STATUSES))
    domain_id = data.get("domain_id")
    if domain_id is not None and not isinstance(domain_id, str):
        raise bad("Invalid parameter domain_id: must be a string")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise bad("Invalid parameter description: must be a string")
    owner = simulator.state.account(data.get("account"))
    return Response(200, simulator.state.add_connection(data["service_id"], domain_id, status, description, owner["project_id"]))


def _schedule(simulator, _params, data):
    _known(data, ("kind", "body", "account", "after", "delay"))
    account = simulator.state.account(data.get("account"))
    return Response(200, simulator.state.scheduler.add(data.get("kind"), data.get("body"), account,
                                                       after=data.get("after"), delay=data.get("delay", 0)))


def _schedules(simulator, _params, _data):
    return Response(200, {"schedules": simulator.state.scheduler.listing()})


def _clear_schedules(simulator, _params, _data):
    simulator.state.scheduler.clear()
    return Response(200, {"schedules": []})


def _services(simulator, params, _data):
    return Response(200, {"services": simulator.state.inspect_services(params.get("name"))})


def _endpoints(simulator, params, _data):
    return Response(200, {"endpoints": simulator.state.inspect_endpoints(params.get("vpc_id"))})


def _accounts(simulator, _params, _data):
    return Response(200, {"accounts": simulator.accounts})


CALLS = {
    ("GET", "/_sim/health"): _health,
    ("GET", "/_sim/requests"): _requests,
    ("POST", "/_sim/reset"): _reset,
    ("GET", "/_sim/config"): _config,
    ("POST", "/_sim/config"): _config,
    ("GET", "/_sim/faults"): _faults,
    ("DELETE", "/_sim/faults"): _clear_faults,
    ("POST", "/_sim/faults"): _add_fault,
    ("POST", "/_sim/seed"): _seed,
    ("POST", "/_sim/connections"): _connection,
    ("GET", "/_sim/accounts"): _accounts,
    ("GET", "/_sim/services"): _services,
    ("GET", "/_sim/endpoints"): _endpoints,
    ("POST", "/_sim/schedule"): _schedule,
    ("GET", "/_sim/schedule"): _schedules,
    ("DELETE", "/_sim/schedule"): _clear_schedules,
}
