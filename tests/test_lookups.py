"""`__any_of` finds exactly what `__in` finds, on every database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert
from checkins.models import CheckIn


def same_rows(model: type[User | CheckIn | Alert], **lookup: Iterable[object]) -> set[int]:
    ((name, values),) = lookup.items()
    with_in = set(model.objects.filter(**{f"{name}__in": values}).values_list("pk", flat=True))
    with_any = set(model.objects.filter(**{f"{name}__any_of": values}).values_list("pk", flat=True))
    assert with_any == with_in
    return with_any


def test_it_matches_in_for_ids_dates_texts_and_foreign_keys(alice: User, bob: User) -> None:
    today = timezone.localdate()
    for person in (alice, bob):
        for back in range(3):
            CheckIn.objects.create(
                client=person,
                local_date=today - timedelta(days=back),
                mood=3,
                craving=1,
                stress=1,
                sleep_hours=7,
            )
    Alert.objects.create(client=alice, kind="missed_checkin", subject="s", dedupe_key="a:1")
    Alert.objects.create(client=bob, kind="missed_checkin", subject="s", dedupe_key="b:1")
    assert len(same_rows(User, pk=[alice.pk, bob.pk, alice.pk, 10**12])) == 2
    assert len(same_rows(CheckIn, local_date={today, today - timedelta(days=2)})) == 4
    assert len(same_rows(CheckIn, client_id=[bob.pk])) == 3
    assert len(same_rows(CheckIn, client=[alice.pk])) == 3
    assert len(same_rows(Alert, dedupe_key=["a:1", "nope", None])) == 1
    assert same_rows(Alert, dedupe_key=[None]) == set()
    assert same_rows(Alert, dedupe_key=[]) == set()
    mine = User.objects.filter(pk=alice.pk).values("pk")
    assert len(same_rows(CheckIn, client_id=mine)) == 3  # a subquery


def test_it_keeps_the_statement_short_on_postgres(alice: User) -> None:
    ids = list(range(1, 501))
    with CaptureQueriesContext(connection) as queries:
        list(User.objects.filter(pk__any_of=ids))
    sql = queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
