"""Vietnamese text: accent/đ folding for search and the Vietnamese collation for names.

Collation follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y)
with tones as a secondary key in the dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
"""

import re
import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
# Combining marks that carry a tone, in dictionary order (ngang = no mark = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that belong to the letter itself (ă â ê ô ơ ư).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ to d: "Đặng Thị Ánh" -> "dang thi anh"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def word_prefix_pattern(query: str) -> str:
    """A LIKE pattern matching texts whose words start with the query's words, in that order, accents and đ
    folded: "nguyen van an" -> "% nguyen% van% an%", to test against " " + the folded text (so the first word
    may start the text). "" when the query has no word. LIKE's own wildcards and escape are dropped from the
    words, so the pattern needs no ESCAPE clause on either database.
    """
    words = [w for w in (re.sub(r"[%_\\]", "", w) for w in fold(query).split()) if w]
    return "".join(f"% {w}" for w in words) + "%" if words else ""


def _letters(word: str) -> list[tuple[str, int]]:
    """Split a word into (base letter of the Vietnamese alphabet, tone) pairs."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if out:
                out[-1] = (out[-1][0], _TONES[ch])
        elif unicodedata.combining(ch):
            if out and (out[-1][0], ch) in _LETTER_MARKS:
                out[-1] = (_LETTER_MARKS[(out[-1][0], ch)], out[-1][1])
        else:
            out.append((ch, 0))
    return out


def collation_key(text: str) -> str:
    """A string of digits whose order is the Vietnamese dictionary order of ``text``.

    Stored in a column so the database sorts names the Vietnamese way with an ordinary index. Digits only,
    because every database collation (SQLite binary, PostgreSQL C or ICU/glibc vi_VN, en_US) orders digit
    strings the same way, while punctuation and control characters are ignored or moved by some of them.
    Layout: two digits per letter (10…), "01" between words, then "00" and one digit per tone. The end mark
    sorts before the word mark, and both before every letter, so a text that is a prefix of another, word for
    word, comes first: "Lê" before "Lê Đức", hence Lê Anh before Lê Đức Anh (see ``name_sort_key``).
    """
    primary: list[str] = []
    tones: list[str] = []
    for word in (text or "").split():
        letters, marks = _word_key(word)
        if primary:
            primary.append("01")
        if letters:
            primary.append(letters)
        tones.append(marks)
    return "".join(primary) + "00" + "".join(tones)


@lru_cache(maxsize=65_536)
def _word_key(word: str) -> tuple[str, str]:
    """One word's letters and tones for ``collation_key``: names are drawn from a few thousand words, so an
    import of 100.000 members computes each word once."""
    primary: list[str] = []
    tones: list[str] = []
    for base, tone in _letters(word):
        rank = _RANK.get(base)
        primary.append(f"{rank + 10:02d}" if rank is not None else "99")
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def split_full_name(full_name: str) -> tuple[str, str]:
    """Vietnamese name order: family and middle names first, given name (tên) last."""
    parts = " ".join((full_name or "").split()).split(" ")
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def name_sort_key(full_name: str) -> str:
    """Sort by tên, then họ and tên đệm — the order of every Vietnamese list of people."""
    family_middle, given = split_full_name(full_name)
    return collation_key(given) + "02" + collation_key(family_middle)
