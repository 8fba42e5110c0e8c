"""Lapses: written down on the lapse page or with a check-in that says "used", changed,
shared, removed. A lapse is one day of use or several (a period); how they count is in
sobriety/services.py. Private unless the client shares it, in kind words and without any of
what they wrote."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts.models import Alert
from alerts.services import notify_circle
from circle.models import Scope
from sobriety.models import Lapse, SobrietyStart
from sobriety.services import SobrietyError, day_words, default_start, set_start, today_of


def span_words(first: date, last: date) -> str:
    """ "on Monday 2 March", or "from Monday 2 March to Thursday 5 March"."""
    if first == last:
        return _("on %(day)s") % {"day": day_words(first)}
    return _("from %(first)s to %(last)s") % {"first": day_words(first), "last": day_words(last)}


def lapse_on(client: User, day: date) -> Lapse | None:
    """A lapse written down that covers `day`, if any."""
    return Lapse.objects.filter(client=client, date__lte=day, end_date__gte=day).first()


def check_lapse_days(client: User, first: date, last: date, now: datetime) -> None:
    if last > today_of(client, now):
        field = "date" if first > today_of(client, now) else "end_date"
        raise SobrietyError(_("The date can't be in the future."), field)
    if last < first:
        raise SobrietyError(
            _(
                "The last day can't be before the first day. For a lapse of one day, "
                "leave it empty."
            ),
            "end_date",
        )


def lapse_from_checkin(client: User, day: date, now: datetime) -> Lapse | None:
    """The check-in of `day` says "used": the lapse is written down with it, privately, so
    the count changes at once (the lapse page is offered for more). A lapse that covers the
    day already stands; one that ended the day before goes on to this day (several days of
    use are one lapse). Without any sobriety count there is nothing to change: the lapse
    page, offered after the check-in, can start one."""
    covering = lapse_on(client, day)
    if covering is not None:
        return covering
    start = default_start(client)
    if start is None:
        return None
    going_on = Lapse.objects.filter(
        client=client, start=start, end_date=day - timedelta(days=1)
    ).first()
    if going_on is not None:
        Lapse.objects.filter(pk=going_on.pk).update(end_date=day)
        going_on.end_date = day
        return going_on
    return record_lapse(client, day, start=start, now=now)


def withdraw_checkin_lapse(client: User, day: date) -> None:
    """The check-in of `day` no longer says "used" (ticked by mistake): the lapse it wrote
    goes, if it is still as the check-in wrote it (that day alone, nothing written, not
    shared). One the client wrote about or shared stays, to change on the lapse page."""
    Lapse.objects.filter(
        client=client,
        date=day,
        end_date=day,
        what_happened="",
        what_learned="",
        told_circle=False,
    ).delete()


def lapse_page_url(lapse: Lapse | None, day: date) -> str:
    """Where to say more about the lapse of `day`: its own page, or a new one's."""
    if lapse is None:
        return f"{reverse('sobriety:lapse')}?date={day.isoformat()}"
    return reverse("sobriety:edit_lapse", args=[lapse.pk])


def lapses_of(client: User) -> list[Lapse]:
    return list(Lapse.objects.filter(client=client).select_related("start"))


@transaction.atomic
def record_lapse(
    client: User,
    day: date,
    what_happened: str = "",
    what_learned: str = "",
    tell_circle: bool = False,
    start: SobrietyStart | None = None,
    now: datetime | None = None,
    end_date: date | None = None,
) -> Lapse:
    """Writes a lapse down: one day, or the days from `day` to `end_date`. The count starts
    again the day after its last day; nothing else is lost.

    Without any count yet, an overall count is started on the lapse day, so the new streak
    begins after it. Supporters with the sobriety scope hear of it only if the client
    says so, in kind words and without any of what the client wrote."""
    now = now or timezone.now()
    end_date = end_date or day
    check_lapse_days(client, day, end_date, now)
    if start is None:
        start = default_start(client) or set_start(client, day, "", now)
    check_count(client, start, day)
    lapse = Lapse.objects.create(
        client=client,
        start=start,
        date=day,
        end_date=end_date,
        what_happened=what_happened.strip(),
        what_learned=what_learned.strip(),
        told_circle=tell_circle,
        created_at=now,
    )
    if tell_circle:
        tell_circle_of(lapse)
    return lapse


def own_lapse(client: User, lapse_id: int) -> Lapse:
    found = Lapse.objects.filter(client=client, pk=lapse_id).select_related("start").first()
    if found is None:
        raise Lapse.DoesNotExist
    return found


@transaction.atomic
def change_lapse(
    client: User,
    lapse_id: int,
    day: date,
    end_date: date | None = None,
    what_happened: str = "",
    what_learned: str = "",
    tell_circle: bool = False,
    start: SobrietyStart | None = None,
    now: datetime | None = None,
) -> Lapse:
    """Changes a lapse written down (its days, count, words), or shares it now. Once told,
    the circle cannot be untold, so a shared lapse stays shared."""
    lapse = own_lapse(client, lapse_id)
    end_date = end_date or day
    check_lapse_days(client, day, end_date, now or timezone.now())
    start = start or lapse.start
    check_count(client, start, day)
    newly_shared = tell_circle and not lapse.told_circle
    lapse.start, lapse.date, lapse.end_date = start, day, end_date
    lapse.what_happened, lapse.what_learned = what_happened.strip(), what_learned.strip()
    lapse.told_circle = lapse.told_circle or tell_circle
    lapse.save()
    if newly_shared:
        tell_circle_of(lapse)
    return lapse


def remove_lapse(client: User, lapse_id: int) -> None:
    """A lapse written down by mistake: its days count as sober again."""
    own_lapse(client, lapse_id).delete()


def check_count(client: User, start: SobrietyStart, day: date) -> None:
    if start.client_id != client.pk:
        raise SobrietyStart.DoesNotExist
    if day < start.start_date:
        raise SobrietyError(
            _(
                "That day is before this count began (%(day)s). "
                "You can change the start date on the sobriety page."
            )
            % {"day": day_words(start.start_date)},
            "date",
        )


def tell_circle_of(lapse: Lapse) -> Alert | None:
    """Supporters with the sobriety scope hear of a lapse the client shares, kindly."""
    client = lapse.client
    return notify_circle(
        client,
        Alert.Kind.LAPSE,
        lambda: _("%(name)s shared a lapse with you") % {"name": client},
        body=lambda: (
            _(
                "%(client)s had a lapse %(when)s and chose to tell you. A lapse is part of many "
                "recoveries, and telling people takes courage. What helps most is warmth: a "
                "message, a call, or simply being there. There is no need to ask for details."
            )
            % {"client": client, "when": span_words(lapse.date, lapse.end_date)}
        ),
        link=reverse("circle:supporting", args=[client.pk]),
        scope=Scope.SOBRIETY,
        dedupe_key=f"lapse:{lapse.pk}",
    )
