from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import zones
from accounts.models import User
from accounts.zones import TimeZoneField
from alerts.account_mail import Purpose, queue_account_email


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        max_length=80,
        label=_("Your name"),
        help_text=_("How your circle will see you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    time_zone = TimeZoneField(initial=zones.DEFAULT, widget=zones.browser_zone_widget())
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("At least 10 characters, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(TimeZoneField, self.fields["time_zone"]).include(self.data.get("time_zone"))

    def clean_email(self) -> str:
        # Whether the address has an account is not said here: see services.request_sign_up.
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            candidate = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    """Django's login form, passing the address in lower case and under the name of the user
    model's USERNAME_FIELD (`email`): django-axes reads the account from that key, so the
    lockout counts failures per account and IP whatever the spelling of the address. Passed as
    `username`, axes saw no account at all and never refused the right password."""

    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match an account. Check them and try again."
        ),
        "inactive": _("This account is closed."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, email=email, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ProfileForm(forms.ModelForm[User]):
    time_zone = TimeZoneField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(TimeZoneField, self.fields["time_zone"])
        field.include(self.data.get("time_zone") or self.instance.time_zone)

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "language"]
        labels = {
            "display_name": _("Your name"),
            "time_zone": _("Time zone"),
            "language": _("Language"),
        }


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=60,
        label=_("Token name"),
        help_text=_("What the token is for, e.g. “my backup script”."),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the e-mail sent through the outbox (alerts.account_mail)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        # In the account's language, whatever the language of the page that asked.
        with translation.override(context["user"].language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        queue_account_email(to_email, subject, body, Purpose.PASSWORD_RESET)
