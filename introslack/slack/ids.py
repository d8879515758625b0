"""Every action_id, callback_id and block_id the app uses, named once."""

from enum import StrEnum


class Command(StrEnum):
    INTRO = "/intro"


class Shortcut(StrEnum):
    """The callback ids of the shortcuts declared in manifest.yml."""

    MAKE_INTRO = "make_intro"
    INTRODUCE_AUTHOR = "introduce_author"
    ASK_INTRO = "ask_intro"


class Action(StrEnum):
    """Buttons: the value of each carries the intro id."""

    ACCEPT = "intro_accept"
    DECLINE = "intro_decline"
    ALREADY_CONNECTED = "intro_already_connected"
    LATER = "intro_later"  # value: "<intro id>:<weeks>"
    THANK_CONNECTOR = "intro_thank_connector"
    PREFERENCE = "intro_preference"
    FOLLOW_UP = "intro_follow_up"  # value: "<intro id>:<outcome>"
    NEW_INTRO = "home_new_intro"
    REMIND = "home_remind"
    CANCEL = "home_cancel"
    SHOW_MORE = "home_show_more"  # value: "<section>:<page>"
    INTRO_SETTINGS = "home_intro_settings"
    CONSENTS = "home_consents"
    MY_DATA = "home_my_data"
    DELETE_MY_DATA = "home_delete_my_data"
    ASK_INTRO = "home_ask_intro"
    INTRODUCE = "request_introduce"
    PASS = "request_pass"


class Callback(StrEnum):
    INTRO_MODAL = "intro_modal"
    DECLINE_MODAL = "decline_modal"
    NOTICE_MODAL = "notice_modal"
    PREFERENCE_MODAL = "preference_modal"
    SETTINGS_MODAL = "intro_settings_modal"
    CONSENTS_MODAL = "consents_modal"
    DELETE_MY_DATA_MODAL = "delete_my_data_modal"
    ASK_MODAL = "ask_intro_modal"
    INTRODUCE_MODAL = "introduce_modal"
    PASS_MODAL = "pass_modal"


class Block(StrEnum):
    """Input blocks of the modals: also the keys of inline errors."""

    PARTY_A = "party_a"
    PARTY_B = "party_b"
    WHY = "why"
    ABOUT_A = "about_a"
    ABOUT_B = "about_b"
    GAIN_A = "gain_a"
    GAIN_B = "gain_b"
    NEXT_STEP = "next_step"
    RELATIONSHIP = "relationship"
    MET_BEFORE = "met_before"
    NOTE_A = "note_a"
    NOTE_B = "note_b"
    DECLINE_REASON = "decline_reason"
    DECLINE_NOTE = "decline_note"
    ANSWER_ACTIONS = "answer_actions"
    LATER_ACTIONS = "later_actions"
    FOLLOW_UP_ACTIONS = "follow_up_actions"
    THANK_ACTIONS = "thank_actions"
    PREFERENCE_ACTIONS = "preference_actions"
    PREFERRED_WAY = "preferred_way"
    PREFERENCE_NOTE = "preference_note"
    PAUSE_UNTIL = "pause_until"
    MONTHLY_LIMIT = "monthly_limit"
    TOPICS = "topics"
    BLOCKED = "blocked"
    TARGET = "target"
    CONNECTOR = "connector"
    HOPE = "hope"
    PASS_NOTE = "pass_note"
    REQUEST_ACTIONS = "request_actions"


# Inside an input block the element's action_id is always this one.
INPUT = "input"
