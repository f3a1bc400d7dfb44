"""How many author labels of the labelled pages are the page's own site or organisation, and
how many of the archive's misses are of that kind, on development and held-out pages: totals
only, no page is printed (the held-out pages are never listed one by one).

A label counts as the site's own name when, letters and digits only, case and accents aside,
it equals, contains or is contained in (four letters at least) the page's ``og:site_name``,
``application-name``, ``publisher`` or ``copyright`` meta, a JSON-LD publisher's or
organisation's name, or its domain's name. The archive never gives those as authors (issue 20
calls organisations given as authors a defect), so this says how much of the author score
is bounded by them. ``python -m bench.extraction_site_labels``; a benchmark, not a test."""
from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import urlsplit

import lxml.html

from bench.extraction import DEFAULT_DEV_DATA as DATA
from bench.extraction_metadata import _archive, found, held_out, load_labelled, names_key, run_row

ORGANISATIONS = ("Organization", "NewsMediaOrganization", "WebSite", "Corporation")


def norm(t: str) -> str:
    """Letters and digits only, case and accents aside."""
    t = unicodedata.normalize("NFKD", t).casefold()
    return re.sub(r"[^a-z0-9\u0100-\uffff]+", "", "".join(c for c in t if not unicodedata.combining(c)))


def site_names(page) -> set[str]:
    """The page's own names for its site or organisation (see the module's docstring)."""
    names = set()
    try:
        tree = lxml.html.fromstring(page.raw)
    except (ValueError, lxml.etree.ParserError):
        return names
    metas = '//meta[@property="og:site_name" or @name="application-name" or @name="publisher" or @name="copyright"]'
    for m in tree.xpath(metas + '/@content'):
        names.add(norm(m))
    for s in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(s)
        except ValueError:
            continue
        stack = [data]
        while stack:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
                continue
            if not isinstance(x, dict):
                continue
            kinds = x.get("@type") if isinstance(x.get("@type"), list) else [x.get("@type")]
            if any(kind in ORGANISATIONS for kind in kinds) and isinstance(x.get("name"), str):
                names.add(norm(x["name"]))
            publisher = x.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                names.add(norm(publisher["name"]))
            stack.extend(v for v in x.values() if isinstance(v, (dict, list)))
    host = urlsplit(page.url).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m")]
    if len(parts) >= 2:
        names.add(norm(parts[-2]))
    names.discard("")
    return names


def main() -> None:
    """Print, for development and held-out pages, the totals."""
    pages = [p for p in load_labelled(DATA) if p.gold.get("author")]
    outputs = run_row(_archive, None, pages)
    for split in (False, True):
        total = site = miss = miss_site = 0
        for page, output in zip(pages, outputs):
            if held_out(page.url) != split or not names_key(page.gold["author"]):
                continue
            total += 1
            label = norm(" ".join(names_key(page.gold["author"])))
            own = site_names(page)
            is_site = label in own or any(label and (label in n or n in label) and min(len(n), len(label)) >= 4
                                          for n in own)
            site += is_site
            if names_key(found(output)["author"]) != names_key(page.gold["author"]):
                miss += 1
                miss_site += is_site
        print("held out" if split else "development",
              dict(labelled=total, site_name_labels=site, misses=miss, misses_that_are_site_names=miss_site,
                   exact_without_site_labels=f"{total - miss - (site - miss_site)}/{total - site}"))


if __name__ == "__main__":
    main()
