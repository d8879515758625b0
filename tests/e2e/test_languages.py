"""Everyone reads the app in their own Slack language; a shared message in the pair's common one."""

from __future__ import annotations

import pytest

from introslack.slack.ids import Action, Block
from tests.e2e.conftest import ALICE, BOB, CAROL, Harness, all_text
from tests.e2e.test_home import home_text, open_home

SPANISH_ALICE_AND_CAROL = {ALICE: "es-ES", CAROL: "es-LA"}
SPANISH_PAIR = {ALICE: "es-ES", BOB: "es-LA"}


def _accept_both(harness: Harness) -> str:
    harness.make_pending_intro()
    for person in (ALICE, BOB):
        harness.driver.click_in_dm(person, action_id=Action.ACCEPT.value)
    group = harness.slack.wait_for(lambda: harness.slack.mpims(), message="the group DM")
    harness.settle()
    (message,) = harness.slack.messages(group[0].id)
    return all_text(message)


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_each_party_and_the_connector_read_their_messages_in_their_own_language(
    harness: Harness,
) -> None:
    harness.make_pending_intro()
    alice = all_text(harness.wait_for_button(ALICE, Action.ACCEPT))
    bob = all_text(harness.wait_for_button(BOB, Action.ACCEPT))
    assert f"A <@{CAROL}> le gustaría presentarte a" in alice
    assert "Aceptar" in alice and "Rechazar" in alice and "would like" not in alice
    assert f"<@{CAROL}> would like to introduce you to" in bob and "Aceptar" not in bob
    carol = "\n".join(all_text(m) for m in harness.slack.dm_messages(CAROL))
    assert "Se lo he preguntado" in carol and "I've asked" not in carol


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_a_request_refreshed_after_a_click_stays_in_the_partys_language(harness: Harness) -> None:
    harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.settle()
    assert "✅ Has aceptado." in all_text(harness.slack.dm_messages(ALICE)[-1])


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_the_introduction_is_in_english_when_the_pair_has_no_language_in_common(
    harness: Harness,
) -> None:
    text = _accept_both(harness)
    assert f"<@{ALICE}>, meet <@{BOB}>!" in text and "te presento" not in text
    carol = "\n".join(all_text(m) for m in harness.slack.dm_messages(CAROL))
    assert "han dicho que sí" in carol


@pytest.mark.parametrize("slack", [SPANISH_PAIR], indirect=True)
def test_the_introduction_is_in_spanish_when_both_read_spanish(harness: Harness) -> None:
    text = _accept_both(harness)
    assert f"¡<@{ALICE}>, te presento a <@{BOB}>!" in text
    assert "Por qué deberíais conoceros" in text and "Why you" not in text
    assert "Dar las gracias a Carol" in text
    assert " PM" not in text and " AM" not in text, "times use Spanish's 24-hour clock"
    carol = "\n".join(all_text(m) for m in harness.slack.dm_messages(CAROL))
    assert "both said yes" in carol, "the connector reads English"


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_the_intro_form_and_its_inline_errors_are_in_the_connectors_language(
    harness: Harness,
) -> None:
    view = harness.open_intro_modal(CAROL)
    assert view["title"]["text"] == "Nueva presentación"
    assert "¿Por qué deberían conocerse?" in all_text({"blocks": view["blocks"]})
    values = {Block.PARTY_A.value: ALICE, Block.PARTY_B.value: ALICE, Block.WHY.value: "Why"}
    ack = harness.driver.submit_view(CAROL, view["id"], values)
    assert ack.json is not None
    assert ack.json["errors"][Block.PARTY_B.value] == "Elige a dos personas distintas."


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_a_refusal_is_explained_in_the_clickers_language(harness: Harness) -> None:
    harness.make_pending_intro()
    first = harness.driver.click_in_dm(ALICE, action_id=Action.ACCEPT.value)
    harness.driver.send_raw(first.request_body, first.content_type)
    note = harness.slack.wait_for(lambda: harness.slack.ephemerals(ALICE))
    assert all_text(note[-1].message) == "Ya has aceptado esta presentación."


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_the_decline_form_is_in_the_partys_language(harness: Harness) -> None:
    harness.make_pending_intro()
    harness.driver.click_in_dm(ALICE, action_id=Action.DECLINE.value)
    modal = harness.slack.wait_for(lambda: (harness.slack.open_views(ALICE) or [None])[-1])
    assert modal["title"]["text"] == "Rechazar presentación"
    assert "Mal momento" in all_text({"blocks": modal["blocks"]})


@pytest.mark.parametrize("slack", [SPANISH_ALICE_AND_CAROL], indirect=True)
def test_the_home_tab_is_in_each_viewers_language(harness: Harness) -> None:
    harness.make_pending_intro()
    alice, bob = open_home(harness, ALICE), open_home(harness, BOB)
    alice_text, bob_text = home_text(alice), home_text(bob)
    assert "Tus presentaciones" in alice_text and "Esperando tu respuesta (1)" in alice_text
    assert "Aceptar" in alice_text and "Your intros" not in alice_text
    assert "Mis ajustes de presentaciones" in alice_text
    assert "Your intros" in bob_text and "Waiting for your answer (1)" in bob_text
    carol = home_text(open_home(harness, CAROL))
    assert "Presentaciones que iniciaste (1)" in carol and "Iniciada ahora mismo" in carol
