# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""vpcep_service's main() run in-process against the VPCEP simulator, checking results and the requests sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


import pytest
import yaml

from ansible_collections.hwcloud.vpcep.plugins.modules import vpcep_service
from ansible_collections.hwcloud.vpcep.tests.unit.plugins.modules.utils import assert_documentation_matches, run_module

VPC = '4189d3c2-8882-4871-a3c2-d380272eed80'
PORT = '4189d3c2-8882-4871-a3c2-d380272eed88'
DOMAIN = 'iam:domain::1564ec50ef2a47c791ea5536353ed4b9'
OTHER_DOMAIN = 'iam:domain::2a47c791ea5536353ed4b91564ec50ef'
PORTS = [{'client_port': 8080, 'server_port': 90}, {'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'}]


def run(sim, capsys, check_mode=False, diff=False, **args):
    """Run the module's main() with these args; return (result, the API calls it made)."""
    return run_module(vpcep_service, sim, capsys, check_mode=check_mode, diff=diff, **args)


def writes(calls):
    return [c for c in calls if c['method'] != 'GET']


def create_args(**overrides):
    values = dict(name='orders-api', vpc_id=VPC, port_id=PORT, server_type='LB', ports=PORTS)
    values.update(overrides)
    return values


def test_documentation_matches_the_argument_spec():
    assert_documentation_matches(vpcep_service)


@pytest.mark.parametrize('overrides, words', [
    (dict(name='a-name-longer-than-16'), ['name', '16']),
    (dict(name='bad name!'), ['name', 'letters']),
    (dict(ports=[]), ['ports', '1 to 200']),
    (dict(ports=[{'client_port': 0, 'server_port': 80}]), ['client_port', '65535']),
    (dict(ports=[{'client_port': 80, 'server_port': 80}, {'client_port': 80, 'server_port': 80}]), ['ports', 'duplicate']),
    (dict(description='<script>'), ['description', '<']),
    (dict(tags={'a=b': 'v'}), ['tags', '=']),
    (dict(permissions=['domain:abc']), ['permissions', 'iam:domain::']),
    (dict(wait_timeout=0), ['wait_timeout']),
])
def test_invalid_input_fails_before_any_request(sim, capsys, overrides, words):
    result, calls = run(sim, capsys, **create_args(**overrides))
    assert result['failed'] is True
    assert result.get('changed', False) is False
    for word in words:
        assert word in result['msg']
    assert calls == []


def test_missing_create_options_are_named_together(sim, capsys):
    result, calls = run(sim, capsys, name='needs-more', port_id=PORT)
    assert result['failed'] is True
    for option in ('vpc_id', 'server_type', 'ports'):
        assert option in result['msg']
    assert result['missing'] == ['vpc_id', 'server_type', 'ports']
    assert writes(calls) == []


def test_one_of_id_or_name_is_required(sim, capsys):
    result, calls = run(sim, capsys, vpc_id=VPC)
    assert result['failed'] is True
    assert 'id' in result['msg'] and 'name' in result['msg']
    assert calls == []


