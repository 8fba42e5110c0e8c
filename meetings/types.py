"""Meeting type codes of the Meeting Guide format and their plain-language names.

Feeds send codes; people should only ever see the names. `TYPES` holds every code of the
format's list (code4recovery's Meeting Guide specification, its "Meeting Types" table, 76
codes) and the older "ONL" (online) that many feeds still send. A code that is not listed is
kept on the meeting (areas may add their own) and shown as the code itself.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TYPES: dict[str, Promise] = {
    "11": _("11th Step Meditation"),
    "12x12": _("12 Steps & 12 Traditions"),
    "A": _("Secular"),
    "ABSI": _("As Bill Sees It"),
    "AL": _("Concurrent with Alateen"),
    "AL-AN": _("Concurrent with Al-Anon"),
    "AM": _("Amharic"),
    "ASL": _("American Sign Language"),
    "B": _("Big Book"),
    "BA": _("Babysitting Available"),
    "BE": _("Newcomer"),
    "BI": _("Bisexual"),
    "BRK": _("Breakfast"),
    "C": _("Closed"),
    "CAN": _("Candlelight"),
    "CF": _("Child-Friendly"),
    "D": _("Discussion"),
    "DA": _("Danish"),
    "DB": _("Digital Basket"),
    "DD": _("Dual Diagnosis"),
    "DE": _("German"),
    "DR": _("Daily Reflections"),
    "EL": _("Greek"),
    "EN": _("English"),
    "FA": _("Persian"),
    "FF": _("Fragrance Free"),
    "FR": _("French"),
    "G": _("Gay"),
    "GR": _("Grapevine"),
    "H": _("Birthday"),
    "HE": _("Hebrew"),
    "HI": _("Hindi"),
    "HR": _("Croatian"),
    "HU": _("Hungarian"),
    "ITA": _("Italian"),
    "JA": _("Japanese"),
    "KOR": _("Korean"),
    "L": _("Lesbian"),
    "LGBTQ": _("LGBTQ"),
    "LIT": _("Literature"),
    "LS": _("Living Sober"),
    "LT": _("Lithuanian"),
    "M": _("Men"),
    "MED": _("Meditation"),
    "ML": _("Malayalam"),
    "N": _("Native American"),
    "NB": _("Non-Binary"),
    "NDG": _("Indigenous"),
    "NO": _("Norwegian"),
    "O": _("Open"),
    "OUT": _("Outdoor"),
    "P": _("Professionals"),
    "POA": _("Proof of Attendance"),
    "POC": _("People of Color"),
    "POL": _("Polish"),
    "POR": _("Portuguese"),
    "PUN": _("Punjabi"),
    "RUS": _("Russian"),
    "S": _("Spanish"),
    "SEN": _("Seniors"),
    "SK": _("Slovak"),
    "SM": _("Smoking Permitted"),
    "SP": _("Speaker"),
    "ST": _("Step Study"),
    "SV": _("Swedish"),
    "T": _("Transgender"),
    "TC": _("Location Temporarily Closed"),
    "TH": _("Thai"),
    "TL": _("Tagalog"),
    "TR": _("Tradition Study"),
    "UK": _("Ukrainian"),
    "W": _("Women"),
    "X": _("Wheelchair Access"),
    "XB": _("Wheelchair-Accessible Bathroom"),
    "XT": _("Cross Talk Permitted"),
    "Y": _("Young People"),
    "ONL": _("Online Meeting"),
}

# Offered as checkboxes in the finder: the ones people most often ask for.
COMMON = ["O", "C", "BE", "D", "SP", "B", "ST", "W", "M", "Y", "LGBTQ", "S", "X", "ASL"]

TEMPORARILY_CLOSED = "TC"
ONLINE = "ONL"


def label(code: str) -> str:
    name = TYPES.get(code)
    return code if name is None else str(name)


def labels(codes: list[str]) -> list[str]:
    return [label(code) for code in codes]
