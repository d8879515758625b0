"""Many workspaces on one database (SQLite and PostgreSQL): tokens and due work per workspace."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine, String, select

from introslack.config import ConfigError, OAuthApp
from introslack.domain.intro import Workspace
from introslack.domain.timing import FollowThrough
from introslack.service import IntroService, Leases
from introslack.slack.clients import InstalledWorkspaces
from introslack.slack.effects import SlackEffects
from introslack.slack.installations import installation_store
from introslack.store.database import Database
from introslack.store.jobs import JobQueue, Lease
from introslack.store.models import BOTS_TABLE, INSTALLATIONS_TABLE
from introslack.store.token_vault import EncryptedInstallationStore, TokenVault
from introslack.worker import Worker
from tests.conftest import FakeClock
from tests.factories import T0, make_intro

KEY, OLD_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
APP = OAuthApp(
    client_id="1111111111.2222222222",
    client_secret="0123456789abcdef0123456789abcdef",
    encryption_keys=(KEY,),
)
# Shaped like Slack's: a bot token is 57 characters; its ciphertext must fit slack_sdk's columns.
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
ONE, TWO = Workspace(team_id="T0TEAM001"), Workspace(team_id="T0TEAM002")
API_URL = "http://127.0.0.1:9/api/"
LEASE = timedelta(seconds=15)


def installed_workspaces(database: Database) -> InstalledWorkspaces:
    store = installation_store(database.engine, APP)
    return InstalledWorkspaces(store, base_url=API_URL)


def install(store: InstallationStore, workspace: Workspace, token: str, **more: str) -> None:
    store.save(
        Installation(
            app_id="A0APP0001",
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            bot_token=token,
            bot_id="B0BOT0001",
            bot_user_id="U0BOT0001",
            bot_scopes="commands,chat:write",
            user_id="U0CAROL01",
            **more,
        )
    )


def stored_text(engine: Engine) -> list[str]:
    """Every text value in slack_installations and slack_bots, exactly as the database has it."""
    values: list[str] = []
    with engine.connect() as connection:
        for table in (INSTALLATIONS_TABLE, BOTS_TABLE):
            text_columns = [c for c in table.columns if isinstance(c.type, String)]
            for row in connection.execute(select(*text_columns)):
                values += [value for value in row if value is not None]
    return values


def stored_tokens(engine: Engine) -> list[str]:
    """The bot_token column of slack_bots, as stored."""
    with engine.connect() as connection:
        return list(connection.scalars(select(BOTS_TABLE.c.bot_token)))


def with_keys(*keys: str) -> OAuthApp:
    return replace(APP, encryption_keys=keys)


def propose(intros: IntroService, workspace: Workspace) -> None:
    intro = make_intro()
    intros.propose(
        workspace,
        connector_id=intro.connector_id,
        party_a=intro.party_a,
        party_b=intro.party_b,
        context=intro.context,
    )


def test_each_workspace_gets_a_client_with_its_own_bot_token(database: Database) -> None:
    clients = installed_workspaces(database)
    install(clients.store, ONE, "xoxb-one")
    install(clients.store, TWO, "xoxb-two")
    one, two = clients.for_workspace(ONE), clients.for_workspace(TWO)
    assert one is not None and two is not None
    assert (one.token, two.token) == ("xoxb-one", "xoxb-two")
    assert one.base_url == two.base_url == API_URL
    assert one.retry_handlers, "the same retry policy as the single-workspace client"
    assert clients.for_workspace(ONE) is one, "one client per token, reused"


def test_a_workspace_without_an_installation_gets_no_client(database: Database) -> None:
    clients = installed_workspaces(database)
    install(clients.store, ONE, "xoxb-one")
    assert clients.for_workspace(TWO) is None
    assert clients.for_workspace(replace(ONE, enterprise_id="E0ORG0001")) is None
    clients.store.delete_all(enterprise_id=None, team_id=ONE.team_id)
    assert clients.for_workspace(ONE) is None


def test_the_database_holds_no_token_in_clear_yet_the_store_hands_back_each_one(
    database: Database,
) -> None:
    store = installation_store(database.engine, APP)
    secrets = {
        "bot_token": BOT_TOKEN,
        "bot_refresh_token": "xoxe-1-bot-refresh-0001",
        "user_token": "xoxp-1111-2222-3333-user0001",
        "user_refresh_token": "xoxe-1-user-refresh-0001",
    }
    install(store, ONE, BOT_TOKEN, **{k: v for k, v in secrets.items() if k != "bot_token"})

    stored = stored_text(database.engine)
    assert "U0BOT0001" in stored, "the scan does see the rows"
    for secret in secrets.values():
        assert not any(secret in value for value in stored), "no token in clear"
        assert not any(secret[5:] in value for value in stored), "nor its body"
    bot = store.find_bot(enterprise_id=None, team_id=ONE.team_id)
    installation = store.find_installation(enterprise_id=None, team_id=ONE.team_id)
    assert bot is not None and installation is not None
    assert (bot.bot_token, bot.bot_refresh_token) == (BOT_TOKEN, secrets["bot_refresh_token"])
    assert {name: getattr(installation, name) for name in secrets} == secrets
    user = store.find_installation(enterprise_id=None, team_id=ONE.team_id, user_id="U0CAROL01")
    assert user is not None and user.bot_token == BOT_TOKEN


def test_with_a_new_key_first_the_old_key_still_decrypts_and_a_new_save_uses_the_new_key(
    database: Database,
) -> None:
    install(installation_store(database.engine, with_keys(OLD_KEY)), ONE, BOT_TOKEN)
    [under_old] = stored_tokens(database.engine)
    # The store as the app would use it, before the start-up re-encryption ran.
    rotated = EncryptedInstallationStore(
        client_id=APP.client_id, engine=database.engine, vault=TokenVault((KEY, OLD_KEY))
    )
    bot = rotated.find_bot(enterprise_id=None, team_id=ONE.team_id)
    assert bot is not None and bot.bot_token == BOT_TOKEN
    rotated.save_bot(bot)
    [under_new] = stored_tokens(database.engine)
    assert under_new != under_old
    assert Fernet(KEY).decrypt(under_new.encode()).decode() == BOT_TOKEN


def test_starting_with_a_new_key_first_re_encrypts_every_token_so_the_old_key_can_go(
    database: Database,
) -> None:
    old = installation_store(database.engine, with_keys(OLD_KEY))
    install(old, ONE, "xoxb-one", user_token="xoxp-one")
    install(old, TWO, "xoxb-two")
    installation_store(database.engine, with_keys(KEY, OLD_KEY))
    for token in stored_tokens(database.engine):
        Fernet(KEY).decrypt(token.encode())  # raises unless under the new key
    new_only = installation_store(database.engine, with_keys(KEY))
    one = new_only.find_installation(enterprise_id=None, team_id=ONE.team_id)
    two = new_only.find_bot(enterprise_id=None, team_id=TWO.team_id)
    assert one is not None and (one.bot_token, one.user_token) == ("xoxb-one", "xoxp-one")
    assert two is not None and two.bot_token == "xoxb-two"


def test_tokens_stored_in_clear_before_encryption_are_encrypted_at_start(
    database: Database,
) -> None:
    clear = SQLAlchemyInstallationStore(client_id=APP.client_id, engine=database.engine)
    install(clear, ONE, BOT_TOKEN)
    assert BOT_TOKEN in stored_text(database.engine)
    store = installation_store(database.engine, APP)
    assert not any(BOT_TOKEN in value for value in stored_text(database.engine))
    bot = store.find_bot(enterprise_id=None, team_id=ONE.team_id)
    assert bot is not None and bot.bot_token == BOT_TOKEN


def test_without_the_key_that_encrypted_the_stored_tokens_the_app_refuses_to_start(
    database: Database,
) -> None:
    install(installation_store(database.engine, with_keys(OLD_KEY)), ONE, BOT_TOKEN)
    with pytest.raises(ConfigError) as raised:
        installation_store(database.engine, with_keys(KEY))
    assert str(raised.value).startswith("INTROSLACK_ENCRYPTION_KEY has no key that decrypts")
    survivor = installation_store(database.engine, with_keys(KEY, OLD_KEY))
    bot = survivor.find_bot(enterprise_id=None, team_id=ONE.team_id)
    assert bot is not None and bot.bot_token == BOT_TOKEN, "nothing was lost"


def test_stopping_a_workspace_cancels_only_its_pending_jobs(database: Database) -> None:
    clock = FakeClock()
    intros = IntroService(
        database, timing=FollowThrough(), clock=clock, leases=Leases(LEASE, wall=clock)
    )
    for workspace in (ONE, TWO):
        propose(intros, workspace)  # the same people in both
    assert intros.stop_workspace(ONE) > 0
    with database.transaction() as session:
        queue = JobQueue(session)
        assert queue.cancel_workspace(ONE, now=T0) == 0, "nothing pending is left in ONE"
        later = T0 + FollowThrough().expire_after * 2
        lease = Lease.new(wall_now=later, length=LEASE)
        left = queue.claim(now=later, wall_now=later, lease=lease, limit=100).jobs
    assert left and {job.workspace for job in left} == {TWO}


def test_a_job_whose_workspace_has_no_installation_is_finished_without_sending(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    leases = Leases(LEASE, wall=clock)
    intros = IntroService(database, timing=FollowThrough(), clock=clock, leases=leases)
    effects = SlackEffects(installed_workspaces(database), publish_home=lambda _job: None)
    worker = Worker(database, effects, clock=clock, leases=leases, expire=intros.expire)
    intros.hand_due_work_to(worker.submit)
    caplog.set_level(logging.WARNING, logger="introslack")
    propose(intros, ONE)
    assert worker.wait_idle(timeout=10)
    worker.shutdown()
    assert worker.backlog() == 0, "finished, not retried"
    skipped = [r for r in caplog.records if "not installed" in r.getMessage()]
    assert skipped and all(getattr(r, "team_id", None) == ONE.team_id for r in skipped)
