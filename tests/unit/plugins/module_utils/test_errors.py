# -*- coding: utf-8 -*-
# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.vpcep.plugins.module_utils import errors
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.retry import AmbiguousRequestError as ClientAmbiguous
from ansible_collections.hwcloud.vpcep.plugins.module_utils.client.transport import ApiError as ClientApiError


def api_error(**overrides):
    values = dict(status=500, error_code='EndPoint.0001', error_msg='System error.', request_id='req-1', method='POST',
                  path='/v1/p/vpc-endpoint-services')
    values.update(overrides)
    return errors.ApiError('POST /v1/p/vpc-endpoint-services failed: HTTP 500', **values)


def test_one_family():
    for cls in (errors.ValidationError, errors.ResourceError, errors.ApiError, errors.AmbiguousRequestError):
        assert issubclass(cls, errors.HwcloudError)
    assert issubclass(errors.AmbiguousRequestError, errors.ApiError)
    # The client raises the same classes.
    assert ClientApiError is errors.ApiError
    assert ClientAmbiguous is errors.AmbiguousRequestError


def test_hwcloud_error_failure_is_the_message_and_the_details():
    error = errors.ResourceError('Found 2', ids=['a', 'b'], service={'id': 'a'})
    assert str(error) == error.msg == 'Found 2'
    assert error.failure() == {'msg': 'Found 2', 'ids': ['a', 'b'], 'service': {'id': 'a'}}
    assert error.doing is None


def test_validation_error_joins_every_message():
    error = errors.ValidationError(['name: bad', 'tags: bad'])
    assert error.msg == 'Invalid parameters: name: bad; tags: bad'
    assert error.failure() == {'msg': 'Invalid parameters: name: bad; tags: bad', 'errors': ['name: bad', 'tags: bad']}


def test_api_error_failure_says_what_was_being_done_and_carries_the_details():
    error = api_error()
    assert error.failure() == {
        'msg': 'Failed while calling the VPCEP API: POST /v1/p/vpc-endpoint-services failed: HTTP 500',
        'error': {'status': 500, 'error_code': 'EndPoint.0001', 'error_msg': 'System error.', 'request_id': 'req-1',
                  'method': 'POST', 'path': '/v1/p/vpc-endpoint-services'}}
    error.doing = 'creating endpoint service web'
    assert error.failure()['msg'].startswith('Failed while creating endpoint service web: POST ')


def test_api_error_summary():
    assert api_error().summary() == 'HTTP 500 EndPoint.0001 System error.'
    assert api_error(status=None, error_code=None, error_msg=None).summary() == (
        'POST /v1/p/vpc-endpoint-services failed: HTTP 500')
    assert api_error(error_code=None, error_msg=None).summary() == 'HTTP 500 POST /v1/p/vpc-endpoint-services failed: HTTP 500'


def test_doing_labels_with_the_innermost_label():
    with pytest.raises(errors.ApiError) as info:
        with errors.doing('outer'):
            with errors.doing('inner'):
                raise api_error()
    assert info.value.doing == 'inner'
    with pytest.raises(errors.ResourceError) as info:
        with errors.doing('only'):
            raise errors.ResourceError('x')
    assert info.value.doing == 'only'


def test_doing_leaves_other_exceptions_and_success_alone():
    with pytest.raises(KeyError):
        with errors.doing('reading'):
            raise KeyError('k')
    with errors.doing('nothing') as label:
        pass
    assert label.what == 'nothing'
