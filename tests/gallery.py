"""Every view the app renders, in every state, for one translator: what the language tests read."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from introslack.domain.control import (
    IntroSettings,
    Limits,
    availability_problem,
    connector_problem,
    pair_problem,
)
from introslack.domain.insights import Figure, MonthInsights
from introslack.domain.intro import (
    CLOSED_EXPLANATIONS,
    Accepted,
    AlreadyConnected,
    Answer,
    AskedLater,
    Cancelled,
    ConnectWay,
    Context,
    Declined,
    DeclineReason,
    Expired,
    FollowedUp,
    Intro,
    IntroClosed,
    Introduced,
    IntroError,
    IntroStatus,
    MetBefore,
    NextStep,
    Outcome,
    Passed,
    Person,
    Preference,
    PreferenceGiven,
    Relationship,
    Side,
    Thanked,
    Workspace,
    apply,
)
from introslack.domain.privacy import ConsentRecord, ConsentRole, forgotten
from introslack.domain.proposal import Candidate, proposal_problems, request_problems
from introslack.service import (
    AlreadyPending,
    AlreadyRequested,
    BusyIntro,
    IntroNotFound,
    NobodyToRemind,
    NotYourIntro,
    NotYourRequest,
    NotYourRequestToAnswer,
    RemindedRecently,
)
from introslack.slack.i18n import Translator
from introslack.slack.listeners.clicks import CLICKS, NOT_UNDERSTOOD
from introslack.slack.listeners.commands import (
    ASK_FAILED,
    DELETE_MODAL_FAILED,
    MODAL_FAILED,
    USAGE,
)
from introslack.slack.listeners.submissions import ASK_LOOKUP_FAILED, ASK_NOT_SENT, NOT_ASKED
from introslack.slack.listeners.submissions import LOOKUP_FAILED as CHECKS_FAILED
from introslack.slack.listeners.workflow import LOOKUP_FAILED
from introslack.slack.views.ask import (
    ask_modal,
    connector_request,
    pass_modal,
    request_sent,
    requester_closed,
)
from introslack.slack.views.decline_modal import decline_modal
from introslack.slack.views.home import home_view
from introslack.slack.views.intro_modal import intro_modal
from introslack.slack.views.intro_settings import parse_settings, settings_modal, settings_section
from introslack.slack.views.introduction import introduction_message
from introslack.slack.views.message import Message
from introslack.slack.views.my_data import (
    consents_modal,
    data_deleted,
    data_on_its_way,
    data_section,
    delete_modal,
    my_data_messages,
)
from introslack.slack.views.notices import (
    asked_later,
    intro_closed,
    notice_modal,
    outcome_reported,
    requests_sent,
    thank_you_sent,
    thanked_connector,
)
from introslack.slack.views.nudges import follow_up_nudge
from introslack.slack.views.preference_modal import preference_modal
from introslack.slack.views.requests import request_message
from introslack.store.home import Home, Section, StartedIntro, Tally

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)

ADA = Person("UADA", "Ada Lovelace", "Head of Engines", "Europe/London", "Greenwich Mean Time")
GRACE = Person("UGRACE", "Grace Hopper", "Compiler Lead", "America/New_York", "Eastern Time")
KENJI = Person("UKENJI", "Kenji Sato", "Researcher", "Asia/Tokyo", "Japan Standard Time")
NOBODY = Person("UNOBODY", "", "", None, None)

# The user's own words: shown as written in every language.
USER_TEXT = (
    "You are both rebuilding onboarding this quarter.",
    "A second opinion on the hiring plan.",
    "A team that ships weekly.",
    "A note for Ada.",
    "A note for Grace.",
    "Launch week, sorry",
    "Mornings are best for me",
    "Carol Chen",
    "A note.",
    "Carol",
    *(p.name for p in (ADA, GRACE, KENJI)),
    *(p.title for p in (ADA, GRACE, KENJI)),
    *(p.tz_label or "" for p in (ADA, GRACE, KENJI)),
)


def _intro(**changes: Any) -> Intro:
    intro = Intro(
        id="intro-42",
        workspace=Workspace(team_id="T1"),
        connector_id="UCAROL",
        connector_name="Carol Chen",
        party_a=ADA,
        party_b=GRACE,
        context=Context(
            why=USER_TEXT[0],
            gain_for_a=USER_TEXT[1],
            gain_for_b=USER_TEXT[2],
            next_step=NextStep.VIDEO_CALL,
            note_to_a=USER_TEXT[3],
            note_to_b=USER_TEXT[4],
            relationship=Relationship.PERSONAL,
            met_before=MetBefore.NOT_SURE,
        ),
        created_at=NOW,
    )
    return replace(intro, **changes)


def intros() -> dict[str, Intro]:
    """The intro at every point of its life, through the domain's own transitions."""
    pending = _intro()
    preference = PreferenceGiven(Side.A, Preference(ConnectWay.COFFEE, USER_TEXT[6]))
    accepted = apply(apply(pending, Accepted(Side.A), now=NOW), preference, now=NOW)
    made = apply(accepted, Accepted(Side.B), now=NOW)
    return {
        "pending": pending,
        "pending, business, met": replace(
            pending,
            context=replace(
                pending.context,
                relationship=Relationship.BUSINESS,
                met_before=MetBefore.YES,
                next_step=NextStep.COFFEE,
            ),
        ),
        "pending, not met": replace(
            pending, context=replace(pending.context, met_before=MetBefore.NO)
        ),
        "a accepted": accepted,
        "made": made,
        "made without overlap": replace(made, party_b=KENJI, party_a=replace(ADA, tz=None)),
        "made across zones": replace(made, party_b=KENJI),
        "a declined with reason": apply(
            pending, Declined(Side.A, DeclineReason.TOO_BUSY, USER_TEXT[5]), now=NOW
        ),
        "b declined without reason": apply(pending, Declined(Side.B), now=NOW),
        "a already connected": apply(pending, AlreadyConnected(Side.A), now=NOW),
        "a said not now": apply(pending, AskedLater(Side.A, 2), now=NOW),
        "expired with b silent": apply(accepted, Expired(), now=NOW),
        "expired with both silent": apply(pending, Expired(), now=NOW),
        "cancelled": apply(pending, Cancelled(), now=NOW),
        "unknown names": replace(pending, party_b=NOBODY, connector_name=""),
        **requests(),
        **{
            f"made, a says {outcome.value}": apply(made, FollowedUp(Side.A, outcome), now=NOW)
            for outcome in Outcome
        },
    }


