"""What the help board tells people, in their own language.

A notice to the client alone is written in the client's language. A notice to supporters is
`deferred`: its words are rendered for each language when the alert is stored, so a Spanish
supporter of an English client reads Spanish. Names, places and notes stay as written."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.models import User
from alerts.services import notify_circle, notify_client
from circle import members
from circle.models import Membership, Scope
from circle.policy import supporters_with_scope
from helpboard.links import client_link, supporter_link
from helpboard.models import HelpNeed, HelpOccurrence
from helpboard.occurrences import Slot, slot_of, slot_when
from recoverycircle.deferred import deferred

HELP = Scope.HELP
MAX_LISTED = 10


def lines(*parts: str | None) -> str:
    """The parts on lines of their own; None leaves a part out, "" leaves an empty line."""
    return "\n".join(part for part in parts if part is not None)


def where(need: HelpNeed) -> str | None:
    return _("Where: %(place)s") % {"place": need.place} if need.place else None


def in_sentence(need: HelpNeed) -> str:
    """The summary inside a sentence: the kind's name in lower case, the title as written
    (it may hold names: "to Dr. Nair")."""
    label = str(HelpNeed.Kind(need.kind).label)
    return label.lower() + need.summary.removeprefix(label)


def tell_client(
    client: User, kind: str, subject: str, body: str = "", dedupe_key: str | None = None
) -> None:
    notify_client(client, kind, subject, body=body, link=client_link(), dedupe_key=dedupe_key)


def need_posted(need: HelpNeed, poster: User, first: Slot, others: list[Membership]) -> None:
    client = need.client

    def body() -> str:
        when = slot_when(first)
        if need.rrule:
            when = _("%(when)s (it repeats: see the help board)") % {"when": when}
        return lines(
            when + ".",
            where(need),
            _("If you can help, say so on the help board so others know it is taken."),
        )

    notify_circle(
        client,
        "help_needed",
        deferred(
            lambda: (
                _("%(name)s could use a hand: %(need)s") % {"name": client, "need": need.summary}
            )
        ),
        body=deferred(body),
        link=supporter_link(client),
        scope=HELP,
        memberships=others,
        dedupe_key=f"help-new:{need.pk}",
    )
    if poster.pk != client.pk:
        with translation.override(client.language):
            tell_client(
                client,
                "help_needed",
                _("%(name)s posted a need for you: %(need)s")
                % {"name": poster, "need": need.summary},
                _("%(when)s. You can cancel it on your help board.") % {"when": slot_when(first)},
                dedupe_key=f"help-new-client:{need.pk}",
            )


def need_cancelled(need: HelpNeed, viewer: User, told: list[Membership]) -> None:
    client = need.client
    notify_circle(
        client,
        "help_cancelled",
        deferred(
            lambda: (
                _("No longer needed: %(need)s for %(name)s")
                % {"need": need.summary, "name": client}
            )
        ),
        body=deferred(lambda: _("Thank you for offering. You don't need to do anything.")),
        link=supporter_link(client),
        scope=HELP,
        memberships=[m for m in told if m.supporter_id != viewer.pk],
        dedupe_key=f"help-cancelled:{need.pk}",
    )
    if viewer.pk != client.pk:
        with translation.override(client.language):
            tell_client(
                client,
                "help_cancelled",
                _("%(name)s cancelled a need on your help board: %(need)s")
                % {"name": viewer, "need": need.summary},
                dedupe_key=f"help-cancelled-client:{need.pk}",
            )


def tell_client_of(row: HelpOccurrence, person: User, kind: str, subject: str, body: str) -> None:
    """One occurrence's news for its client, in the client's language. `subject` and `body`
    are messages (marked with gettext_noop) using %(name)s, %(need)s and %(when)s."""
    client = row.need.client
    with translation.override(client.language):
        words = {"name": person, "need": row.need.summary, "when": slot_when(slot_of(row))}
        tell_client(client, kind, _(subject) % words, _(body) % words)


def claimed(row: HelpOccurrence, supporter: User) -> None:
    tell_client_of(
        row,
        supporter,
        "help_claimed",
        gettext_noop("%(name)s will help: %(need)s"),
        gettext_noop("%(when)s. You can thank them on your help board afterwards."),
    )


def released(row: HelpOccurrence, supporter: User, ask_again: bool) -> None:
    """The supporter withdrew their offer; close to its time the circle is asked again."""
    need, client = row.need, row.need.client
    tell_client_of(
        row,
        supporter,
        "help_released",
        gettext_noop("%(name)s can no longer help: %(need)s"),
        gettext_noop("%(when)s. It is open again on your help board."),
    )
    if ask_again:
        notify_circle(
            client,
            "help_unclaimed",
            deferred(
                lambda: (
                    _("Still needed: %(need)s for %(name)s")
                    % {"need": need.summary, "name": client}
                )
            ),
            body=deferred(
                lambda: (
                    _("%(when)s. %(name)s can no longer make it. Can you help?")
                    % {"when": slot_when(slot_of(row)), "name": supporter}
                )
            ),
            link=supporter_link(client),
            scope=HELP,
            memberships=supporters_with_scope(client, HELP, excluding=supporter),
        )


def done(row: HelpOccurrence, helper: User) -> None:
    tell_client_of(
        row,
        helper,
        "help_done",
        gettext_noop("%(name)s helped: %(need)s"),
        gettext_noop("%(when)s. You can say thank you on your help board."),
    )


def thanked(row: HelpOccurrence, helper: User, message: str) -> None:
    need, client = row.need, row.need.client
    notify_circle(
        client,
        "help_thanks",
        deferred(lambda: _("%(name)s says thank you") % {"name": client}),
        body=deferred(
            lambda: lines(
                _("For %(need)s, %(when)s:")
                % {"need": in_sentence(need), "when": slot_when(slot_of(row))},
                "",
                message,
            )
        ),
        link=supporter_link(client),
        scope=HELP,
        memberships=members.active_pair(client, helper),
        dedupe_key=f"help-thanks:{row.pk}",
    )


def unclaimed(row: HelpOccurrence) -> None:
    """Close to its time, nobody has offered: the circle is asked again, the client told."""
    need, client = row.need, row.need.client
    notify_circle(
        client,
        "help_unclaimed",
        deferred(
            lambda: (
                _("Still needed: %(need)s for %(name)s") % {"need": need.summary, "name": client}
            )
        ),
        body=deferred(
            lambda: (
                _("%(when)s. Nobody has offered yet. If you can help, say so on the help board.")
                % {"when": slot_when(slot_of(row))}
            )
        ),
        link=supporter_link(client),
        scope=HELP,
        memberships=supporters_with_scope(client, HELP),
        dedupe_key=f"help-unclaimed:{row.pk}",
    )
    with translation.override(client.language):
        tell_client(
            client,
            "help_unclaimed",
            _("Nobody has offered yet: %(need)s") % {"need": need.summary},
            _(
                "%(when)s. Your circle has been asked again. You can also ask someone directly, "
                "or cancel it on your help board if plans changed."
            )
            % {"when": slot_when(slot_of(row))},
            dedupe_key=f"help-unclaimed-client:{row.pk}",
        )


def reminder(row: HelpOccurrence, helper: User, memberships: list[Membership]) -> None:
    need, client = row.need, row.need.client

    def body() -> str:
        return lines(
            slot_when(slot_of(row)) + ".",
            where(need),
            _("Notes: %(notes)s") % {"notes": need.notes} if need.notes else None,
            _("If you can no longer make it, say so on the help board so someone else can."),
        )

    notify_circle(
        client,
        "help_reminder",
        deferred(
            lambda: _("Reminder: %(need)s for %(name)s") % {"need": need.summary, "name": client}
        ),
        body=deferred(body),
        link=supporter_link(client),
        scope=HELP,
        memberships=memberships,
        dedupe_key=f"help-remind:{row.pk}:{helper.pk}",
    )


def listed(rows: list[HelpOccurrence]) -> str:
    found = [
        _("- %(need)s, %(when)s") % {"need": row.need.summary, "when": slot_when(slot_of(row))}
        for row in rows[:MAX_LISTED]
    ]
    if len(rows) > MAX_LISTED:
        found.append(_("- and %(count)s more") % {"count": len(rows) - MAX_LISTED})
    return "\n".join(found)


def why_released(membership: Membership) -> str:
    words = {"name": membership.supporter}
    if membership.status == Membership.Status.ENDED:
        return _("%(name)s is no longer in your circle, so their offers are withdrawn:") % words
    if membership.status == Membership.Status.PAUSED:
        return (
            _("%(name)s's place in your circle is paused, so their offers are withdrawn:") % words
        )
    return _("%(name)s no longer shares your help board, so their offers are withdrawn:") % words


def claims_released(membership: Membership, rows: list[HelpOccurrence]) -> None:
    """A supporter may no longer help: the circle is asked again and the client told once."""
    client, supporter = rows[0].need.client, membership.supporter
    one = rows[0].need if len(rows) == 1 else None

    def subject() -> str:
        if one:
            return _("Still needed: %(need)s for %(name)s") % {"need": one.summary, "name": client}
        return _("Still needed: help for %(name)s") % {"name": client}

    asked = notify_circle(
        client,
        "help_unclaimed",
        deferred(subject),
        body=deferred(
            lambda: lines(
                listed(rows),
                _(
                    "Whoever offered can no longer make it. If you can help, say so on the help "
                    "board so others know it is taken."
                ),
            )
        ),
        link=supporter_link(client),
        scope=HELP,
        memberships=supporters_with_scope(client, HELP, excluding=supporter),
    )
    with translation.override(client.language):
        if one:
            title = _("%(name)s can no longer help: %(need)s") % {
                "name": supporter,
                "need": one.summary,
            }
        else:
            title = ngettext(
                "%(name)s can no longer help with %(count)s thing on your help board",
                "%(name)s can no longer help with %(count)s things on your help board",
                len(rows),
            ) % {"name": supporter, "count": len(rows)}
        if asked:
            after = _(
                "They are open again on your help board, and your circle has been asked again."
            )
        else:
            after = _(
                "They are open again on your help board. Nobody else in your circle shares your "
                "help board yet."
            )
        tell_client(
            client, "help_released", title, lines(why_released(membership), listed(rows), after)
        )
