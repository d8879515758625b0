"""`python -m introslack.worker`: run due work on its own, without serving Slack's requests.

An entry point, like `app.py`: it starts the process the bootstrap builds. Nothing imports it,
and the worker package itself knows nothing of how the app is built.
"""

import sys

from introslack.bootstrap import run_worker

sys.exit(run_worker())
