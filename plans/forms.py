"""The plan editor's forms: one editor per section, each turning posted fields into that
section's JSON value. They check the shape of each field; plans.content checks the rest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms import BoundField, formset_factory
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from circle.models import Membership, Relationship
from plans.content import LEVELS, TRIGGER_KINDS, PlanContent
from plans.suggestions import WARNING_SIGNS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_LINES = 30


def rhythms() -> list[tuple[str, str]]:
    """How often a commitment comes round, in the words of the page's language."""
    weekly = [
        (str(n), ngettext("%(n)s time a week", "%(n)s times a week", n) % {"n": n})
        for n in range(6, 1, -1)
    ]
    return [("daily", gettext("Every day")), *weekly, ("1", gettext("Once a week"))]


class Visible:
    """A form seen without its hidden fields, for templates/form_fields.html."""

    def __init__(self, form: forms.Form) -> None:
        self.form = form

    def non_field_errors(self) -> Any:
        return self.form.non_field_errors()

    def __iter__(self) -> Iterator[BoundField]:
        return iter(self.form.visible_fields())


class RowForm(forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=32)

    @property
    def visible(self) -> Visible:
        return Visible(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_changed() and not data.get("DELETE") and not data.get(self.main_field):
            # Never drop a row silently: it was touched, so it was meant.
            self.add_error(
                self.main_field, gettext("Write something here, or tick “Remove this one”.")
            )
        return data

    def row(self) -> dict[str, Any] | None:
        """The row's value, or None for a blank or removed row."""
        data = getattr(self, "cleaned_data", None)
        if not data or data.get("DELETE") or not data.get(self.main_field):
            return None
        return {k: v for k, v in data.items() if k != "DELETE"}

    main_field = "label"


class LinesForm(forms.Form):
    lines = forms.CharField(
        label=_("One per line"),
        required=False,
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(
        self, *args: Any, label: StrOrPromise = "", help_text: StrOrPromise = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].label = label
        self.fields["lines"].help_text = help_text

    def clean_lines(self) -> list[str]:
        found = [line.strip() for line in self.cleaned_data["lines"].splitlines() if line.strip()]
        if len(found) > MAX_LINES:
            raise forms.ValidationError(
                gettext("Keep it to %(most)s lines or fewer.") % {"most": MAX_LINES}
            )
        too_long = [line for line in found if len(line) > 300]
        if too_long:
            raise forms.ValidationError(
                gettext("Keep each line under 300 characters: %(start)s…")
                % {"start": too_long[0][:40]}
            )
        return found


class WarningSignsForm(LinesForm):
    suggested = forms.MultipleChoiceField(
        label=_("Common warning signs: tick any you recognise to add them"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # In the page's language: a ticked sign is added to the plan in those words.
        field = cast(forms.MultipleChoiceField, self.fields["suggested"])
        field.choices = [(str(s), str(s)) for s in WARNING_SIGNS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = list(data.get("lines") or [])
        ticked = set(data.get("suggested") or [])
        signs = [str(s) for s in WARNING_SIGNS]
        lines += [s for s in signs if s in ticked and s not in lines]
        data["lines"] = lines
        return data


class TriggerForm(RowForm):
    label = forms.CharField(label=_("Trigger or situation"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=list(TRIGGER_KINDS.items()), initial="feeling"
    )
    intensity = forms.TypedChoiceField(
        label=_("How strong (1 mild – 5 strongest)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        initial=3,
    )
    date = forms.CharField(
        label=_("Date, if it is a high-risk date (optional)"),
        required=False,
        max_length=10,
        help_text=_("MM-DD for every year (an anniversary: 03-14), or YYYY-MM-DD for once."),
    )


class CopingForm(RowForm):
    label = forms.CharField(label=_("What I do"), max_length=300, required=False)
    trigger_ids = forms.MultipleChoiceField(
        label=_("It helps with"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, triggers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["trigger_ids"]).choices = triggers


class ContactForm(RowForm):
    main_field = "name"
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    role = forms.CharField(
        label=_("Role (therapist, doctor, case manager…)"), max_length=80, required=False
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class CrisisLineForm(RowForm):
    main_field = "name"
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    sms = forms.BooleanField(label=_("Takes text messages too"), required=False)


class CommitmentForm(RowForm):
    label = forms.CharField(
        label=_("Commitment"),
        max_length=300,
        required=False,
        help_text=_("For example: go to a meeting; call my sponsor."),
    )
    rhythm = forms.ChoiceField(label=_("How often"), choices=rhythms, initial="daily")


class Rows(forms.BaseFormSet[RowForm]):
    def add_fields(self, form: RowForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext("Remove this one")


def formset(form: type[RowForm], extra: int = 3) -> type[forms.BaseFormSet[RowForm]]:
    return formset_factory(
        form, formset=Rows, extra=extra, can_delete=True, max_num=50, absolute_max=60
    )


class Editor:
    """One section's editor: the forms to show, and the value they post."""

    kind = "formset"

    def __init__(self, client_members: list[Membership], content: PlanContent, data: Any) -> None:
        self.members = client_members
        self.content = content
        self.data = data

    def is_valid(self) -> bool:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError


class LinesEditor(Editor):
    kind = "lines"
    labels = {
        "reasons": (
            _("Why I want to stay in recovery"),
            _("One reason per line, in your own words."),
        ),
        "warning_signs": (
            _("My early warning signs"),
            _("Changes in how I think, feel or act that come before a slip. One per line."),
        ),
        "lapse_plan": (
            _("What I do in the first hours after a slip"),
            _("One step per line, in order. For example: Get somewhere safe. Call my sponsor."),
        ),
    }

    def __init__(self, section: str, *args: Any) -> None:
        super().__init__(*args)
        form_class = WarningSignsForm if section == "warning_signs" else LinesForm
        label, help_text = self.labels[section]
        current = "\n".join(getattr(self.content, section))
        self.form = form_class(
            self.data, initial={"lines": current}, label=label, help_text=help_text
        )

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def value(self) -> Any:
        return self.form.cleaned_data["lines"]


class RowsEditor(Editor):
    form_class: type[RowForm] = TriggerForm
    legend: StrOrPromise = _("Item")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.formset = formset(self.form_class)(
            self.data, initial=self.initial(), prefix="rows", form_kwargs=self.form_kwargs()
        )

    def initial(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def is_valid(self) -> bool:
        return self.formset.is_valid()

    def rows(self) -> list[dict[str, Any]]:
        return [row for form in self.formset.forms if (row := form.row()) is not None]

    def value(self) -> Any:
        return self.rows()


class TriggersEditor(RowsEditor):
    form_class = TriggerForm
    legend = _("Trigger")

    def initial(self) -> list[dict[str, Any]]:
        return [t.model_dump() | {"date": t.date or ""} for t in self.content.triggers]

    def value(self) -> Any:
        return [row | {"date": row["date"] or None} for row in self.rows()]


class CopingEditor(RowsEditor):
    form_class = CopingForm
    legend = _("Coping strategy")

    def initial(self) -> list[dict[str, Any]]:
        return [c.model_dump() for c in self.content.coping]

    def form_kwargs(self) -> dict[str, Any]:
        return {"triggers": [(t.id, t.label) for t in self.content.triggers]}


class ContactsEditor(RowsEditor):
    form_class: type[RowForm] = ContactForm
    legend = _("Contact")

    def initial(self) -> list[dict[str, Any]]:
        return [c.model_dump() for c in self.content.professional_contacts]

    def value(self) -> Any:
        return [{k: v for k, v in row.items() if k != "id"} for row in self.rows()]


class CrisisLinesEditor(ContactsEditor):
    form_class = CrisisLineForm
    legend = _("Crisis line")

    def initial(self) -> list[dict[str, Any]]:
        return [c.model_dump() for c in self.content.crisis_lines]


class CommitmentsEditor(RowsEditor):
    form_class = CommitmentForm
    legend = _("Commitment")

    def initial(self) -> list[dict[str, Any]]:
        return [
            {
                "id": c.id,
                "label": c.label,
                "rhythm": "daily" if c.daily else str(c.times_per_week),
            }
            for c in self.content.commitments
        ]

    def value(self) -> Any:
        found = []
        for row in self.rows():
            daily = row["rhythm"] == "daily"
            found.append(
                {
                    "id": row["id"],
                    "label": row["label"],
                    "daily": daily,
                    "times_per_week": None if daily else int(row["rhythm"]),
                }
            )
        return found


def member_label(m: Membership) -> str:
    words = {"name": m.supporter, "relationship": Relationship(m.relationship).label}
    if m.status == Membership.Status.PAUSED:
        return gettext("%(name)s · %(relationship)s (paused)") % words
    return gettext("%(name)s · %(relationship)s") % words


class PeopleForm(forms.Form):
    """Each member gets a position box: 1 is called first; blank leaves them out."""

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for m in members:
            self.fields[f"position_{m.pk}"] = forms.IntegerField(
                label=member_label(m),
                required=False,
                min_value=1,
                max_value=20,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 20}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        positions = [v for v in data.values() if v is not None]
        if len(positions) != len(set(positions)):
            raise forms.ValidationError(gettext("Give each person a different number."))
        return data

    def ordered(self) -> list[int]:
        chosen = [
            (position, int(name.removeprefix("position_")))
            for name, position in self.cleaned_data.items()
            if position is not None
        ]
        return [pk for _, pk in sorted(chosen)]


class PeopleEditor(Editor):
    kind = "people"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        initial = {f"position_{pk}": n for n, pk in enumerate(self.content.people, start=1)}
        self.form = PeopleForm(self.data, initial=initial, members=self.members)

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def value(self) -> Any:
        return self.form.ordered()


class LadderLevelForm(forms.Form):
    membership_ids = forms.TypedMultipleChoiceField(
        label=_("Who is told"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("How"),
        required=False,
        choices=[("inbox", _("In the app")), ("email", _("By e-mail"))],
        widget=forms.CheckboxSelectMultiple,
    )
    delay_minutes = forms.IntegerField(
        label=_("After how many minutes without my answer"),
        min_value=0,
        max_value=7 * 24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["membership_ids"])
        field.choices = [(m.pk, member_label(m)) for m in members]


class LadderEditor(Editor):
    kind = "ladder"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.levels = [
            (
                title,
                LadderLevelForm(
                    self.data,
                    prefix=level,
                    initial=getattr(self.content.ladder, level).model_dump(),
                    members=self.members,
                ),
            )
            for level, title in LEVELS.items()
        ]

    def is_valid(self) -> bool:
        return all(form.is_valid() for _, form in self.levels)

    def value(self) -> Any:
        return {form.prefix: form.cleaned_data for _, form in self.levels}


EDITORS: dict[str, type[Editor]] = {
    "triggers": TriggersEditor,
    "coping": CopingEditor,
    "people": PeopleEditor,
    "professional_contacts": ContactsEditor,
    "crisis_lines": CrisisLinesEditor,
    "commitments": CommitmentsEditor,
    "ladder": LadderEditor,
}


def editor_for(
    section: str, members: list[Membership], content: PlanContent, data: Any = None
) -> Editor:
    if section in LinesEditor.labels:
        return LinesEditor(section, members, content, data)
    return EDITORS[section](members, content, data)
