"""Words for a crisis signal, in the client's own terms: what raised it (the question of a
questionnaire as the client read it, or the words they wrote and where), never an internal id.
The words are functions that write them in the active language: the signal keeps them in
every language (alerts.texts), for whichever language its reader reads."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crisis.models import CrisisEvent
from crisis.phrases import CATEGORY_LABELS

CLOSING = gettext_lazy(
    "You are not alone: the crisis lines are open now, free and 24/7, and the people in your "
    "plan can help."
)


Words = Callable[[], str]


def crisis_words(source: str) -> tuple[Words, Words]:
    """(title, explanation) for a crisis signal raised from `source`: "event:<id>" for
    written words, "measures:<code>:<response id>" for a questionnaire answer."""
    kind, _sep, rest = source.partition(":")
    if kind == "event":
        event = CrisisEvent.objects.filter(pk=int(rest)).first() if rest.isdigit() else None
        if event is not None:
            found = event
            return both(lambda: written(found))
    if kind == "measures":
        code = rest.partition(":")[0]
        return both(lambda: answered(code))
    return both(lambda: (_("Something you shared sounds like a crisis"), str(CLOSING)))


def both(words: Callable[[], tuple[str, str]]) -> tuple[Words, Words]:
    """The title and the explanation of `words`, each written in the active language."""
    return (lambda: words()[0]), (lambda: words()[1])


def written(event: CrisisEvent) -> tuple[str, str]:
    where = CrisisEvent.Source(event.source).label if event.source in CrisisEvent.Source else ""
    kind = CATEGORY_LABELS.get(event.category, "")
    explanation = _("In your %(where)s you wrote “%(words)s” (%(kind)s).") % {
        "where": str(where).lower(),
        "words": event.phrase,
        "kind": str(kind).lower(),
    }
    return _("What you wrote sounds like you may be in crisis"), f"{explanation} {CLOSING}"


def answered(code: str) -> tuple[str, str]:
    from measures.instruments import INSTRUMENTS

    definition = INSTRUMENTS.get(code)
    if definition is None or not definition.crisis:
        return _("Your answer on a questionnaire sounds like a crisis"), str(CLOSING)
    keys = {rule.item for rule in definition.crisis}
    question = next((item.text for item in definition.items if item.key in keys), "")
    explanation = _("On the %(name)s you answered this question: “%(question)s”") % {
        "name": definition.short_name,
        "question": question,
    }
    return _("Your answer on the %(name)s asks for care now") % {
        "name": definition.short_name
    }, f"{explanation}. {CLOSING}"
