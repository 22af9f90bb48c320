"""Every entry of references.bib links to its source (url or doi), and an arXiv entry's link is
its own arXiv abstract page."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _entries() -> dict[str, str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return {m.group(1).strip(): m.group(2) for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S)}


def test_every_reference_links_to_its_source():
    missing = [k for k, body in _entries().items() if not re.search(r"^\s*(url|doi)\s*=", body, re.M | re.I)]
    assert not missing, f"references.bib entries without a url or doi field: {missing}"


def test_arxiv_entries_link_to_their_own_abstract():
    wrong = []
    for key, body in _entries().items():
        arxiv = re.search(r"arXiv:(\d{4}\.\d{4,5})", body)
        url = re.search(r"^\s*url\s*=\s*\{([^}]*)\}", body, re.M)
        if arxiv and url and "arxiv.org" in url.group(1) and arxiv.group(1) not in url.group(1):
            wrong.append(f"{key}: arXiv:{arxiv.group(1)} but url {url.group(1)}")
    assert not wrong, "arXiv ids and urls disagree: " + "; ".join(wrong)
