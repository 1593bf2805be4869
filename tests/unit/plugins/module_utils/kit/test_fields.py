# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils.kit.fields import Field, FieldSet


def _short(answer):
    return (answer.get('full_name') or '').split('.')[-1]


def _rename(answer, name):
    answer['full_name'] = 'region.' + name


FIELDS = FieldSet(
    Field('vpc_id', required=True),
    Field('size', update='modify', required=True, default=1),
    Field('kind', default='interface'),
    Field('port_ip', read_as='ip'),
    Field('ports', update='modify', key=lambda ports: frozenset(ports or []), send=lambda ports: sorted(set(ports))),
    Field('secret', returned=False),
    Field('label', api='api_label', update='label'),
    Field('enabled', update='label', default=False),
    Field('name', api='full_name', update='modify', read=_short, write=_rename),
)


def params(**values):
    base = dict((f.option, None) for f in FIELDS)
    base.update(values)
    return base


ANSWER = {'id': 'r1', 'vpc_id': 'v1', 'size': 2, 'kind': 'interface', 'ip': '10.0.0.1', 'ports': [3, 1],
          'api_label': 'old', 'full_name': 'region.web', 'status': 'ready'}


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------

def test_field_defaults():
    field = Field('vpc_id')
    assert field.api == 'vpc_id' and field.read_as == 'vpc_id'
    assert field.immutable is True
    assert Field('size', update='modify').immutable is False
    assert Field('port_ip', read_as='ip').api == 'port_ip'
    assert Field('name', api='service_name').read_as == 'service_name'


def test_current_reads_the_answer_name_and_the_default_when_left_out():
    by_option = FIELDS.by_option
    assert by_option['port_ip'].current(ANSWER) == '10.0.0.1'
    assert by_option['port_ip'].current({'port_ip': 'ignored'}) is None
    assert by_option['kind'].current({}) == 'interface'
    assert by_option['kind'].current({'kind': None}) == 'interface'
    assert by_option['enabled'].current({'enabled': True}) is True
    assert by_option['name'].current(ANSWER) == 'web'


# ---------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------

def test_create_body_has_every_given_field_in_api_names_and_forms():
    body = FIELDS.create_body(params(vpc_id='v1', size=3, port_ip='10.0.0.9', ports=[2, 1, 2], secret='s', label='l',
                                     enabled=False, name='web'))
    assert body == {'vpc_id': 'v1', 'size': 3, 'port_ip': '10.0.0.9', 'ports': [1, 2], 'secret': 's',
                    'api_label': 'l', 'enabled': False, 'full_name': 'web'}


def test_create_body_leaves_out_what_is_not_given_so_the_api_default_applies():
    assert FIELDS.create_body(params(vpc_id='v1')) == {'vpc_id': 'v1'}
    assert FIELDS.create_body({}) == {}


def test_required_in_declaration_order_and_missing():
    assert FIELDS.required == ['vpc_id', 'size']
    assert FIELDS.missing(params()) == ['vpc_id', 'size']
    assert FIELDS.missing(params(size=0)) == ['vpc_id']
    assert FIELDS.missing(params(vpc_id='v', size=1)) == []


# ---------------------------------------------------------------------------
# Immutable differences
# ---------------------------------------------------------------------------

def test_immutable_differences_name_option_current_and_requested():
    assert FIELDS.immutable_differences(ANSWER, params(vpc_id='v2', port_ip='10.0.0.2', kind='gateway')) == [
        ('vpc_id', 'v1', 'v2'), ('kind', 'interface', 'gateway'), ('port_ip', '10.0.0.1', '10.0.0.2')]


def test_immutable_fields_equal_or_not_given_are_no_difference():
    assert FIELDS.immutable_differences(ANSWER, params(vpc_id='v1', port_ip='10.0.0.1', kind='interface')) == []
    assert FIELDS.immutable_differences(ANSWER, params()) == []


def test_an_immutable_default_compares_when_the_answer_leaves_the_field_out():
    answer = dict(ANSWER)
    del answer['kind']
    assert FIELDS.immutable_differences(answer, params(kind='interface')) == []
    assert FIELDS.immutable_differences(answer, params(kind='gateway')) == [('kind', 'interface', 'gateway')]


