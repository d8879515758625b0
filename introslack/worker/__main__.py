"""`python -m introslack.worker`: run due work on its own, without serving Slack's requests."""

import sys

from introslack.bootstrap import run_worker

sys.exit(run_worker())
