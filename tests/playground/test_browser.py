"""The playground in a real browser: headless Chromium (Debian's package) driven by Playwright.

The app runs as `scripts/run` starts it, a subprocess with no Slack credentials. Each test
starts over with the page's Reset button. Set INTROSLACK_SCREENSHOTS=1 to regenerate the
README's screenshots under docs/ (they need Debian's fonts-noto-color-emoji for the emoji).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.playground.conftest import KENJI, MAYA, PRIYA, SOFIA
from tests.playground.process import ROOT, Running, playground_process

CHROMIUM = Path("/usr/bin/chromium")
DOCS = ROOT / "docs"
SCREENSHOTS = os.environ.get("INTROSLACK_SCREENSHOTS") == "1"
WHY = "You're both rebuilding checkout this quarter, from opposite ends."
REMINDER = "A gentle reminder"

expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with playground_process(tmp_path_factory.mktemp("playground")) as started:
        yield started


class Visitor:
    """Someone at the page, acting as each member of the simulated workspace in turn."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.main = page.locator("#main")

    def act_as(self, user_id: str, city: str) -> None:
        """Switch to a member; the clock then shows the time where they are."""
        self.page.select_option("#as", user_id)
        expect(self.page.locator("#clock")).to_contain_text(city)

    def type(self, text: str) -> None:
        self.page.fill("#message", text)
        self.page.press("#message", "Enter")

    def modal(self, title: str) -> Locator:
        modal = self.page.locator("#modal .bk-modal")
        expect(modal.locator(".bk-modal-title")).to_have_text(title)
        return modal

    def message(self, text: str) -> Locator:
        """The newest message showing ``text``, followed by its ts when it is updated later."""
        found = self.main.locator("article.message", has_text=text).last
        expect(found).to_be_visible()
        ts = found.get_attribute("data-ts")
        return self.main.locator(f'article[data-ts="{ts}"]') if ts else found

    def open(self, name: str) -> None:
        self.page.locator("#sidebar a, #main .tab", has_text=name).first.click()

    def travel(self, label: str) -> None:
        before = self.page.locator("#clock").inner_text()
        self.page.get_by_role("button", name=label).click()
        expect(self.page.locator("#clock")).not_to_have_text(before)

    def screenshot(self, name: str) -> None:
        if SCREENSHOTS:
            DOCS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(DOCS / f"playground-{name}.png"))


@pytest.fixture
def visitor(browser: Browser, running: Running) -> Iterator[Visitor]:
    context = browser.new_context(viewport={"width": 1100, "height": 720})
    context.set_default_timeout(10_000)
    page = context.new_page()
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(running.url)
    generation = page.locator("body").get_attribute("data-generation")
    page.get_by_role("button", name="Reset").click()
    expect(page.locator("body")).not_to_have_attribute("data-generation", str(generation))
    expect(page.locator("#main")).to_contain_text("This is the start of your messages")
    try:
        yield Visitor(page)
    finally:
        context.close()
    assert failures == [], failures


def ask_for_an_intro(visitor: Visitor, text: str = "/intro") -> Locator:
    visitor.type(text)
    return visitor.modal("New intro")


def test_an_intro_made_in_the_browser_ends_in_a_group_dm_for_both(visitor: Visitor) -> None:
    modal = ask_for_an_intro(visitor)
    modal.get_by_label("First person", exact=True).select_option(MAYA)
    modal.get_by_label("Second person", exact=True).select_option(KENJI)
    modal.get_by_label("Why should they meet?", exact=True).fill(WHY)
    modal.get_by_label("What's in it for the first person").fill("A designer's eye on the flow")
    modal.get_by_label("What's in it for the second person").fill("How payments really fail")
    modal.get_by_label("Suggested next step", exact=True).select_option(label="Video call")
    visitor.screenshot("modal")
    modal.get_by_role("button", name="Ask both").click()
    expect(modal).to_be_hidden()
    visitor.message("I've asked @Maya Okafor and @Kenji Watanabe privately")

    visitor.act_as(MAYA, "Lagos")
    request = visitor.message("would like to introduce you to")
    expect(request).to_contain_text("Kenji Watanabe, Design Lead")
    request.get_by_role("button", name="Accept").click()
    expect(request).to_contain_text("You accepted")  # the same message, updated in place
    expect(request.get_by_role("button", name="Accept")).to_have_count(0)
    expect(request.get_by_role("button", name="Decline")).to_have_count(0)

    visitor.act_as(KENJI, "Tokyo")
    visitor.message("would like to introduce you to").get_by_role("button", name="Accept").click()
    visitor.message("You're introduced")
    visitor.open("Maya Okafor")
    introduction = visitor.message("An introduction")
    expect(introduction).to_contain_text("@Maya Okafor, meet @Kenji Watanabe!")
    expect(introduction).to_contain_text(WHY)
    visitor.screenshot("introduction")

    visitor.act_as(PRIYA, "Kolkata")
    visitor.message("both said yes")


