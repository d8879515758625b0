"""The playground: the real app with a simulated Slack workspace and a web page to drive it."""
