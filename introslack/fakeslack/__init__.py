"""A stateful fake Slack Web API and a signed-request driver: for the tests and the playground."""