def test_a_decline_reason_reaches_only_the_connector(visitor: Visitor) -> None:
    modal = ask_for_an_intro(visitor, "/intro @maya @sofia")
    expect(modal.get_by_label("First person", exact=True)).to_have_value(MAYA)
    expect(modal.get_by_label("Second person", exact=True)).to_have_value(SOFIA)
    modal.get_by_label("Why should they meet?", exact=True).fill(WHY)
    modal.get_by_role("button", name="Ask both").click()
    expect(modal).to_be_hidden()

    visitor.act_as(MAYA, "Lagos")
    visitor.message("would like to introduce you to").get_by_role("button", name="Decline").click()
    decline = visitor.modal("Decline intro")
    decline.get_by_label("Too busy right now", exact=True).check()
    note = "Swamped until June <script>window.injected = 1</script>"
    decline.get_by_label(re.compile("Anything to add")).fill(note)
    decline.get_by_role("button", name="Decline").click()
    expect(decline).to_be_hidden()
    visitor.message("You declined. Only @Priya Raman knows.")

    visitor.act_as(PRIYA, "Kolkata")
    told = visitor.message("declined the intro to")
    expect(told).to_contain_text("Too busy right now")
    expect(told).to_contain_text(note)  # shown as the text it is
    assert visitor.page.evaluate("window.injected") is None

    visitor.act_as(SOFIA, "Mexico City")
    visitor.message("This intro won't go ahead")
    visitor.open("Home")
    expect(visitor.main.locator(".home")).to_contain_text("won't go ahead")
    page_text = visitor.page.locator("body").inner_text()
    assert "Too busy" not in page_text and "Swamped" not in page_text


def test_the_apps_inline_error_shows_when_a_bot_is_picked(visitor: Visitor) -> None:
    modal = ask_for_an_intro(visitor)
    modal.get_by_label("First person", exact=True).select_option(MAYA)
    modal.get_by_label("Second person", exact=True).select_option(label="Build Bot (bot)")
    modal.get_by_label("Why should they meet?", exact=True).fill(WHY)
    modal.get_by_role("button", name="Ask both").click()
    expect(modal.locator(".bk-error")).to_have_text(
        "Build Bot is a bot or an app; intros are for people."
    )
    expect(modal.get_by_label("Why should they meet?", exact=True)).to_have_value(
        WHY
    )  # nothing lost


def test_moving_the_clock_forward_brings_the_reminder(visitor: Visitor) -> None:
    modal = ask_for_an_intro(visitor, "/intro @maya @kenji")
    modal.get_by_label("Why should they meet?", exact=True).fill(WHY)
    modal.get_by_role("button", name="Ask both").click()
    expect(modal).to_be_hidden()
    visitor.act_as(MAYA, "Lagos")
    visitor.message("would like to introduce you to")
    visitor.act_as(KENJI, "Tokyo")
    visitor.message("would like to introduce you to").get_by_role("button", name="Accept").click()
    visitor.message("You accepted")

    visitor.act_as(MAYA, "Lagos")
    for _day in range(6):  # three days, moved into Maya's working hours
        if visitor.main.locator("article.message", has_text=REMINDER).count():
            break
        visitor.travel("+1 day")
    reminder = visitor.message(REMINDER)
    expect(reminder.get_by_role("button", name="Accept")).to_be_visible()
    expect(visitor.main).not_to_contain_text("expired")

    visitor.act_as(PRIYA, "Kolkata")
    visitor.open("Home")
    home = visitor.main.locator(".home")
    expect(home).to_contain_text("Intros you started")
    expect(home).to_contain_text("Kenji Watanabe accepted")
    expect(home).to_contain_text(re.compile(r"Started \d days ago"))  # published on opening
    visitor.screenshot("home")

    home.get_by_role("button", name="Cancel").click()
    dialog = visitor.page.locator("#confirm .bk-modal")
    expect(dialog).to_contain_text("Cancel this intro?")
    dialog.get_by_role("button", name="Cancel intro").click()
    expect(home).to_contain_text("The intro of Maya Okafor and Kenji Watanabe was cancelled")
    visitor.act_as(MAYA, "Lagos")
    visitor.open("Messages")
    visitor.message("This intro was cancelled. No action needed.")
    expect(visitor.main.get_by_role("button", name="Accept")).to_have_count(0)  # all retired
