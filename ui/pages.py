"""The one page registry: every page's key, script, title, icon and URL path.

`app.py` builds the navigation from it; tests and benchmarks read it, so a page added here is visited by
every page test, the browser suite and `make bench`. Plain data: importing it does not import Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PageKey = Literal["overview", "councils", "schemes", "check_claim", "map", "upload", "propose", "review", "methodology"]
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Page:
    key: PageKey
    title: str
    icon: str
    default: bool = False

    @property
    def script(self) -> str:
        """The script's path relative to the app's root ('views/overview.py')."""
        return f"views/{self.key}.py"

    @property
    def script_path(self) -> str:
        """The script's absolute path, as AppTest's switch_page wants it."""
        return str(ROOT / self.script)

    @property
    def url_path(self) -> str:
        """The path after the server's address: '' for the default page, else the key."""
        return "" if self.default else self.key


PAGES: tuple[Page, ...] = (
    Page("overview", "Overview", ":material/insights:", default=True),
    Page("councils", "Councils", ":material/account_balance:"),
    Page("schemes", "Schemes", ":material/handshake:"),
    Page("check_claim", "Check a claim", ":material/fact_check:"),
    Page("map", "Map", ":material/map:"),
    Page("upload", "Upload", ":material/upload_file:"),
    Page("propose", "Propose", ":material/edit_note:"),
    Page("review", "Review", ":material/rate_review:"),
    Page("methodology", "Methodology", ":material/menu_book:"),
)
PAGE_BY_KEY: dict[str, Page] = {p.key: p for p in PAGES}


def script_path(key: PageKey) -> str:
    """The absolute path of one page's script."""
    return PAGE_BY_KEY[key].script_path
