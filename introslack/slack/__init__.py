"""Everything that speaks Slack: ids, Block Kit views, listeners and the notifier."""
