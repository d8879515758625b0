"""Pure view builders: intro data in, Block Kit out; no Slack calls, no SQL, no clock."""

from introslack.slack.views.decline_modal import decline_modal, parse_decline
from introslack.slack.views.intro_modal import IntroForm, intro_modal, parse_intro_submission
from introslack.slack.views.introduction import introduction_message
from introslack.slack.views.message import Message
from introslack.slack.views.notices import (
    intro_closed,
    notice_modal,
    outcome_reported,
    requests_sent,
)
from introslack.slack.views.nudges import follow_up_nudge
from introslack.slack.views.requests import request_message

__all__ = [
    "IntroForm",
    "Message",
    "decline_modal",
    "follow_up_nudge",
    "intro_closed",
    "intro_modal",
    "introduction_message",
    "notice_modal",
    "outcome_reported",
    "parse_decline",
    "parse_intro_submission",
    "request_message",
    "requests_sent",
]