def requests() -> dict[str, Intro]:
    """A request for an intro (Ada asks Carol to meet Grace) at every point of its life."""
    requested = _intro(status=IntroStatus.REQUESTED, answer_a=Answer.ACCEPTED, requested=True)
    introduced = apply(requested, Introduced(requested.context), now=NOW)
    return {
        "requested": requested,
        "requested, no hope": replace(requested, context=replace(requested.context, gain_for_a="")),
        "request passed with a note": apply(requested, Passed(USER_TEXT[8]), now=NOW),
        "request passed": apply(requested, Passed(), now=NOW),
        "request expired": apply(requested, Expired(), now=NOW),
        "request withdrawn": apply(requested, Cancelled(), now=NOW),
        "request introduced": introduced,
        "request made": apply(introduced, Accepted(Side.B), now=NOW),
        "request declined": apply(introduced, Declined(Side.B), now=NOW),
        "request already known": apply(introduced, AlreadyConnected(Side.B), now=NOW),
    }


def _message(message: Message) -> dict[str, Any]:
    return {"text": message.text, "blocks": message.blocks}


def renders(t: Translator) -> dict[str, Any]:
    """Name → what a person would read (a message, a view or a plain text) in `t`'s language."""
    shown: dict[str, Any] = {}
    for name, intro in intros().items():
        for side in Side:
            shown[f"request to {side} ({name})"] = _message(
                request_message(intro, side, now=NOW, t=t)
            )
            shown[f"outcome from {side} ({name})"] = _message(outcome_reported(intro, side, t=t))
            shown[f"nudge to {side} ({name})"] = _message(follow_up_nudge(intro, side, t=t))
            shown[f"thanks from {side} ({name})"] = _message(thanked_connector(intro, side, t=t))
            shown[f"preference modal for {side} ({name})"] = preference_modal(
                intro, side, private_metadata="{}", t=t
            )
        shown[f"reminder ({name})"] = _message(
            request_message(intro, Side.A, now=NOW, reminder=True, t=t)
        )
        shown[f"re-ask ({name})"] = _message(
            request_message(intro, Side.A, now=NOW, reask=True, t=t)
        )
        shown[f"asked later ({name})"] = _message(asked_later(intro, Side.A, now=NOW, t=t))
        shown[f"requests sent ({name})"] = _message(requests_sent(intro, t=t))
        shown[f"closed ({name})"] = _message(intro_closed(intro, t=t))
        shown[f"introduction ({name})"] = _message(introduction_message(intro, now=NOW, t=t))
        shown[f"thank-you sent ({name})"] = thank_you_sent(intro, t=t)
        shown[f"connector's request ({name})"] = _message(connector_request(intro, t=t))
        shown[f"request sent ({name})"] = _message(request_sent(intro, t=t))
        shown[f"requester told ({name})"] = _message(requester_closed(intro, t=t))
        shown[f"pass modal ({name})"] = pass_modal(intro, private_metadata="{}", t=t)
    shown["ask modal"] = ask_modal(t=t)
    shown["ask modal, prefilled"] = ask_modal(target="UGRACE", connector="UCAROL", t=t)
    asked = requests()["requested"]
    shown["introduce modal"] = intro_modal(
        party_a="UADA", party_b="UGRACE", request=asked.context, private_metadata="{}", t=t
    )
    shown["notice modal"] = notice_modal(t("Intro"), "A note.", t=t)
    shown["intro modal"] = intro_modal(t=t)
    shown["intro modal, prefilled"] = intro_modal(
        party_a="UADA", about_a=ADA.title, topics={"UADA": ("design systems",)}, t=t
    )
    for name, settings in {
        "default": IntroSettings(),
        "everything": IntroSettings(
            paused_until=NOW.date() + timedelta(days=3),
            monthly_limit=4,
            topics=("design systems",),
            blocked=frozenset({"UGRACE", "UKENJI"}),
        ),
        "one of each": IntroSettings(monthly_limit=1, blocked=frozenset({"UGRACE"})),
    }.items():
        shown[f"settings section ({name})"] = {"blocks": settings_section(settings, now=NOW, t=t)}
        shown[f"settings modal ({name})"] = settings_modal(settings, now=NOW, t=t)
    all_states = intros()
    for name, intro in all_states.items():
        for side in Side:
            shown[f"decline modal for {side} ({name})"] = decline_modal(
                intro, side, private_metadata="{}", connector_name=intro.connector_name, t=t
            )
    for user_id in ("UCAROL", "UADA", "UGRACE"):
        shown[f"home of {user_id}"] = home_view(_home(user_id, all_states), now=NOW, t=t)
        shown[f"home of {user_id}, page 2"] = home_view(
            _home(user_id, all_states, page=1), now=NOW, t=t
        )
    shown["empty home"] = home_view(Home("UNEW", Tally(), per_page=5), now=NOW, t=t)
    shown["home with insights"] = home_view(
        Home("UCAROL", Tally(), per_page=5), now=NOW, insights=_insights(), t=t
    )
    shown.update(_my_data(t))
    shown.update(refusals(t))
    return shown


