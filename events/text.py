"""Text folding shared by the pipeline, the models and the importers (no Django: the pure pipeline imports it)."""

import hashlib
import re
import unicodedata

from negotiations.text import normalize_name

__all__ = ["fold_statement_text", "normalize_name", "statement_text_key", "words"]

_QUOTES = str.maketrans(
    {c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"} | {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032`"}
)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})


def fold_statement_text(text: str) -> str:
    """Fold whitespace, quote characters, case and trailing punctuation: the same words compare equal."""
    value = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).translate(_DASHES)
    value = value.replace('"', "")
    value = " ".join(value.split()).casefold()
    return value.strip(" .,;:!?'\"-")


def statement_text_key(text: str) -> str:
    return hashlib.sha1(fold_statement_text(text).encode("utf-8")).hexdigest()


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())
