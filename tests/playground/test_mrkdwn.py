"""mrkdwn is shown as Slack shows it, and no text in it ever becomes markup on the page."""

from __future__ import annotations

import pytest

from introslack.playground.mrkdwn import to_html
from tests.playground.markup import assert_inert

NAMES = {"U0MAYA0001": "Maya Okafor", "U0EVIL0001": "<img src=x onerror=alert(1)>"}


def shown(text: str) -> str:
    return to_html(text, lambda user_id: NAMES.get(user_id, ""))


@pytest.mark.parametrize(
    ("mrkdwn", "html"),
    [
        ("*bold*", "<b>bold</b>"),
        ("_italic_", "<i>italic</i>"),
        ("~struck~", "<s>struck</s>"),
        ("*bold _and italic_*", "<b>bold <i>and italic</i></b>"),
        ("`a * b`", '<code class="mrkdwn-code">a * b</code>'),
        ("a*b*c and snake_case_name", "a*b*c and snake_case_name"),
        ("* not bold *", "* not bold *"),
        ("2 * 3 * 4", "2 * 3 * 4"),
    ],
)
def test_styles_apply_on_word_boundaries_like_slack(mrkdwn: str, html: str) -> None:
    assert shown(mrkdwn) == html


def test_a_mention_shows_the_members_name() -> None:
    assert shown("hi <@U0MAYA0001>") == 'hi <span class="mrkdwn-mention">@Maya Okafor</span>'


def test_a_mention_of_someone_unknown_falls_back_to_its_label_then_its_id() -> None:
    assert "@maya" in shown("<@U0NOBODY01|maya>")
    assert "@U0NOBODY01" in shown("<@U0NOBODY01>")


def test_a_bold_mention_is_a_bold_name() -> None:
    assert shown("*<@U0MAYA0001>*") == '<b><span class="mrkdwn-mention">@Maya Okafor</span></b>'


def test_special_mentions_channels_and_dates_show_their_text() -> None:
    assert "@here" in shown("<!here>")
    assert "#design" in shown("<#C0DESIGN01|design>")
    assert shown("<!date^1700000000^{date}|Nov 14>") == "Nov 14"


def test_a_link_opens_safely_with_its_label() -> None:
    assert shown("<https://example.com/a?b=1&amp;c=2|the *docs*>") == (
        '<a class="mrkdwn-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" '
        'rel="noopener noreferrer">the <b>docs</b></a>'
    )


def test_a_bare_link_shows_its_address() -> None:
    assert ">https://example.com</a>" in shown("<https://example.com>")


@pytest.mark.parametrize(
    "scheme", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x"]
)
def test_only_web_and_mail_links_become_links(scheme: str) -> None:
    assert "<a" not in shown(f"<{scheme}|click me>")


def test_escaped_text_is_shown_as_the_characters_it_stands_for() -> None:
    assert shown("&lt;!channel&gt; &amp; &lt;@U0MAYA0001&gt;") == (
        "&lt;!channel&gt; &amp; &lt;@U0MAYA0001&gt;"
    )


def test_an_escaped_entity_is_unescaped_only_once() -> None:
    assert shown("&amp;lt;b&amp;gt;") == "&amp;lt;b&amp;gt;"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        '<https://x" onmouseover="alert(1)|x>',
        "<@U0EVIL0001>",
        "```<img src=x onerror=alert(1)>```",
        "`<b>`",
        "\ue000\ue001 <@U0MAYA0001>",
    ],
)
def test_no_text_becomes_markup(hostile: str) -> None:
    assert_inert(shown(hostile), allowed={"span", "a", "pre", "code"})


def test_hostile_text_is_still_shown_as_the_text_it_is() -> None:
    parsed = assert_inert(shown("&lt;script&gt;alert(1)&lt;/script&gt;"), allowed=set())
    assert parsed.text == "<script>alert(1)</script>"


def test_code_blocks_and_quotes_keep_their_shape() -> None:
    assert shown("```x = *1*```") == '<pre class="mrkdwn-pre">x = *1*</pre>'
    assert shown("&gt; quoted\nafter") == (
        '<blockquote class="mrkdwn-quote">quoted</blockquote>after'
    )


def test_newlines_stay_newlines() -> None:
    assert shown("one\ntwo") == "one\ntwo"
