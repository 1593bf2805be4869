# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 19 points 5, 6 and 8: `changed` after injected faults on every write, modules run in-process against the simulator.

A write that committed and then got 5xx answers until the retries ran out fails with changed=true; a write the
API refused (a 429 every time) fails with changed=false; a DELETE whose lost answer is followed by a 404 deleted
it (changed=true); a non-idempotent action is judged by a fresh read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.client import retry as retry_module
from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit import lookup
from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_connection, vpcep_endpoint, vpcep_service
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import run_module

VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
SUBNET = '8b2f3c4d-0d00-41f2-aedc-71f09844e880'
OBS = '8a5a0d4e-7c1b-4f0e-9a53-0b9b6c1f0001'
DOMAIN = 'iam:domain::1564ec50ef2a47c791ea5536353ed4b9'
ONE_RETRY = dict(max_retries=1)
PROVISION_DELAY = 0.0
POLICY = [{'Effect': 'Allow', 'Action': ['obs:object:GetObject'], 'Resource': ['obs:*:*:object:bucket/*']}]


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    # Retries at once: the faults decide what each attempt gets, not the clock. The set-up's creates need no
    # settling pause either: no other run creates anything here.
    monkeypatch.setattr(retry_module.RetryPolicy, 'backoff_base', 0.0)
    monkeypatch.setattr(lookup, 'SETTLE', 0, raising=False)


def service(sim, capsys, **extra):
    args = dict(name='web', vpc_id=VPC, port_id=PORT, server_type='VM', ports=[{'client_port': 80, 'server_port': 8080}])
    args.update(extra)
    result, _calls = run_module(vpcep_service, sim, capsys, **args)
    assert result['changed'] is True, result
    return result['service']


def endpoint(sim, capsys, service_id=None, **extra):
    args = dict(endpoint_service_id=service_id or service(sim, capsys)['id'], vpc_id=VPC, subnet_id=SUBNET)
    args.update(extra)
    result, _calls = run_module(vpcep_endpoint, sim, capsys, **args)
    assert result['changed'] is True, result
    return result['endpoint']


def writes(calls):
    return [c for c in calls if c['method'] != 'GET']


# Each case: (set-up returning the module and its args, method and path of the faulted write).
def _service_put(sim, capsys):
    service(sim, capsys)
    return vpcep_service, dict(name='web', description='changed')


def _tags_create(sim, capsys):
    service(sim, capsys)
    return vpcep_service, dict(name='web', tags={'team': 'a'})


def _tags_delete(sim, capsys):
    service(sim, capsys, tags={'old': 'x'})
    return vpcep_service, dict(name='web', tags={})


def _permissions_add(sim, capsys):
    service(sim, capsys)
    return vpcep_service, dict(name='web', permissions=[DOMAIN])


def _permission_description(sim, capsys):
    sim.configure(list_permission_descriptions=True)
    service(sim, capsys, permissions=[{'permission': DOMAIN, 'description': 'a'}])
    return vpcep_service, dict(name='web', permissions=[{'permission': DOMAIN, 'description': 'b'}])


def _service_delete(sim, capsys):
    service(sim, capsys)
    return vpcep_service, dict(name='web', state='absent')


def _endpoint_delete(sim, capsys):
    return vpcep_endpoint, dict(id=endpoint(sim, capsys)['id'], state='absent')


def _whitelist(sim, capsys):
    return vpcep_endpoint, dict(id=endpoint(sim, capsys)['id'], whitelist=['10.0.0.0/24'], enable_whitelist=True)


def _routetables(sim, capsys):
    gateway = endpoint(sim, capsys, OBS, subnet_id=None)
    return vpcep_endpoint, dict(id=gateway['id'], routetables=['rt-1'])


def _policy(sim, capsys):
    gateway = endpoint(sim, capsys, OBS, subnet_id=None)
    return vpcep_endpoint, dict(id=gateway['id'], policy_statement=POLICY)


def _connection_description(sim, capsys):
    service_id = service(sim, capsys)['id']
    connection = sim.add_connection(service_id, status='accepted')
    return vpcep_connection, dict(service_id=service_id, endpoints=[connection['id']], state='accepted', description='t-1')


WRITES = [
    pytest.param(_service_put, 'PUT', r'vpc-endpoint-services/[^/]+$', id='service-put'),
    pytest.param(_tags_create, 'POST', r'/tags/action$', id='tags-create'),
    pytest.param(_tags_delete, 'POST', r'/tags/action$', id='tags-delete'),
    pytest.param(_permissions_add, 'POST', r'/permissions/batch-create$', id='permissions-batch-create'),
    pytest.param(_permission_description, 'PUT', r'/permissions/[^/]+$', id='permission-description'),
    pytest.param(_service_delete, 'DELETE', r'vpc-endpoint-services/[^/]+$', id='service-delete'),
    pytest.param(_endpoint_delete, 'DELETE', r'vpc-endpoints/[^/]+$', id='endpoint-delete'),
    pytest.param(_whitelist, 'PUT', r'vpc-endpoints/[^/]+$', id='endpoint-whitelist'),
    pytest.param(_routetables, 'PUT', r'/routetables$', id='endpoint-routetables'),
    pytest.param(_policy, 'PUT', r'/policy$', id='endpoint-policy'),
    pytest.param(_connection_description, 'PUT', r'/connections/description$', id='connection-description'),
]


