"""The CX agents' triage page: one self-contained HTML file (inline style and script), no build step.

The page holds no data and needs no key to load; the agent types an API key (scope `triage`) into it, kept in
sessionStorage for the tab's life, and the script calls `GET /v1/triage` and `PATCH /v1/triage/{item_id}`.
Customer texts are inserted as text nodes only (never as HTML), and the Content-Security-Policy admits exactly the
page's own inline script and style (by hash), so a complaint cannot run code in an agent's browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from importlib import resources

_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


@lru_cache(maxsize=1)
def triage_page_html() -> str:
    """The queue page."""
    return resources.files(__package__).joinpath("triage.html").read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"
    )


@lru_cache(maxsize=1)
def triage_page_headers() -> dict[str, str]:
    """Security headers for the page: a CSP allowing only its own inline blocks, and no framing or sniffing."""
    blocks = _INLINE.findall(triage_page_html())
    scripts = " ".join(_hash(body) for kind, body in blocks if kind == "script")
    styles = " ".join(_hash(body) for kind, body in blocks if kind == "style")
    policy = (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