def test_check_mode_create_then_create_then_rerun(sim, capsys):
    args = create_args(approval_enabled=False, tcp_proxy='proxy_open', description='Orders', ip='10.0.0.10',
                       tags={'team': 'payments', 'env': 'test'}, permissions=[DOMAIN], wait_timeout=60)

    checked, calls = run(sim, capsys, check_mode=True, diff=True, **args)
    assert checked['changed'] is True
    assert writes(calls) == []
    assert len(calls) == 1
    assert checked['service']['status'] == 'creating'
    assert 'id' not in checked['service']
    assert checked['diff']['before'] == {}
    assert checked['diff']['after']['tags'] == {'team': 'payments', 'env': 'test'}
    assert checked['diff']['after']['permissions'] == {DOMAIN: ''}

    created, calls = run(sim, capsys, diff=True, **args)
    assert created['changed'] is True
    service = created['service']
    assert service['status'] == 'available'
    assert service['name'] == 'orders-api'
    assert service['service_name'] == '%s.orders-api.%s' % (sim.region, service['id'])
    assert service['tags'] == {'team': 'payments', 'env': 'test'}
    assert [p['permission'] for p in service['permissions']] == [DOMAIN]
    assert service['permissions'][0]['id']
    # The create, the removal of its creation token once the name is settled, then the permission once the service
    # is available (batch-create takes descriptions too).
    assert [(c['method'], c['path'].rsplit('/', 1)[-1]) for c in writes(calls)] == [
        ('POST', 'vpc-endpoint-services'), ('POST', 'action'), ('POST', 'batch-create')]
    token = [t for t in writes(calls)[0]['body']['tags'] if t['key'] == 'hwcloud-vpcep-create-token']
    assert writes(calls)[1]['body'] == {'action': 'delete', 'tags': token} and len(token[0]['value']) == 32
    assert writes(calls)[1]['path'].endswith('/endpoint_service/%s/tags/action' % service['id'])
    created_at = [i for i, c in enumerate(calls) if c['method'] == 'POST'][0]
    assert any(c['method'] == 'GET' and c['path'].endswith('/vpc-endpoint-services') for c in calls[created_at:]), \
        'the name is listed after the create, so a concurrent duplicate would be seen'
    # The prediction holds what was asked for plus documented defaults; the API may add more (ip_version).
    after = created['diff']['after']
    assert dict((k, after[k]) for k in checked['diff']['after']) == checked['diff']['after']
    assert after['id'] == service['id']

    rerun, calls = run(sim, capsys, **args)
    assert rerun['changed'] is False
    assert writes(calls) == []
    assert len(calls) == 2
    # Permission records as the list call returns them (the create's answer also carried their descriptions).
    assert dict(rerun['service'], permissions=None) == dict(service, permissions=None)
    assert [p['id'] for p in rerun['service']['permissions']] == [p['id'] for p in service['permissions']]
    assert 'diff' not in rerun

    checked_again, calls = run(sim, capsys, check_mode=True, **args)
    assert checked_again['changed'] is False
    assert writes(calls) == []


def test_check_mode_update_with_diff_then_update(sim, capsys):
    created, _calls = run(sim, capsys, **create_args(description='old', tags={'a': '1', 'b': '2'}))
    sid = created['service']['id']
    args = dict(id=sid, name='renamed', description='new', tags={'a': '1', 'c': '3'},
                ports=[{'client_port': 8081, 'server_port': 80}, {'client_port': 8080, 'server_port': 90}])

    checked, calls = run(sim, capsys, check_mode=True, diff=True, **args)
    assert checked['changed'] is True
    assert writes(calls) == []
    assert checked['diff']['before']['description'] == 'old'
    assert checked['diff']['after']['description'] == 'new'
    assert checked['diff']['before']['name'] == 'orders-api'
    assert checked['diff']['after']['name'] == 'renamed'
    assert checked['diff']['after']['tags'] == {'a': '1', 'c': '3'}
    assert checked['service']['service_name'] == '%s.renamed.%s' % (sim.region, sid)

    updated, calls = run(sim, capsys, diff=True, **args)
    assert updated['changed'] is True
    assert updated['diff'] == checked['diff']
    put = [c for c in calls if c['method'] == 'PUT']
    assert len(put) == 1
    # Reordered ports are not a change: only the name and the description are sent.
    assert put[0]['body'] == {'service_name': 'renamed', 'description': 'new'}
    tag_bodies = [c['body'] for c in calls if c['path'].endswith('/tags/action')]
    assert tag_bodies == [{'action': 'delete', 'tags': [{'key': 'b', 'value': '2'}]},
                          {'action': 'create', 'tags': [{'key': 'c', 'value': '3'}]}]

    again, calls = run(sim, capsys, **args)
    assert again['changed'] is False
    assert writes(calls) == []


def test_immutable_field_fails_and_sends_nothing(sim, capsys):
    run(sim, capsys, **create_args())
    result, calls = run(sim, capsys, **create_args(server_type='VM', vpc_id='99999999-8882-4871-a3c2-d380272eed80',
                                                   description='also changed'))
    assert result['failed'] is True
    assert 'server_type' in result['msg'] and "'LB'" in result['msg'] and "'VM'" in result['msg']
    assert 'vpc_id' in result['msg'] and '99999999' in result['msg']
    assert result['fields'] == ['vpc_id', 'server_type']
    assert writes(calls) == []


