"""The check-in hot path: hand-written SQL, the token API's short middleware stack, and the
SQLite write queue across forked processes."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder

from accounts.models import ApiToken, User
from accounts.services import create_api_token, user_for_api_token
from alerts.models import Alert
from checkins.api import CheckInSavedOut
from checkins.models import CheckIn
from checkins.services import CheckInData, save_today
from recoverycircle import durability, rawsql
from recoverycircle.api_lane import TokenApiLaneMiddleware
from recoverycircle.durability import bookkeeping_write, write_deferred_at_request_end
from recoverycircle.sqlite.base import DatabaseWrapper, check_sqlite_version
from signals.models import EvaluationState
from signals.rules import Context, Finding
from signals.services import (
    EVALUATION_LEASE,
    FAILED_EVALUATION_PAUSE,
    evaluate_due,
    findings,
    request_evaluation,
)
from sobriety.models import Lapse, SobrietyStart
from sobriety.services import LapseSpan, status_of, statuses

CHECKIN = {"mood": 4, "craving": 2, "stress": 3, "sleep_hours": 7.5, "triggers": ["work"]}


def concrete_values(instance: Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_it_loads_the_token_owner_exactly_as_the_orm_does(alice: User) -> None:
    _, secret = create_api_token(alice, "script")
    found = user_for_api_token(secret)
    assert found is not None
    assert concrete_values(found) == concrete_values(User.objects.get(pk=alice.pk))
    assert found._state.adding is False and found._state.db == "default"
    write_deferred_at_request_end()  # the last use is bookkeeping, written by the request's end
    assert ApiToken.objects.get().last_used_at is not None


def test_it_refuses_revoked_tokens_inactive_owners_and_strangers(alice: User) -> None:
    token, secret = create_api_token(alice, "script")
    assert user_for_api_token(secret + "x") is None
    assert user_for_api_token("not-a-token") is None
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert user_for_api_token(secret) is None
    User.objects.filter(pk=alice.pk).update(is_active=True)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert user_for_api_token(secret) is None


def test_it_writes_last_used_at_most_once_a_minute(alice: User) -> None:
    _, secret = create_api_token(alice, "script")

    def call() -> None:
        user_for_api_token(secret)
        write_deferred_at_request_end()

    call()
    first = ApiToken.objects.get().last_used_at
    call()
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    call()
    later = ApiToken.objects.get().last_used_at
    assert first is not None and later is not None
    assert later > first


def save_by_key(obj: CheckIn, changed: tuple[str, ...]) -> tuple[CheckIn, bool] | None:
    """rawsql.save_by_key for one check-in, read back as save_today does."""
    key = ("client", "local_date")
    saved = rawsql.save_by_key(CheckIn, rawsql.prepared_row(obj), key, changed)
    return None if saved is None else (rawsql.instance(CheckIn, saved[0]), saved[1])


def test_it_saves_by_key_and_returns_the_row_as_the_orm_reads_it(alice: User) -> None:
    day = timezone.localdate()
    first = CheckIn(client=alice, local_date=day, mood=3, craving=1, stress=1, sleep_hours=7)
    stored = save_by_key(first, ("mood",))
    assert stored is not None
    inserted, created = stored
    assert created and inserted.pk is not None
    assert concrete_values(inserted) == concrete_values(CheckIn.objects.get())
    now = timezone.now()
    edit = CheckIn(
        client=alice,
        local_date=day,
        mood=2,
        craving=9,
        stress=1,
        sleep_hours=Decimal("6.5"),
        triggers=["family", "pay day"],
        note="a hard day",
        created_at=now,
        updated_at=now,
    )
    changed = ("mood", "sleep_hours", "triggers", "note", "updated_at")
    stored = save_by_key(edit, changed)
    assert stored is not None
    updated, created = stored
    assert not created and updated.pk == inserted.pk
    assert concrete_values(updated) == concrete_values(CheckIn.objects.get())
    # Only the named fields changed: craving and the creation time are as first saved.
    assert (updated.mood, updated.sleep_hours, updated.triggers, updated.note) == (
        2,
        Decimal("6.5"),
        ["family", "pay day"],
        "a hard day",
    )
    assert (updated.craving, updated.created_at) == (1, inserted.created_at)
    assert isinstance(updated.local_date, date) and updated.updated_at == now


def test_it_tells_an_edit_from_a_first_save_even_at_the_same_instant(alice: User) -> None:
    """Frozen time: the edit carries the very timestamps of the first save."""
    now = timezone.now()
    saves = [
        save_by_key(
            CheckIn(
                client=alice,
                local_date=now.date(),
                mood=mood,
                craving=1,
                stress=1,
                sleep_hours=7,
                created_at=now,
                updated_at=now,
            ),
            ("mood",),
        )
        for mood in (3, 4)
    ]
    assert [(s[0].mood, s[1]) for s in saves if s] == [(3, True), (4, False)]


def test_it_requests_an_evaluation_with_one_upsert(alice: User) -> None:
    first = timezone.now()
    request_evaluation(alice, first)
    request_evaluation(alice, first + timedelta(minutes=5))
    state = EvaluationState.objects.get()
    assert (state.client_id, state.next_evaluation_at) == (alice.pk, first + timedelta(minutes=5))


# The short middleware stack for token calls


def token_client(user: User) -> tuple[Client, dict[str, str]]:
    _, secret = create_api_token(user, "script")
    return Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {secret}"}


def test_it_keeps_the_security_headers_on_token_calls(alice: User) -> None:
    script, auth = token_client(alice)
    response = script.put(
        "/api/v1/checkins/today", CHECKIN, content_type="application/json", headers=auth
    )
    assert response.status_code == 201, response.content
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src" in response["Content-Security-Policy"]
    # It never touched the session: no cookie is set and the answer does not vary by one.
    assert not response.cookies and "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "extra",
    [{}, {"note": "I want to die tonight"}, {"used": True}, {"commitments_kept": []}],
    ids=["plain", "crisis", "lapse", "commitments"],
)
def test_it_answers_a_check_in_exactly_as_its_schema_renders(
    alice: User, extra: dict[str, object]
) -> None:
    """The check-in's answer skips Ninja's validation of it: every key must be a field of the
    schema, every field there, and each value as the validated rendering gives it."""
    script, auth = token_client(alice)
    for status in (201, 200):  # a first check-in, then an edit
        # Times are rendered to the millisecond ("…:38.000Z" for 38.000512 s), and read back
        # that string is 38 s sharp, rendered "…:38Z": a clock with whole milliseconds keeps
        # the round trip below exact whatever the moment.
        with time_machine.travel(timezone.now().replace(microsecond=123_000), tick=False):
            response = script.put(
                "/api/v1/checkins/today",
                CHECKIN | extra,
                content_type="application/json",
                headers=auth,
            )
        assert response.status_code == status, response.content
        body = response.json()
        assert set(body) == set(CheckInSavedOut.model_fields)
        validated = CheckInSavedOut.model_validate(body).model_dump()
        assert json.loads(json.dumps(validated, cls=NinjaJSONEncoder)) == body
        assert body["created"] is (status == 201)
    assert (body["crisis"] is not None) is ("note" in extra)
    assert (body["lapse_form_url"] is not None) is ("used" in extra)


def test_it_refuses_an_unknown_host_on_token_calls(alice: User) -> None:
    script, auth = token_client(alice)
    response = script.get("/api/v1/me", headers={**auth, "Host": "evil.example"})
    assert response.status_code == 400


def test_it_answers_json_errors_on_token_calls(alice: User) -> None:
    script, auth = token_client(alice)
    wrong_method = script.post("/api/v1/me", headers=auth)
    assert wrong_method.status_code == 405 and "message" in wrong_method.json()
    bad_token = script.get("/api/v1/me", headers={"Authorization": "Bearer rc_wrong"})
    assert bad_token.status_code == 401 and "message" in bad_token.json()
    invalid = script.put(
        "/api/v1/checkins/today", {"mood": 9}, content_type="application/json", headers=auth
    )
    assert invalid.status_code == 422 and not CheckIn.objects.exists()


def test_it_serves_public_routes_to_token_calls(alice: User) -> None:
    script, auth = token_client(alice)
    response = script.get("/api/v1/crisis/resources", headers=auth)
    assert response.status_code == 200
    assert "988" in response.content.decode()


# SQLite's write queue in forked processes (the web server forks its workers)


def test_it_queues_writers_in_a_forked_child_behind_the_parent(transactional_db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    connection.ensure_connection()
    read_end, write_end = os.pipe()
    with transaction.atomic():  # the parent holds the write lock
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            sqlite = cast(DatabaseWrapper, connection)  # the vendor is checked above
            sqlite.take_write_lock()
            os.write(write_end, str(time.monotonic()).encode())
            sqlite.release_write_lock()
            os._exit(0)
        os.close(write_end)
        time.sleep(0.3)
        released = time.monotonic()
    got_it = float(os.read(read_end, 64))
    os.waitpid(child, 0)
    assert got_it >= released


def test_it_inserts_unless_the_unique_row_exists(alice: User) -> None:
    """The INSERT … ON CONFLICT DO NOTHING that save_by_key runs on SQLite, on both databases."""
    day = timezone.localdate()

    def insert_unless_exists(obj: CheckIn) -> CheckIn | None:
        sql = rawsql.insert_sql(CheckIn, ("client", "local_date"))
        row = rawsql.fetch_one(sql, list(rawsql.prepared_row(obj).values()))
        return None if row is None else rawsql.instance(CheckIn, row)

    fresh = CheckIn(client=alice, local_date=day, mood=3, craving=1, stress=1, sleep_hours=7)
    stored = insert_unless_exists(fresh)
    assert stored is not None and stored.pk is not None
    assert concrete_values(stored) == concrete_values(CheckIn.objects.get())
    again = CheckIn(client=alice, local_date=day, mood=1, craving=9, stress=9, sleep_hours=2)
    assert insert_unless_exists(again) is None
    assert CheckIn.objects.get().mood == 3


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_check_in_when_two_first_saves_race(alice: User) -> None:
    """Two first check-ins of the day at the same moment, each on its own connection: one
    row, one of them new and the other an edit of it."""
    barrier = threading.Barrier(2)
    created: list[bool] = []

    def check_in(mood: int) -> None:
        try:
            barrier.wait(timeout=10)
            data = CheckInData(mood=mood, craving=1, stress=1, sleep_hours=Decimal(7))
            created.append(save_today(alice, data)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=check_in, args=(mood,)) for mood in (2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(created) == [False, True]
    assert CheckIn.objects.filter(client=alice).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_writes_bookkeeping_and_restores_full_durability(alice: User) -> None:
    token, _ = create_api_token(alice, "script")
    with bookkeeping_write():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous")
                assert cursor.fetchone()[0] == 1  # NORMAL, for this commit only
        ApiToken.objects.filter(pk=token.pk).update(name="renamed")
    assert ApiToken.objects.get().name == "renamed"
    assert not connection.in_atomic_block
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL again for everything else


def test_it_leaves_an_enclosing_transaction_alone(alice: User) -> None:
    """Inside a larger transaction (here, the test's), the write joins it unchanged."""
    token, _ = create_api_token(alice, "script")
    with bookkeeping_write():
        ApiToken.objects.filter(pk=token.pk).update(name="renamed")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2
    assert ApiToken.objects.get().name == "renamed"


def test_it_counts_sobriety_as_the_orm_would(alice: User, bob: User) -> None:
    """statuses() reads dates and lapses in one hand-written statement: the same counts as
    building them from the ORM, for several dates, with and without lapses."""
    today = timezone.localdate()
    alcohol = SobrietyStart.objects.create(
        client=alice, substance="alcohol", start_date=today - timedelta(days=100)
    )
    SobrietyStart.objects.create(client=alice, substance="", start_date=today - timedelta(days=8))
    SobrietyStart.objects.create(client=bob, substance="", start_date=today - timedelta(days=3))
    for back, days, shared in ((40, 1, True), (12, 3, False)):
        first = today - timedelta(days=back)
        Lapse.objects.create(
            client=alice,
            start=alcohol,
            date=first,
            end_date=first + timedelta(days=days - 1),
            told_circle=shared,
        )
    expected = [
        status_of(
            start,
            [LapseSpan(x.date, x.end_date, x.pk, x.told_circle) for x in start.lapses.all()],
            today,
        )
        for start in SobrietyStart.objects.filter(client=alice)
    ]
    found = statuses(alice, today)
    assert [s.start.pk for s in found] == [s.start.pk for s in expected]
    assert found == expected
    assert [s.lapse_count for s in found] == [0, 2]  # "" sorts before "alcohol"
    assert found[1].current_streak == 9 and found[1].after_private_lapse
    assert statuses(User.objects.create(email="new@example.org"), today) == []


# Found in review


def test_it_leaves_a_check_ins_follow_ups_to_the_evaluation(alice: User) -> None:
    """A first check-in writes the row, asks for an evaluation and records the token's use:
    nothing else inside SQLite's write lock, nothing after the commit."""
    script, auth = token_client(alice)
    with CaptureQueriesContext(connection) as queries:
        response = script.put(
            "/api/v1/checkins/today", CHECKIN, content_type="application/json", headers=auth
        )
    assert response.status_code == 201, response.content
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for untouched in (Alert, SobrietyStart, Lapse):
        assert untouched._meta.db_table not in tables
    assert EvaluationState.objects.filter(client=alice).exists()


def test_it_reads_the_clients_account_once_for_a_check_in_with_a_note(alice: User) -> None:
    """The token lookup loads the client; the crisis scan of the note uses that same object
    instead of reading the account again (a query that cost a fifth of a check-in)."""
    script, auth = token_client(alice)
    body = {**CHECKIN, "note": "a long day at work, went for a walk"}
    script.put("/api/v1/checkins/today", CHECKIN, content_type="application/json", headers=auth)
    with CaptureQueriesContext(connection) as queries:
        response = script.put(
            "/api/v1/checkins/today", body, content_type="application/json", headers=auth
        )
    assert response.status_code == 200, response.content
    users = User._meta.db_table
    assert sum(users in q["sql"] for q in queries.captured_queries) <= 1, queries.captured_queries


def test_it_evaluates_the_others_when_one_evaluation_fails(
    alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing evaluation is logged and tried again an hour later; the others run."""
    now = timezone.now()
    request_evaluation(alice, now)
    request_evaluation(bob, now + timedelta(seconds=1))

    def broken(client: User, context: object) -> None:
        if client == alice:
            raise RuntimeError("down")

    monkeypatch.setattr("signals.services.follow_up", broken)
    later = now + timedelta(seconds=2)
    assert evaluate_due(later) == 1  # bob's
    retry = EvaluationState.objects.get(client=alice).next_evaluation_at
    assert retry == later + FAILED_EVALUATION_PAUSE
    monkeypatch.undo()
    assert evaluate_due(later + timedelta(minutes=30)) == 0
    assert evaluate_due(retry) == 1
    assert EvaluationState.objects.get(client=alice).next_evaluation_at > retry


def test_it_evaluates_again_after_a_request_made_while_it_ran(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check-in during an evaluation asks for another; finishing must not overwrite it."""
    now = timezone.now()
    request_evaluation(alice, now)
    real = findings

    def with_a_check_in_meanwhile(
        client: User, at: datetime, daily: bool = True, context: Context | None = None
    ) -> tuple[Context, list[tuple[str, Finding]]]:
        request_evaluation(client, now + timedelta(seconds=1))
        return real(client, at, daily=daily, context=context)

    monkeypatch.setattr("signals.services.findings", with_a_check_in_meanwhile)
    assert evaluate_due(now) == 1
    pending = EvaluationState.objects.get(client=alice).next_evaluation_at
    assert pending == now + timedelta(seconds=1)  # not the lease, not tomorrow's pass


def test_it_lets_a_killed_worker_s_evaluation_run_when_its_lease_ends(alice: User) -> None:
    now = timezone.now()
    request_evaluation(alice, now)
    state = EvaluationState.objects.get(client=alice)
    # A worker claims it and is killed before finishing: the row keeps its lease.
    EvaluationState.objects.filter(pk=state.pk).update(next_evaluation_at=now + EVALUATION_LEASE)
    assert evaluate_due(now + timedelta(minutes=1)) == 0
    assert evaluate_due(now + EVALUATION_LEASE) == 1


def test_it_never_matches_a_value_too_long_for_the_column(alice: User) -> None:
    Alert.objects.create(client=alice, kind="missed_checkin", subject="s", dedupe_key="a" * 120)
    too_long = "a" * 120 + "zz"
    assert not Alert.objects.filter(dedupe_key__any_of=[too_long]).exists()
    assert Alert.objects.filter(dedupe_key__any_of=["a" * 120]).exists()


def test_it_answers_token_calls_in_the_site_language(rf: RequestFactory) -> None:
    """The language is per thread; a token call must not inherit the previous visitor's."""
    lane = TokenApiLaneMiddleware(lambda request: HttpResponse("the full stack"))
    lane.lane.chain = lambda request: HttpResponse(translation.get_language())
    translation.activate("es")
    try:
        request = rf.get("/api/v1/me", headers={"Authorization": "Bearer rc_x"})
        assert lane(request).content == b"en"
    finally:
        translation.deactivate()


@pytest.mark.parametrize(("version", "refused"), [((3, 34, 1), True), ((3, 35, 0), False)])
def test_it_refuses_an_sqlite_without_returning(version: tuple[int, ...], refused: bool) -> None:
    if refused:
        with pytest.raises(ImproperlyConfigured, match=r"3\.35 or newer"):
            check_sqlite_version(version)
    else:
        check_sqlite_version(version)


@pytest.mark.django_db(transaction=True)
def test_it_writes_the_tokens_last_use_inside_the_check_in(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last use rides along in the check-in's transaction: one write transaction, not two."""
    script, auth = token_client(alice)
    writes: list[tuple[str, bool]] = []
    own_transactions: list[bool] = []
    real = durability.bookkeeping_write

    def counted() -> AbstractContextManager[None]:
        own_transactions.append(True)
        return real()

    monkeypatch.setattr(durability, "bookkeeping_write", counted)

    def record(
        execute: Callable[[str, Any, bool, dict[str, Any]], Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        if sql.startswith(("UPDATE", "INSERT")):
            writes.append((sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = script.put(
            "/api/v1/checkins/today", CHECKIN, content_type="application/json", headers=auth
        )
    assert response.status_code == 201
    token_table = ApiToken._meta.db_table
    assert [inside for sql, inside in writes if token_table in sql] == [True], writes
    assert not own_transactions  # nothing was left for the end of the request
    assert ApiToken.objects.get().last_used_at is not None


def test_it_records_the_last_use_of_a_call_that_writes_nothing(alice: User) -> None:
    script, auth = token_client(alice)
    assert script.get("/api/v1/me", headers=auth).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_it_runs_hand_written_sql_with_djangos_errors_and_checks(alice: User) -> None:
    """The driver's own cursor, but Django's exceptions, and no statement after an error
    inside a transaction (which the database would refuse, or worse, on SQLite, accept)."""
    from django.db import IntegrityError
    from django.db.transaction import TransactionManagementError

    assert not connection.queries_logged  # the driver's cursor is the one under test
    day = timezone.localdate()
    first = CheckIn(client=alice, local_date=day, mood=3, craving=1, stress=1, sleep_hours=7)
    values = list(rawsql.prepared_row(first).values())
    plain_insert = rawsql.insert_sql(CheckIn, ("client", "local_date")).split(" ON CONFLICT")[0]
    rawsql.execute(plain_insert, values)
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            rawsql.execute(plain_insert, values)
        # The failed inner block marked the transaction for rollback: nothing more runs.
        with pytest.raises(TransactionManagementError):
            rawsql.fetch_one(f"SELECT COUNT(*) FROM {rawsql.table(CheckIn)}", [])
        transaction.set_rollback(True)
    assert rawsql.fetch_one(f"SELECT COUNT(*) FROM {rawsql.table(CheckIn)}", []) == (1,)
