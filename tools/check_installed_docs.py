# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check that an installed hwcloud.vpcep renders its docs: every module, with the auth fragment merged in.

Run with ANSIBLE_COLLECTIONS_PATH pointing at the installation only. ansible-doc
exits 0 with a mere warning when a plugin is missing, so the JSON is inspected.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FRAGMENT_OPTIONS = ('access_key', 'secret_key', 'region', 'endpoint', 'max_retries')


def main():
    """Fail unless every module in plugins/modules is listed and documented with the shared options."""
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                     if name.endswith('.py') and not name.startswith('_'))
    listed = json.loads(subprocess.check_output(['ansible-doc', '--json', '-t', 'module', '-l', 'hwcloud.vpcep']))
    problems = ['%s is not listed' % name for name in modules if 'hwcloud.vpcep.%s' % name not in listed]
    fqcns = ['hwcloud.vpcep.%s' % name for name in modules]
    docs = json.loads(subprocess.check_output(['ansible-doc', '--json', '-t', 'module'] + fqcns))
    for fqcn in fqcns:
        doc = (docs.get(fqcn) or {}).get('doc') or {}
        if not doc.get('short_description'):
            problems.append('%s has no rendered documentation' % fqcn)
            continue
        missing = [opt for opt in FRAGMENT_OPTIONS if opt not in doc.get('options', {})]
        if missing:
            problems.append('%s lacks the shared options %s' % (fqcn, ', '.join(missing)))
        if not (docs[fqcn].get('examples') and docs[fqcn].get('return')):
            problems.append('%s lacks EXAMPLES or RETURN' % fqcn)
    if problems:
        sys.exit('installed docs: ' + '; '.join(problems))
    print('installed docs: %d modules render with the auth fragment' % len(fqcns))


if __name__ == '__main__':
    main()
