"""`python -m introslack.run_worker`: run due work on its own, without serving Slack's requests.

The entry point sits outside `introslack.worker`, which knows nothing of how the app is built.
"""

import sys

from introslack.bootstrap import run_worker

sys.exit(run_worker())
