from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# A read by staff in the Django admin: "<what was read> (read by staff in the admin)".
STAFF_READ = gettext_noop("%(what)s (read by staff in the admin)")
STAFF_SUFFIX = STAFF_READ.removeprefix("%(what)s")


def shown(what: str) -> str:
    """One thing read ("check-in status"), in the active language. What is read is stored
    in the site's language, named at the read with `gettext_noop`, and translated here, so
    the client reads it in their own language whoever read it. A label followed by a name
    ("sober event: Beach day") has its label translated and its name kept as written."""
    if what.endswith(STAFF_SUFFIX) and what != STAFF_SUFFIX:
        return gettext(STAFF_READ) % {"what": shown(what.removesuffix(STAFF_SUFFIX))}
    translated = gettext(what) if what else what
    label, colon, name = what.partition(": ")
    if translated == what and colon:
        return f"{gettext(label)}: {name}"
    return translated


def staff_read(what: str) -> str:
    """What the access log stores for a read by staff in the admin (shown by `shown`)."""
    return STAFF_READ % {"what": what}


class AccessLog(models.Model):
    """One row per read of a client's data by someone other than the client."""

    class Channel(models.TextChoices):
        WEB = "web", _("web")
        API = "api", _("API")
        FEED = "feed", _("calendar feed")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    viewer_name = models.CharField(max_length=80)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    # Everything read in one visit: "circle overview, sobriety count, check-in status".
    what = models.CharField(max_length=500)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "-at"], name="accesslog_client_at")]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer_name} saw {self.what} of {self.client_id} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def shown_what(self) -> str:
        """What was read, in the reader's language (see `shown`)."""
        return ", ".join(shown(part) for part in self.what.split(", "))
