# Copyright: (c) 2026, hwcloud.vpcep contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check that an installed hwcloud.vpcep renders its docs and runs its playbooks by name.

Every module, with the auth fragment merged in; every filter plugin; every playbook of playbooks/ found as
hwcloud.vpcep.<name> (`ansible-playbook --syntax-check`), as users run `ansible-playbook hwcloud.vpcep.export`.
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
    filters = plugin_names('filter')
    problems += filter_problems(filters) + playbook_problems()
    if problems:
        sys.exit('installed docs: ' + '; '.join(problems))
    print('installed docs: %d modules render with the auth fragment, %d filters render, the playbooks run by name'
          % (len(fqcns), len(filters)))


def plugin_names(kind):
    """The plugins of a kind in this checkout, by file name."""
    folder = os.path.join(ROOT, 'plugins', kind)
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith('.py') and not name.startswith('_'))


def filter_problems(names):
    """Each filter plugin must render with ansible-doc -t filter, examples and return value included."""
    fqcns = ['hwcloud.vpcep.%s' % name for name in names]
    docs = json.loads(subprocess.check_output(['ansible-doc', '--json', '-t', 'filter'] + fqcns))
    return ['filter %s has no rendered documentation, EXAMPLES or RETURN' % fqcn for fqcn in fqcns
            if not ((docs.get(fqcn) or {}).get('doc', {}).get('short_description') and docs[fqcn].get('examples')
                    and docs[fqcn].get('return'))]


def playbook_problems():
    """Each playbook of playbooks/ must be found and parse as hwcloud.vpcep.<name> from the installation."""
    problems = []
    for name in sorted(n[:-4] for n in os.listdir(os.path.join(ROOT, 'playbooks')) if n.endswith('.yml')):
        run = subprocess.run(['ansible-playbook', '--syntax-check', 'hwcloud.vpcep.%s' % name], capture_output=True,
                             text=True, check=False)
        if run.returncode:
            problems.append('playbook hwcloud.vpcep.%s does not run by name: %s' % (name, (run.stderr or run.stdout).strip()))
    return problems


if __name__ == '__main__':
    main()