def _my_data(t: Translator) -> dict[str, Any]:
    """The consent records modal in each state, the export, and deleting one's data."""
    records = [
        ConsentRecord("i1", "UADA", ConsentRole.PARTY, "Meet Grace?", NOW, answer, NOW)
        for answer in Answer
        if answer is not Answer.LATER  # "not now" is no answer: never recorded
    ] + [
        ConsentRecord("i2", "UADA", ConsentRole.PARTY, None, None, Answer.ACCEPTED, NOW),
        ConsentRecord("i3", "UADA", ConsentRole.PARTY, "", NOW, None, None),
        ConsentRecord("i4", "UADA", ConsentRole.REQUESTER, "Meet Ada?", NOW, Answer.ACCEPTED, NOW),
    ]
    forgotten_intro = forgotten(intros()["pending"], "UADA")
    return {
        "consents modal": consents_modal(records, t=t),
        "consents modal, empty": consents_modal([], t=t),
        "data section": {"blocks": data_section(t=t)},
        "delete modal": delete_modal(t=t),
        "data deleted": data_deleted(t=t),
        "data on its way": data_on_its_way(t=t),
        "export": _message(my_data_messages({"user_id": "UADA"}, t=t)[0]),
        "request after a party left": _message(
            request_message(forgotten_intro, Side.B, now=NOW, t=t)
        ),
    }


