"""Text helpers of the domain that need no Django: the models, the pipeline and the importers share them."""

import unicodedata
from functools import lru_cache


# Cached: a report's writer and the gazetteer fold the same names hundreds of times.
@lru_cache(maxsize=65536)
def normalize_name(value: str) -> str:
    """Fold case, accents and punctuation so that Erdoğan and ERDOGAN compare equal."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters that NFKD does not decompose.
    stripped = stripped.replace("ı", "i").replace("ø", "o").replace("ß", "ss").replace("đ", "d").replace("ł", "l")
    cleaned = "".join(ch if ch.isalnum() else " " for ch in stripped.casefold())
    return " ".join(cleaned.split())