def test_a_rename_onto_a_name_in_use_fails_before_any_write(sim, capsys):
    # Issue 19 point 4: it used to leave two services named 'dup', and every later run by that name failed.
    first, _calls = run(sim, capsys, **create_args(name='dup', wait=False))
    # The simulator refuses two services on the same backend ports, so the second one uses others.
    other_ports = [{'client_port': 1, 'server_port': 1}]
    second, _calls = run(sim, capsys, **create_args(name='dup-x', wait=False, ports=other_ports))
    for check_mode in (True, False):
        renamed, calls = run(sim, capsys, check_mode=check_mode, id=second['service']['id'], name='dup', wait=False)
        assert renamed['failed'] is True and renamed['changed'] is False
        assert "another endpoint service is named 'dup' already (id: %s)" % first['service']['id'] in renamed['msg']
        assert renamed['ids'] == [first['service']['id']]
        assert writes(calls) == []
    assert sorted(s['name'] for s in sim.state.inspect_services()) == ['dup', 'dup-x']


def test_duplicate_names_fail_with_their_ids(sim, capsys):
    first, _calls = run(sim, capsys, **create_args(name='dup', wait=False))
    # Another party's service of the same name (names are not unique in the API).
    second = sim.seed(1, name='dup')[0]
    result, calls = run(sim, capsys, name='dup', description='x')
    assert result['failed'] is True
    assert first['service']['id'] in result['msg'] and second in result['msg']
    assert sorted(result['ids']) == sorted([first['service']['id'], second])
    assert writes(calls) == []


def test_failed_provisioning_fails_with_the_api_error(sim, capsys):
    sim.configure(fail_pattern='^doomed$')
    result, _calls = run(sim, capsys, **create_args(name='doomed'))
    assert result['failed'] is True
    assert 'failed' in result['msg']
    assert 'EndPoint.0001' in result['msg']
    assert result['service']['status'] == 'failed'


def test_ambiguous_create_is_not_repeated_and_the_service_is_found_by_its_token(sim, capsys):
    sim.add_fault('drop_after_commit', method='POST', path='/vpc-endpoint-services$')
    result, calls = run(sim, capsys, **create_args(name='adopted', tags={'env': 'x'}))
    assert result['changed'] is True, result
    assert result['service']['name'] == 'adopted'
    assert len([c for c in calls if c['method'] == 'POST' and c['path'].endswith('/vpc-endpoint-services')]) == 1
    assert result['service']['tags'] == {'env': 'x'}
    assert [t['key'] for t in sim.state.services[result['service']['id']]['tags']] == ['env']
    listed = [c for c in calls if c['method'] == 'GET' and c['path'].endswith('/vpc-endpoint-services')]
    # The lookup before the create, the one that found what the unanswered create made, the one after the settle pause.
    assert len(listed) == 3
    assert len(sim.state.services) == 1


def test_ambiguous_create_that_did_not_happen_is_never_called_safe(sim, capsys):
    sim.add_fault('503', method='POST', path='/vpc-endpoint-services$')
    result, calls = run(sim, capsys, **create_args(name='not-made', wait_timeout=3))
    assert result['failed'] is True
    # The create may still land later: changed, and no promise that a re-run is safe.
    assert result['changed'] is True
    assert 'safe' not in result['msg']
    assert 'did not appear within 3 seconds' in result['msg']
    assert 'may still be created' in result['msg']
    assert 'vpcep_service_info' in result['msg'] and 'not-made' in result['msg']
    assert len([c for c in calls if c['method'] == 'POST']) == 1
    # Looked up for the grace period (bounded by wait_timeout), not once.
    assert len([c for c in calls if c['method'] == 'GET']) >= 3
    assert len(sim.state.services) == 0


def test_a_slow_create_that_commits_after_the_timeout_is_found_not_duplicated(sim, capsys):
    sim.add_fault('slow_commit', method='POST', path='/vpc-endpoint-services$', delay=2.5)
    result, calls = run(sim, capsys, api_timeout=1, **create_args(name='slow', wait_timeout=30))
    assert result['changed'] is True, result
    assert result['service']['name'] == 'slow'
    assert len(sim.state.services) == 1
    again, calls = run(sim, capsys, **create_args(name='slow'))
    assert again['changed'] is False
    assert len(sim.state.services) == 1