def refusals(t: Translator) -> dict[str, str]:
    """Every refusal and note a listener may show, in `t`'s language."""
    bot = Candidate(replace(KENJI, user_id="UBOT"), is_bot=True)
    gone = Candidate(replace(KENJI, user_id="UGONE"), deactivated=True)
    problems = [
        *proposal_problems("UCAROL", None, Candidate(ADA)).values(),
        *proposal_problems("UCAROL", Candidate(ADA), Candidate(ADA)).values(),
        *proposal_problems("UADA", Candidate(ADA), bot).values(),
        *proposal_problems("UCAROL", gone, Candidate(GRACE)).values(),
        *request_problems("UADA", None, None).values(),
        *request_problems("UADA", Candidate(ADA), Candidate(GRACE)).values(),
        *request_problems("UADA", Candidate(GRACE), Candidate(GRACE)).values(),
    ]
    errors: list[Exception] = [
        *(IntroClosed(status) for status in CLOSED_EXPLANATIONS),
        IntroNotFound(),
        NotYourRequest(),
        NotYourIntro(),
        BusyIntro(),
        AlreadyPending(),
        AlreadyRequested(),
        NotYourRequestToAnswer(),
        NobodyToRemind(),
        RemindedRecently(timedelta(minutes=30)),
        RemindedRecently(timedelta(hours=5)),
        *_already_answered(),
    ]
    limits = Limits(connector_weekly_limit=2)
    settings = IntroSettings(paused_until=NOW.date() + timedelta(days=1), monthly_limit=1)
    problems += [
        connector_problem([NOW, NOW], limits=limits, now=NOW),
        pair_problem(NOW, limits=limits, now=NOW),
        availability_problem("Ada", settings, other_id="U", requests_this_month=0, now=NOW),
        availability_problem(
            "Ada",
            replace(settings, paused_until=None),
            other_id="U",
            requests_this_month=1,
            now=NOW,
        ),
    ]
    for raw in ("not a day", "2020-01-01"):
        bad = {
            "pause_until": {"input": {"selected_date": raw}},
            "monthly_limit": {"input": {"value": "0"}},
        }
        problems += parse_settings(bad, user_id="UADA", now=NOW).errors.values()
    said = {f"problem {i}": t(problem) for i, problem in enumerate(problems) if problem}
    said.update({f"error {i} {type(e).__name__}": t.error(e) for i, e in enumerate(errors)})
    said.update({f"title of {action}": t(row.title) for action, row in CLICKS.items()})
    for name, text in {
        "not understood": NOT_UNDERSTOOD,
        "usage": USAGE,
        "modal failed": MODAL_FAILED,
        "delete modal failed": DELETE_MODAL_FAILED,
        "checks failed after the ack": CHECKS_FAILED,
        "workflow lookup failed": LOOKUP_FAILED,
        "ask failed": ASK_FAILED,
        "ask checks failed after the ack": ASK_LOOKUP_FAILED,
    }.items():
        said[name] = t(text)
    said["not asked"] = t(NOT_ASKED, reasons="—")
    said["request not sent"] = t(ASK_NOT_SENT, reasons="—")
    return said


def _already_answered() -> list[Exception]:
    """The domain's refusals of a second answer, raised by the moves themselves."""
    pending = _intro()
    accepted = apply(pending, Accepted(Side.A), now=NOW)
    made = apply(accepted, Accepted(Side.B), now=NOW)
    moves: list[tuple[Intro, Any]] = [
        (accepted, Accepted(Side.A)),
        (apply(pending, Declined(Side.B), now=NOW), Accepted(Side.B)),
        (apply(pending, AlreadyConnected(Side.A), now=NOW), Accepted(Side.A)),
        (apply(made, FollowedUp(Side.A, Outcome.MET), now=NOW), FollowedUp(Side.A, Outcome.MET)),
        (apply(made, Thanked(Side.A), now=NOW), Thanked(Side.A)),
        (pending, PreferenceGiven(Side.A, Preference())),
        (apply(pending, AskedLater(Side.A, 2), now=NOW), AskedLater(Side.A, 4)),
        (pending, AskedLater(Side.A, 3)),
        (apply(pending, AskedLater(Side.A, 2), now=NOW), Expired()),
        (pending, Introduced(pending.context)),
    ]
    raised: list[Exception] = []
    for intro, move in moves:
        try:
            apply(intro, move, now=NOW)
        except IntroError as error:
            raised.append(error)
    return raised


def _home(user_id: str, states: dict[str, Intro], *, page: int = 0) -> Home:
    """A Home with every section full, so paging shows too."""
    pending = [
        states["pending"],
        states["a accepted"],
        states["unknown names"],
        states["a said not now"],
    ]
    asked = [i for i in states.values() if i.requested and i.party_a.user_id == user_id]
    closed = [i for i in states.values() if i.status.is_closed]
    mine = [i for i in closed if user_id in (i.connector_id, i.party_a.user_id, i.party_b.user_id)]
    return Home(
        user_id=user_id,
        tally=Tally(
            waiting=12,
            started=12,
            accepted=12,
            recent=len(mine) + 20,
            started_ever=40,
            started_made=21,
            started_decided=30,
            started_met=7,
            started_already_knew=3,
            thanks=1,
        ),
        per_page=5,
        pages=dict.fromkeys(Section, page) if page else {},
        waiting=pending,
        started=[StartedIntro(intro, reminded_at=NOW - timedelta(hours=3)) for intro in pending],
        accepted=pending,
        recent=mine,
        requests=asked,
    )


def _insights() -> list[MonthInsights]:
    figure, hidden = Figure(12.0), Figure(None)
    return [
        MonthInsights("2026-03", figure, figure, figure, figure, Figure(0.4), Figure(0.8), 1),
        MonthInsights("2026-02", hidden, hidden, hidden, hidden, hidden, hidden, None),
        MonthInsights("2026-01", figure, figure, figure, figure, Figure(0.5), Figure(0.5), 99),
        MonthInsights("2025-12", figure, figure, figure, figure, Figure(0.5), Figure(0.5), 0),
    ]
