# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 19's race test: another party creates the same identity while a run's create has no clear answer.

Rounds of issue 19 points 1, 2 and 3, on both sides (vpcep_service and vpcep_endpoint):
- point 1 (3 on the consumer's side): the run's create commits and its answer is lost (drop_after_commit);
- point 2: the run's create is reset before the server processes it (close), and two other parties create;
with the other party 0.5, 1.0 and 2.0 seconds after the create was handled, with and without a slow lookup (every
list call of the run answered 0.6 s late), 5 rounds each. Each round runs the modules' engine in-process, with the
real client, against a real simulator (several simulators in parallel: the rounds sleep most of the time). What
must hold in every round: nothing of the other party is deleted or changed (its record as it was created, no write
request to its id), and the run's outcome is the one the ownership rule gives for the order the resources were
created in. The integration target `ownership` covers each point once with ansible-playbook.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import concurrent.futures
import itertools
import re
import time

import pytest

from vpcep_sim import Simulator

from ansible_collections.hwcloud.vpcep.plugins.module_utils.resources import endpoint_service, vpc_endpoint
from ansible_collections.hwcloud.vpcep.plugins.module_utils.base import client_config_from_params
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.client import Client
from ansible_collections.hwcloud.vpcep.plugins.module_utils.errors import HwcloudError
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import reads
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.context import Context
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.tags import MARKER_KEY
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_endpoint, vpcep_service
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.module_utils.fakes import module_params

ROUNDS = 5
DELAYS = (0.5, 1.0, 2.0)
SLOW_LOOKUP = 0.6
# One simulator per round, all rounds at once: they sleep most of the time, so this stays light on two cores, and a
# side's 30 rounds take about as long as its slowest one.
WORKERS = len(DELAYS) * 2 * ROUNDS
# Long enough for the other parties of point 2 (at most 2.0 + 0.3 s after the create) to appear within the grace.
GRACE = 4
VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
SUBNET = '5189d3c2-8882-4871-a3c2-d380272eed81'
SERVICE_PATH = r'/vpc-endpoint-services$'
WITHDRAWN = re.compile(r'^\S+ \S*\s?(\S+) \(created_at (\S+)\), which matches .* removed its own duplicate (\S+) '
                       r'\(created_at (\S+)\)')
ENDPOINT_PATH = r'/vpc-endpoints$'


def run_engine(sim, declaration, spec, params, account):
    """Run a module's engine as its main() does, with the real client; return the module's result as a dict."""
    who = sim.accounts[0] if account is None else [a for a in sim.accounts if a['name'] == account][0]
    values = module_params(spec, **params)
    values.update(access_key=who['access_key'], secret_key=who['secret_key'], region=sim.region,
                  project_id=who['project_id'], endpoint=sim.url, iam_endpoint=sim.url, max_retries=0)
    context = Context(values, connect=lambda: Client(client_config_from_params(values)))
    try:
        outcome = declaration(context).ensure()
    except HwcloudError as error:
        return dict(context.known, failed=True, changed=context.changed, msg=error.failure()['msg'],
                    warnings=context.warnings)
    return dict(outcome.values, failed=False, changed=outcome.changed, warnings=context.warnings)


class Side(object):
    """What differs between the provider's side and the consumer's: the task, the other party, the records."""

    def __init__(self, kind):
        self.kind = kind

    def prepare(self, sim):
        """Once per simulator: the consumer's side needs a service it may connect to."""
        if self.kind == 'endpoint':
            sid = sim.seed(1, name='shared')[0]
            sim.state.permission_action(sid, 'add', 'domainId', ['*'])
            self.service_id = sid

    def task(self, index):
        if self.kind == 'service':
            return dict(name='race%d' % index, vpc_id=VPC, port_id='4189d3c2-8882-4871-a3c2-%012d' % index,
                        server_type='VM', ports=[{'client_port': 443, 'server_port': 8443}], description='ours',
                        tags={'mine': 'yes'}, wait_timeout=GRACE)
        return dict(endpoint_service_id=self.service_id, vpc_id=self.vpc(index), subnet_id=SUBNET, description='ours',
                    tags={'mine': 'yes'}, wait_timeout=GRACE)

    @staticmethod
    def vpc(index):
        return '6389d3c2-8882-4871-a3c2-%012d' % index

    def their_body(self, index, which):
        """The other party's create body: the same identity, its own description, ports and tags."""
        if self.kind == 'service':
            return {'service_name': 'race%d' % index, 'vpc_id': VPC, 'server_type': 'VM',
                    'port_id': '7489d3c2-8882-4871-a3c2-%06d%06d' % (index, which),
                    'ports': [{'client_port': 9000 + which, 'server_port': 99}], 'description': 'theirs %d' % which,
                    'tags': [{'key': 'owner', 'value': 'them'}]}
        return {'endpoint_service_id': self.service_id, 'vpc_id': self.vpc(index), 'subnet_id': SUBNET,
                'description': 'theirs %d' % which, 'tags': [{'key': 'owner', 'value': 'them'}]}

    def path(self):
        return SERVICE_PATH if self.kind == 'service' else ENDPOINT_PATH

    def run(self, sim, index):
        if self.kind == 'service':
            return run_engine(sim, endpoint_service.EndpointService, vpcep_service.argument_spec(), self.task(index), None)
        return run_engine(sim, vpc_endpoint.VpcEndpoint, vpcep_endpoint.argument_spec(), self.task(index), 'consumer')

    def records(self, sim, index):
        """The stored resources of the round's identity, oldest first (through the simulator, not the code under test)."""
        if self.kind == 'service':
            return sim.state.inspect_services('race%d' % index)
        return sim.state.inspect_endpoints(self.vpc(index))

    def own_result(self, result):
        return result.get('service' if self.kind == 'service' else 'endpoint') or {}


def play_round(sim, side, point, delay, slow, index):
    """One round; returns None when it went as the ownership rule says, else what went wrong."""
    since = sim.state.last_seq
    sim.add_fault('drop_after_commit' if point == 1 else 'close', method='POST', path=side.path())
    theirs = [sim.schedule(side.kind, side.their_body(index, which), account=None if side.kind == 'service' else 'consumer',
                           after={'method': 'POST', 'path': side.path()}, delay=delay + 0.3 * which)
              for which in range(1 if point == 1 else 2)]
    if slow:
        sim.add_fault('slow_commit', method='GET', path=side.path(), delay=SLOW_LOOKUP, count=1000)
    try:
        result = side.run(sim, index)
    finally:
        sim.state.clear_faults()
    # A run may end before the other party comes (a quick lookup, the party at 2.0 s): it comes all the same.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(s['state'] in ('waiting', 'armed') for s in sim.schedules()):
        time.sleep(0.05)
    return check_round(sim, side, point, index, since, theirs, result)


def check_round(sim, side, point, index, since, theirs, result):
    made = dict((s['id'], s) for s in sim.schedules())
    their_ids = [made[t['id']]['resource_id'] for t in theirs]
    records = dict((r['id'], r) for r in side.records(sim, index))
    problems = []
    for which, their_id in enumerate(their_ids):
        record = records.get(their_id)
        if record is None or record['status'] == 'deleting':
            problems.append('the other party\'s %s %s was deleted' % (side.kind, their_id))
        elif (record['description'], record['tags'], record['updated_at']) != (
                'theirs %d' % which, [{'key': 'owner', 'value': 'them'}], record['created_at']):
            problems.append('the other party\'s %s %s was changed: %s' % (side.kind, their_id, record))
    writes = [r for r in sim.requests_log(since) if r['method'] != 'GET']
    touched = [(r['method'], r['path']) for r in writes for i in their_ids if i and i in r['path']]
    if touched:
        problems.append('requests to the other party\'s resources: %s' % touched)
    if not result['changed']:
        problems.append('changed is false after a create that may have committed')
    problems.extend(expected_outcome(side, point, result, records, their_ids, writes))
    return '; '.join(problems) or None


def expected_outcome(side, point, result, records, their_ids, writes):
    """The outcome the rule gives: point 2 fails listing the candidates; point 1 keeps its own unless one is older."""
    if point == 2:
        listed = all(i in result.get('msg', '') for i in their_ids)
        if not result['failed'] or 'none carries this run\'s creation token' not in result['msg'] or not listed:
            return ['point 2 did not fail listing the candidates: %s' % result]
        return [] if [w['method'] for w in writes] == ['POST'] else ['point 2 wrote more than its create: %s' % writes]
    own = [i for i in records if i not in their_ids]
    if not result['failed']:
        own_id = side.own_result(result).get('id')
        problems = [] if own_id in own and records[own_id]['status'] != 'deleting' else [
            'the run reported %s, not its own live one: %s' % (own_id, own)]
        if own_id in records and any(t['key'] == MARKER_KEY for t in records[own_id]['tags']):
            problems.append('the creation token survived a successful run')
        return problems
    # Only an older resource of the other party (created in the same second, a smaller id) makes the run withdraw its
    # own: then it fails naming that one and its own, and nothing of its own is left.
    named = WITHDRAWN.search(result['msg'])
    if not named or named.group(1) not in their_ids:
        return ['point 1 failed: %s' % result['msg']]
    theirs = {'id': named.group(1), 'created_at': named.group(2)}
    withdrawn = {'id': named.group(3), 'created_at': named.group(4)}
    problems = [] if reads.age_key(theirs) < reads.age_key(withdrawn) else [
        'the run withdrew its own although it was older: %s' % result['msg']]
    if withdrawn['id'] in records and records[withdrawn['id']]['status'] != 'deleting':
        problems.append('the run failed but left its own %s' % withdrawn['id'])
    return problems


def rounds(kind, points):
    """Every (point, delay, slow, round) of a side."""
    return list(itertools.product(points, DELAYS, (False, True), range(ROUNDS)))


def play(kind, points):
    side = Side(kind)
    plan = rounds(kind, points)
    simulators = [Simulator(port=0, provision_delay=0.3).start() for _worker in range(WORKERS)]

    def worker(number):
        sim = simulators[number]
        side_of_worker = Side(kind)
        side_of_worker.prepare(sim)
        failures = []
        for index in range(number, len(plan), WORKERS):
            point, delay, slow, _round = plan[index]
            problem = play_round(sim, side_of_worker, point, delay, slow, index)
            if problem:
                failures.append('point %d, other party at %.1f s, %s lookup, round %d: %s'
                                % (point, delay, 'slow' if slow else 'quick', _round, problem))
        return failures

    try:
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            failures = [f for found in pool.map(worker, range(WORKERS)) for f in found]
    finally:
        for sim in simulators:
            sim.stop()
    assert side.kind == kind
    assert not failures, '\n'.join(failures)
    return len(plan)


@pytest.mark.parametrize('kind', ['service', 'endpoint'])
@pytest.mark.parametrize('point', [1, 2])
def test_nothing_of_another_party_is_ever_deleted_or_changed(kind, point):
    # Point 1 on the service side, point 3 (the same on the consumer's side) on the endpoint side; point 2 on both.
    assert play(kind, [point]) == len(DELAYS) * 2 * ROUNDS