@pytest.mark.parametrize('fault', ['empty_200', 'non_json_200'])
def test_a_create_answered_with_an_empty_or_non_json_body_is_found_by_its_token(sim, capsys, fault):
    sim.add_fault(fault, method='POST', path='/vpc-endpoint-services$')
    result, calls = run(sim, capsys, **create_args(name='odd-answer'))
    assert result['changed'] is True, result
    assert result['service']['status'] == 'available'
    # The create, once, and the removal of its creation token.
    assert [c['path'].rsplit('/', 1)[-1] for c in writes(calls)] == ['vpc-endpoint-services', 'action']
    assert len(sim.state.services) == 1


def test_a_failing_lookup_after_a_lost_create_answer_still_reports_changed(sim, capsys):
    sim.add_fault('drop_after_commit', method='POST', path='/vpc-endpoint-services$')
    sim.add_fault('500', method='GET', path='/vpc-endpoint-services$', skip=1, count=20)
    result, _calls = run(sim, capsys, **create_args(name='hidden'))
    assert result['failed'] is True
    assert result['changed'] is True
    assert 'AmbiguousRequestError' not in result['msg']


def test_api_error_says_what_was_being_done(sim, capsys):
    created, _calls = run(sim, capsys, **create_args())
    sid = created['service']['id']
    sim.add_fault('500', method='PUT', path='/vpc-endpoint-services/')
    result, _calls = run(sim, capsys, id=sid, description='new')
    assert result['failed'] is True
    assert result['msg'].startswith('Failed while updating endpoint service %s' % sid)
    assert result['error']['status'] == 500
    assert result['error']['error_code'] == 'EndPoint.0001'


def test_absent_check_mode_then_delete_then_rerun(sim, capsys):
    created, _calls = run(sim, capsys, **create_args(name='to-delete'))
    sid = created['service']['id']

    checked, calls = run(sim, capsys, check_mode=True, diff=True, name='to-delete', state='absent')
    assert checked['changed'] is True
    assert checked['service'] == {}
    assert checked['diff']['after'] == {}
    assert checked['diff']['before']['id'] == sid
    assert writes(calls) == []

    deleted, calls = run(sim, capsys, name='to-delete', state='absent')
    assert deleted['changed'] is True
    assert deleted['service'] == {}
    assert [c['method'] for c in writes(calls)] == ['DELETE']
    assert calls[-1]['method'] == 'GET' and calls[-1]['status'] == 404

    again, calls = run(sim, capsys, name='to-delete', state='absent')
    assert again['changed'] is False
    assert writes(calls) == []

    by_id, calls = run(sim, capsys, id=sid, state='absent')
    assert by_id['changed'] is False


def test_permissions_purge_and_no_purge(sim, capsys):
    created, _calls = run(sim, capsys, **create_args(permissions=[DOMAIN]))
    sid = created['service']['id']
    added, calls = run(sim, capsys, id=sid, permissions=[OTHER_DOMAIN], purge_permissions=False)
    assert added['changed'] is True
    assert [p['permission'] for p in added['service']['permissions']] == sorted([DOMAIN, OTHER_DOMAIN])
    assert [c['path'].rsplit('/', 1)[-1] for c in writes(calls)] == ['batch-create']
    assert writes(calls)[0]['body'] == {'permissions': [{'permission': OTHER_DOMAIN}], 'permission_type': 'domainId'}
    records = dict((p['permission'], p['id']) for p in added['service']['permissions'])
    replaced, calls = run(sim, capsys, id=sid, permissions=['*'], diff=True)
    assert [p['permission'] for p in replaced['service']['permissions']] == ['*']
    # Removed by record id (batch-delete), then added.
    assert [c['path'].rsplit('/', 1)[-1] for c in writes(calls)] == ['batch-delete', 'batch-create']
    assert sorted(i['id'] for i in writes(calls)[0]['body']['permissions']) == sorted(records.values())
    assert replaced['diff']['before']['permissions'] == {DOMAIN: '', OTHER_DOMAIN: ''}
    assert replaced['diff']['after']['permissions'] == {'*': ''}


