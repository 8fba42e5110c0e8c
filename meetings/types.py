"""Meeting type codes of the Meeting Guide format and their plain-language names.

Feeds send codes; people should only ever see the names. A code that is not listed here is
kept on the meeting (areas may add their own) and shown as the code itself.
"""

from __future__ import annotations

TYPES: dict[str, str] = {
    "11": "11th Step Meditation",
    "12x12": "12 Steps & 12 Traditions",
    "A": "Secular",
    "ABSI": "As Bill Sees It",
    "AL": "Concurrent with Alateen",
    "AL-AN": "Concurrent with Al-Anon",
    "ASL": "American Sign Language",
    "B": "Big Book",
    "BA": "Babysitting Available",
    "BE": "Newcomer",
    "BI": "Bisexual",
    "BRK": "Breakfast",
    "C": "Closed",
    "CAN": "Candlelight",
    "CF": "Child-Friendly",
    "D": "Discussion",
    "DB": "Digital Basket",
    "DD": "Dual Diagnosis",
    "DR": "Daily Reflections",
    "EN": "English",
    "FF": "Fragrance Free",
    "FR": "French",
    "G": "Gay",
    "GR": "Grapevine",
    "H": "Birthday",
    "L": "Lesbian",
    "LGBTQ": "LGBTQ",
    "LIT": "Literature",
    "LS": "Living Sober",
    "M": "Men",
    "MED": "Meditation",
    "N": "Native American",
    "NB": "Non-Binary",
    "NDG": "Indigenous",
    "O": "Open",
    "ONL": "Online",
    "OUT": "Outdoor",
    "P": "Professionals",
    "POC": "People of Color",
    "S": "Spanish",
    "SEN": "Seniors",
    "SM": "Smoking Permitted",
    "SP": "Speaker",
    "ST": "Step Study",
    "T": "Transgender",
    "TC": "Location Temporarily Closed",
    "TR": "Tradition Study",
    "W": "Women",
    "X": "Wheelchair Access",
    "XB": "Wheelchair-Accessible Bathroom",
    "XT": "Cross Talk Permitted",
    "Y": "Young People",
}

# Offered as checkboxes in the finder: the ones people most often ask for.
COMMON = ["O", "C", "BE", "D", "SP", "B", "ST", "W", "M", "Y", "LGBTQ", "S", "X", "ASL"]

TEMPORARILY_CLOSED = "TC"
ONLINE = "ONL"


def label(code: str) -> str:
    return TYPES.get(code, code)


def labels(codes: list[str]) -> list[str]:
    return [label(code) for code in codes]