@pytest.mark.parametrize('setup, method, path', WRITES)
def test_a_write_that_committed_then_got_5xx_until_the_retries_ran_out_reports_changed(sim, capsys, setup, method, path):
    module, args = setup(sim, capsys)
    # Every attempt commits and is answered 500 (the DELETEs: the first commits, the retry finds it deleting).
    sim.add_fault('500_after_commit', method=method, path=path, count=2)
    result, calls = run_module(module, sim, capsys, connection=ONE_RETRY if method != 'DELETE' else {}, **args)
    assert result['failed'] is True, result
    assert result['changed'] is True, result
    assert result['error']['status'] == 500
    faulted = [c for c in calls if c['method'] == method and c['fault'] == '500_after_commit']
    assert faulted and all(c['status'] < 300 for c in faulted)


@pytest.mark.parametrize('setup, method, path', WRITES)
def test_a_write_that_was_refused_every_time_reports_unchanged(sim, capsys, setup, method, path):
    module, args = setup(sim, capsys)
    sim.add_fault('429', method=method, path=path, count=2)
    result, calls = run_module(module, sim, capsys, connection=ONE_RETRY, **args)
    assert result['failed'] is True, result
    assert result['changed'] is False, result
    assert [c['status'] for c in calls if c['fault']] == [429, 429]


def test_a_write_lost_after_commit_then_5xx_reports_changed(sim, capsys):
    # The issue's own sequence: the PUT commits, its answer is lost, the retries get 503 until they run out.
    module, args = _service_put(sim, capsys)
    sim.add_fault('drop_after_commit', method='PUT')
    sim.add_fault('503', method='PUT', count=2)
    result, calls = run_module(module, sim, capsys, connection=dict(max_retries=2), **args)
    assert result['failed'] is True and result['changed'] is True
    assert [c['fault'] for c in writes(calls)] == ['drop_after_commit', '503', '503']


@pytest.mark.parametrize('setup', [_service_delete, _endpoint_delete])
def test_a_delete_whose_answer_was_lost_and_whose_retry_got_404_deleted_it(sim, capsys, setup):
    # Issue 19 point 6: gone at once (no provision delay), so the retry of the lost DELETE gets 404.
    module, args = setup(sim, capsys)
    sim.configure(provision_delay=0)
    sim.add_fault('drop_after_commit', method='DELETE')
    result, calls = run_module(module, sim, capsys, connection=ONE_RETRY, **args)
    assert result['changed'] is True, result
    assert 'failed' not in result
    assert [c['status'] for c in writes(calls)] == [204, 404]


def test_a_delete_whose_connection_closed_unanswered_is_retried_and_reports_changed(sim, capsys):
    module, args = _endpoint_delete(sim, capsys)
    sim.add_fault('close', method='DELETE')
    result, calls = run_module(module, sim, capsys, connection=ONE_RETRY, **args)
    assert result['changed'] is True and 'failed' not in result, result
    assert [c['status'] for c in writes(calls)] == [None, 204]


def test_a_removal_of_permissions_is_judged_by_a_fresh_read(sim, capsys):
    service(sim, capsys, permissions=[DOMAIN])
    # Answered 500 without committing: the fresh read shows the permission still there.
    sim.add_fault('500', method='POST', path='batch-delete$')
    result, calls = run_module(vpcep_service, sim, capsys, name='web', permissions=[])
    assert result['failed'] is True and result['changed'] is False, result
    assert len(writes(calls)) == 1
    # Answered 500 after committing: the fresh read shows it gone, so the run succeeds, changed.
    sim.add_fault('500_after_commit', method='POST', path='batch-delete$')
    result, calls = run_module(vpcep_service, sim, capsys, name='web', permissions=[])
    assert result['changed'] is True and 'failed' not in result, result
    assert result['service']['permissions'] == []


@pytest.mark.parametrize('fault, changed, status', [('500', False, 'pendingAcceptance'), ('500_after_commit', True, 'accepted')])
def test_an_accept_answered_500_reports_what_a_fresh_read_shows(sim, capsys, fault, changed, status):
    # Issue 19 point 8.
    service_id = service(sim, capsys)['id']
    connection = sim.add_connection(service_id)
    sim.add_fault(fault, method='POST', path='/connections/action$')
    result, calls = run_module(vpcep_connection, sim, capsys, service_id=service_id, endpoints=[connection['id']],
                               state='accepted')
    assert result['changed'] is changed, result
    assert result.get('failed', False) is (not changed)
    assert [c['status'] for c in result['connections']] == [status]
    assert len(writes(calls)) == 1
