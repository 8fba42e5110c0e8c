from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import (
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignUpForm,
    TokenForm,
)
from accounts.models import User
from circle.policy import PUBLIC, SELF, access_rule
from ratelimits.services import RateLimited, check_request
from recoverycircle import once, registry
from recoverycircle.errors import form_page, page_message, with_retry_after
from recoverycircle.typing import AuthedHttpRequest


def safe_next(request: AuthedHttpRequest, fallback: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return str(reverse_lazy(fallback))


@access_rule(PUBLIC)
def sign_up(request: AuthedHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_request("signup", request, account=data["email"])
        except RateLimited as limited:
            context = {"next": safe_next(request)}
            return form_page(request, "accounts/signup.html", form, limited, context)
        # The same answer whether or not the address has an account (no login here: that
        # would tell): the owner of a known address gets an e-mail instead.
        services.request_sign_up(
            data["email"],
            data["password1"],
            data["display_name"],
            data["time_zone"],
            # The language the sign-up page was shown in (the browser's, when it is offered).
            language=translation.get_language(),
        )
        # The zone chosen in the form, confirmed whether or not the address was new (it tells
        # nothing about accounts), so a wrong guess is caught before the first reminder.
        messages.info(
            request,
            _(
                "Your time zone is %(zone)s: reminders and check-in deadlines follow its clock. "
                "You can change it in your profile."
            )
            % {"zone": data["time_zone"].replace("_", " ")},
        )
        return redirect(
            f"{reverse('accounts:signup_sent')}?{urlencode({'next': safe_next(request)})}"
        )
    return render(request, "accounts/signup.html", {"form": form, "next": safe_next(request)})


@access_rule(PUBLIC)
def sign_up_sent(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"next": safe_next(request)})


@access_rule(PUBLIC)
def verify_email(request: AuthedHttpRequest, token: str) -> HttpResponse:
    user = services.verify_email(token)
    if user is None:
        messages.error(request, _("That confirmation link is not valid any more. Send a new one."))
    else:
        messages.success(request, _("Thank you, your e-mail address is confirmed."))
    return redirect("home" if request.user.is_authenticated else "accounts:login")


@access_rule(SELF)
@login_required
@require_POST
def resend_verification(request: AuthedHttpRequest) -> HttpResponse:
    if request.user.email_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
        return redirect("accounts:profile")
    try:
        check_request("verification", request, account=request.user.pk)
    except RateLimited as limited:
        page_message(request, limited)
        page = render(request, "accounts/profile.html", profile_context(request), status=429)
        return with_retry_after(page, limited)
    services.send_verification(request.user)
    messages.success(
        request, _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email}
    )
    return redirect("accounts:profile")


@access_rule(SELF)
@login_required
@never_cache  # right after a new token, the page carries its secret
def profile(request: AuthedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if "time_zone" in form.changed_data:
            # E.g. the check-in due time stays the same on the wall clock in the new zone.
            registry.time_zone_changed(request.user)
        # In the language just chosen: it takes effect from this very answer.
        translation.activate(request.user.language)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    new = once.take(request, "api-token") if request.method == "GET" else None
    return render(
        request,
        "accounts/profile.html",
        profile_context(
            request, form=form, new_token_name=new and new["name"], new_secret=new and new["secret"]
        ),
    )


def profile_context(request: AuthedHttpRequest, **extra: object) -> dict[str, object]:
    context: dict[str, object] = {
        "form": ProfileForm(instance=request.user),
        "token_form": TokenForm(),
        "tokens": request.user.api_tokens.all(),
    }
    context.update(extra)
    return context


@access_rule(SELF)
@login_required
@require_POST
def create_token(request: AuthedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(
            request, "accounts/profile.html", profile_context(request, token_form=form), status=400
        )
    token, secret = services.create_api_token(request.user, form.cleaned_data["name"])
    # Shown once on the page we redirect to, so a reload cannot make a second token; the
    # database keeps only its hash.
    once.keep_for_next_page(request, "api-token", {"name": token.name, "secret": secret})
    return redirect(f"{reverse('accounts:profile')}#tokens")


@access_rule(SELF)
@login_required
@require_POST
def revoke_token(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    if services.revoke_api_token(request.user, token_id):
        messages.success(request, _("The token is revoked; scripts using it stop working now."))
    else:
        messages.error(request, _("That token does not exist or was already revoked."))
    return redirect("accounts:profile")


login_view = access_rule(PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout_view = access_rule(PUBLIC)(auth_views.LogoutView.as_view())


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:
        try:
            check_request("password_reset", self.request, account=form.cleaned_data["email"])
        except RateLimited as limited:
            return form_page(self.request, str(self.template_name), form, limited)
        return super().form_valid(form)


password_reset = access_rule(PUBLIC)(
    RateLimitedPasswordResetView.as_view(
        form_class=QueuedPasswordResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
        extra_email_context={"site_url": settings.SITE_URL},
    )
)
password_reset_done = access_rule(PUBLIC)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        # The link proved the person reads the account's mail, so a login lockout ends here,
        # as the lockout page promises.
        axes_reset(username=form.user.get_username())
        return response


password_reset_confirm = access_rule(PUBLIC)(
    PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:login"),
        post_reset_login=False,
    )
)
