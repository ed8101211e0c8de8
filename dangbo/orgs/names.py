"""How documents name an org's issuing body and place (Hướng dẫn 36-HD/VPTW; FORMS.md §1): "Đảng bộ huyện Lạc
Dương" signs as Huyện ủy Lạc Dương (HU), dated from Lạc Dương. Pure text rules over the org's name."""

from dataclasses import dataclass


@dataclass(frozen=True)
class IssuingBody:
    name: str  # "Huyện ủy Lạc Dương"
    code: str  # "HU", the issuer part of "05-BC/HU"
    short: str  # "Huyện ủy"


_UNITS = [  # (prefix after "Đảng bộ ", committee word, code); longer prefixes first
    ("thành phố ", "Thành ủy", "TU"), ("thị xã ", "Thị ủy", "TU"),
    ("tỉnh ", "Tỉnh ủy", "TU"), ("huyện ", "Huyện ủy", "HU"), ("quận ", "Quận ủy", "QU"),
]
_COMMUNE_WORDS = ("xã ", "phường ", "thị trấn ")


def committee_of(org_name: str) -> IssuingBody:
    """The committee that signs for an org: "Đảng bộ huyện Lạc Dương" → Huyện ủy Lạc Dương (HU),
    "Đảng bộ xã Đạ Sar" → Đảng ủy xã Đạ Sar (ĐU), a chi bộ signs as itself (CB)."""
    name = " ".join(org_name.split())
    low = name.lower()
    if low.startswith("chi bộ"):
        return IssuingBody(name, "CB", "Chi bộ")
    if low.startswith("đảng bộ "):
        rest = name[len("Đảng bộ "):]
        for prefix, word, code in _UNITS:
            if rest.lower().startswith(prefix):
                return IssuingBody(f"{word} {rest[len(prefix):]}", code, word)
        return IssuingBody(f"Đảng ủy {rest}", "ĐU", "Đảng ủy")
    return IssuingBody(name, "", name)


_SHORTS = ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Chi bộ", "Ban Thường vụ")


def short_of(body: str) -> str:
    """"Huyện ủy Lạc Dương" → "Huyện ủy" (how the report names its own committee: "của Huyện ủy"); "" if unknown."""
    low = " ".join(body.split()).lower()
    return next((s for s in _SHORTS if low.startswith(s.lower())), "")


def place_of(org_name: str) -> str:
    """The place name a document is dated from: "Đảng bộ huyện Lạc Dương" → "Lạc Dương"."""
    low = org_name.lower()
    for word in ("đảng bộ ", "chi bộ "):
        if low.startswith(word):
            rest, rest_low = org_name[len(word):], low[len(word):]
            for prefix in [p for p, _, _ in _UNITS] + list(_COMMUNE_WORDS) + ["thôn ", "tổ dân phố ", "bản "]:
                if rest_low.startswith(prefix):
                    return rest[len(prefix):].strip()
    return ""