def test_fields_no_read_returns_never_differ():
    # Issue 12 point 5: ip_version, snat_network_id, pool_id are not in any read's answer.
    assert FIELDS.immutable_differences(ANSWER, params(secret='new')) == []
    assert FIELDS.immutable_differences(dict(ANSWER, secret='old'), params(secret='new')) == []
    assert FIELDS.updates(ANSWER, params(secret='new')) == {}


def test_an_immutable_field_the_answer_does_not_report_cannot_be_compared():
    answer = dict(ANSWER)
    del answer['ip']
    assert FIELDS.immutable_differences(answer, params(port_ip='10.0.0.2')) == []


# ---------------------------------------------------------------------------
# Updates
# ---------------------------------------------------------------------------

def test_updates_group_the_differing_fields_by_the_call_that_owns_them():
    calls = FIELDS.updates(ANSWER, params(size=5, ports=[1, 3], label='new', enabled=False, name='web', vpc_id='v2'))
    # ports equal as a set, enabled equal to its default, name equal through the read hook, vpc_id immutable.
    assert calls == {'modify': {'size': 5}, 'label': {'api_label': 'new'}}


def test_updates_send_the_api_form():
    calls = FIELDS.updates(ANSWER, params(ports=[4, 3, 4]))
    assert calls == {'modify': {'ports': [3, 4]}}


def test_updates_of_a_mutable_field_without_default_that_the_answer_lacks():
    answer = dict(ANSWER)
    del answer['api_label']
    assert FIELDS.updates(answer, params(label='x')) == {'label': {'api_label': 'x'}}
    assert FIELDS.updates(answer, params(enabled=True)) == {'label': {'enabled': True}}
    assert FIELDS.updates(answer, params(enabled=False)) == {}


def test_rename_hook_is_read_for_comparison_and_written_by_the_api_name():
    calls = FIELDS.updates(ANSWER, params(name='shop'))
    assert calls == {'modify': {'full_name': 'shop'}}
    assert FIELDS.options_in('modify', calls['modify']) == ['name']


def test_nothing_given_nothing_to_update():
    assert FIELDS.updates(ANSWER, params()) == {}


def test_options_in_a_call_body():
    assert FIELDS.options_in('modify', {'size': 1, 'ports': [], 'full_name': 'x'}) == ['size', 'ports', 'name']
    assert FIELDS.options_in('label', {'api_label': 'x'}) == ['label']
    assert FIELDS.options_in('label', {'size': 1}) == []


# ---------------------------------------------------------------------------
# Predict
# ---------------------------------------------------------------------------

def test_predict_sets_given_options_on_a_copy():
    original = copy.deepcopy(ANSWER)
    predicted = FIELDS.predict(ANSWER, params(size=7, ports=[9, 8], port_ip='10.1.1.1', name='shop', label='x'))
    assert ANSWER == original
    assert predicted['size'] == 7
    assert predicted['ports'] == [8, 9]
    # read_as: the answer's name of the field is set.
    assert predicted['ip'] == '10.1.1.1' and 'port_ip' not in predicted
    # The write hook sets what the read hook reads.
    assert predicted['full_name'] == 'region.shop'
    assert FIELDS.by_option['name'].current(predicted) == 'shop'
    assert predicted['api_label'] == 'x'
    assert predicted['status'] == 'ready'


def test_predict_only_the_options_asked_for():
    predicted = FIELDS.predict(ANSWER, params(size=7, label='x'), options=['label'])
    assert predicted['size'] == 2
    assert predicted['api_label'] == 'x'
    assert FIELDS.predict(ANSWER, params(size=7), options=[]) == ANSWER


def test_predicted_values_are_copies():
    wanted = [5, 6]
    predicted = FIELDS.predict({}, params(ports=wanted))
    predicted['ports'].append(7)
    assert wanted == [5, 6]


@pytest.mark.parametrize('option, value', [('size', 3), ('label', 'z'), ('ports', [1, 2]), ('name', 'new')])
def test_a_prediction_has_no_more_updates_for_what_it_predicted(option, value):
    wanted = params(**{option: value})
    assert FIELDS.updates(ANSWER, wanted) != {}
    assert FIELDS.updates(FIELDS.predict(ANSWER, wanted), wanted) == {}