def test_every_returned_key_is_documented(sim, capsys):
    documented = set(yaml.safe_load(vpcep_service.RETURN)['service']['contains'])
    created, _calls = run(sim, capsys, **create_args(ip='10.0.0.1', permissions=[DOMAIN]))
    sim.configure(fail_pattern='^doomed$')
    failed, _calls = run(sim, capsys, **create_args(name='doomed', ports=[{'client_port': 1, 'server_port': 1}]))
    predicted, _calls = run(sim, capsys, check_mode=True, **create_args(name='new-one'))
    for service in (created['service'], failed['service'], predicted['service']):
        assert set(service) - documented == set()


def test_each_change_makes_only_the_requests_the_api_needs(sim, capsys):
    # The floors the benchmark (tools/bench) reports: a read, then one write per kind of change.
    created, _calls = run(sim, capsys, **create_args(tags={'env': 'test'}))
    sid = created['service']['id']
    service_path = '/v1/%s/vpc-endpoint-services' % sim.project_id

    def shape(calls):
        return [(c['method'], c['path'].replace(service_path, 'S').replace(sid, 'ID')) for c in calls]

    changed, calls = run(sim, capsys, **create_args(tags={'env': 'test'}, description='one field'))
    assert changed['changed'] is True
    assert changed['service']['description'] == 'one field'
    assert changed['service']['status'] == 'available'
    assert shape(calls) == [('GET', 'S'), ('PUT', 'S/ID')]

    tagged, calls = run(sim, capsys, **create_args(tags={'env': 'prod'}))
    assert tagged['changed'] is True
    assert tagged['service']['tags'] == {'env': 'prod'}
    assert shape(calls) == [('GET', 'S'), ('POST', '/v1/%s/endpoint_service/ID/tags/action' % sim.project_id)]

    permitted, calls = run(sim, capsys, **create_args(tags={'env': 'prod'}, permissions=[DOMAIN]))
    assert permitted['changed'] is True
    assert [p['permission'] for p in permitted['service']['permissions']] == [DOMAIN]
    assert shape(calls) == [('GET', 'S'), ('GET', 'S/ID/permissions'), ('POST', 'S/ID/permissions/batch-create')]

    by_id, calls = run(sim, capsys, id=sid, **create_args(tags={'env': 'prod'}, permissions=[DOMAIN]))
    assert by_id['changed'] is False
    assert shape(calls) == [('GET', 'S/ID'), ('GET', 'S/ID/permissions')]
    # What the changes returned is what a fresh read shows.
    assert by_id['service']['tags'] == {'env': 'prod'}
    assert by_id['service']['description'] == 'one field'


# ---------------------------------------------------------------------------
# The plan: action and changes, the same in check mode and in a real run, and shown by the diff
# ---------------------------------------------------------------------------

def diff_value(side, field):
    """Return a change's field as one side of the diff shows it (tags.<key>, permissions.<permission>: one key)."""
    option, _dot, key = field.partition('.')
    if option in ('tags', 'permissions') and key:
        return side.get(option, {}).get(key)
    return side.get(option)


def assert_the_diff_shows_the_changes(result):
    """Every change names a field the diff shows with the same before and after."""
    assert result['changes']
    for change in result['changes']:
        assert diff_value(result['diff']['before'], change['field']) == change['before'], change
        assert diff_value(result['diff']['after'], change['field']) == change['after'], change


def test_changes_made_outside_are_named_with_both_values_in_check_mode_and_in_the_real_run(sim, capsys):
    wanted = create_args(description='orders', tags={'env': 'prod', 'team': 'a'},
                         permissions=[{'permission': DOMAIN, 'description': 'shop'}])
    created, _calls = run(sim, capsys, **wanted)
    assert created['action'] == 'create'
    # Someone changes the description, a tag and the permissions outside Ansible.
    run(sim, capsys, name='orders-api', description='edited', tags={'env': 'dev', 'team': 'a'},
        permissions=[OTHER_DOMAIN])
    checked, calls = run(sim, capsys, check_mode=True, diff=True, **wanted)
    assert writes(calls) == []
    assert checked['changed'] is True and checked['action'] == 'update'
    assert checked['changes'] == [
        {'field': 'description', 'before': 'edited', 'after': 'orders'},
        {'field': 'permissions.' + DOMAIN, 'before': None, 'after': 'shop'},
        {'field': 'permissions.' + OTHER_DOMAIN, 'before': '', 'after': None},
        {'field': 'tags.env', 'before': 'dev', 'after': 'prod'},
    ]
    assert_the_diff_shows_the_changes(checked)
    real, calls = run(sim, capsys, diff=True, **wanted)
    assert writes(calls)
    assert (real['action'], real['changes']) == (checked['action'], checked['changes'])
    assert_the_diff_shows_the_changes(real)
    again, _calls = run(sim, capsys, **wanted)
    assert (again['changed'], again['action'], again['changes']) == (False, 'none', [])


def test_create_lists_each_field_the_task_sets_and_never_the_creation_token(sim, capsys):
    args = create_args(description='new', tags={'env': 'prod'})
    checked, calls = run(sim, capsys, check_mode=True, diff=True, **args)
    assert writes(calls) == []
    expected = [
        {'field': 'description', 'before': None, 'after': 'new'},
        {'field': 'name', 'before': None, 'after': 'orders-api'},
        {'field': 'port_id', 'before': None, 'after': PORT},
        {'field': 'ports', 'before': None, 'after': [
            {'client_port': 8080, 'server_port': 90, 'protocol': 'TCP'},
            {'client_port': 8081, 'server_port': 80, 'protocol': 'TCP'}]},
        {'field': 'server_type', 'before': None, 'after': 'LB'},
        {'field': 'tags.env', 'before': None, 'after': 'prod'},
        {'field': 'vpc_id', 'before': None, 'after': VPC},
    ]
    assert (checked['action'], checked['changes']) == ('create', expected)
    assert_the_diff_shows_the_changes(checked)
    created, _calls = run(sim, capsys, diff=True, **args)
    assert (created['action'], created['changes']) == ('create', expected)
    assert 'hwcloud-vpcep-create-token' not in repr(created['changes'])
    assert sim.secret_key not in repr(created['changes']) + repr(checked['changes'])


def test_a_field_fixed_at_creation_is_a_replacement_in_check_mode_and_a_failure_with_the_same_plan_for_real(sim, capsys):
    created, _calls = run(sim, capsys, **create_args())
    args = create_args(server_type='VM', description='too')
    checked, calls = run(sim, capsys, check_mode=True, diff=True, **args)
    assert writes(calls) == []
    assert checked['changed'] is True and checked['action'] == 'replace'
    assert checked['changes'] == [{'field': 'description', 'before': '', 'after': 'too'},
                                  {'field': 'server_type', 'before': 'LB', 'after': 'VM'}]
    # A warning (its shape differs between ansible-core versions) says the real run refuses it.
    assert 'would have to be replaced, since the API fixes server_type at creation' in repr(checked['warnings'])
    assert_the_diff_shows_the_changes(checked)
    real, calls = run(sim, capsys, **args)
    assert real['failed'] is True and writes(calls) == []
    assert (real['action'], real['changes']) == ('replace', checked['changes'])
    assert sim.state.services[created['service']['id']]['server_type'] == 'LB'


def test_delete_lists_the_fields_as_found_and_nothing_once_gone(sim, capsys):
    run(sim, capsys, **create_args(tags={'env': 'prod'}))
    checked, calls = run(sim, capsys, check_mode=True, diff=True, name='orders-api', state='absent')
    assert writes(calls) == []
    assert checked['action'] == 'delete'
    fields = [c['field'] for c in checked['changes']]
    assert fields == sorted(fields) and {'id', 'name', 'ports', 'tags.env', 'vpc_id'} <= set(fields)
    assert all(c['after'] is None for c in checked['changes'])
    assert_the_diff_shows_the_changes(checked)
    deleted, _calls = run(sim, capsys, name='orders-api', state='absent')
    assert (deleted['action'], deleted['changes']) == ('delete', checked['changes'])
    gone, _calls = run(sim, capsys, name='orders-api', state='absent')
    assert (gone['changed'], gone['action'], gone['changes']) == (False, 'none', [])
