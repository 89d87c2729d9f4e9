"""What axe-core found on the queue pages and the verdict report: every filter select has a name a screen
reader reads out, and headings go down one level at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise

import pytest

from tests.reports_fixtures import build_report_data


@dataclass
class OpenLabel:
    """A <label> being read: its text so far, its for= target and the selects inside it."""

    target: str | None
    text: list[str] = field(default_factory=list)
    selects: list[dict[str, str]] = field(default_factory=list)


class Controls(HTMLParser):
    """The page's <select> elements with the text of their label (wrapping it, or <label for=...>), and the
    levels of its headings in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.selects: list[dict[str, str]] = []
        self.headings: list[int] = []
        self.labels_for: dict[str, str] = {}
        self._open: list[OpenLabel] = []
        self._in_option = False

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "label":
            self._open.append(OpenLabel(attributes.get("for")))
        elif tag == "select":
            self.selects.append(attributes)
            if self._open:
                self._open[-1].selects.append(attributes)
        elif tag == "option":
            self._in_option = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "option":
            self._in_option = False
        elif tag == "label" and self._open:
            label = self._open.pop()
            text = " ".join("".join(label.text).split())
            for select in label.selects:
                select["label"] = text
            if label.target:
                self.labels_for[label.target] = text

    def handle_data(self, data):
        if self._open and not self._in_option:
            self._open[-1].text.append(data)

    def names(self) -> dict[str, str]:
        """Each select (by its name) with the text a screen reader reads as its name."""
        return {
            select.get("name", "?"): (
                select.get("aria-label") or select.get("label") or self.labels_for.get(select.get("id", ""), "")
            )
            for select in self.selects
        }


def parse(page: str) -> Controls:
    controls = Controls()
    controls.feed(page)
    return controls


def test_every_select_of_the_search_page_has_a_label(reviewer_client, demo_article):
    page = reviewer_client.get("/search?q=missiles")
    assert page.status_code == 200
    names = parse(page.get_data(as_text=True)).names()
    assert names == {
        "kind": "In",
        "status": "Sourcing",
        "state": "Review state",
        "rating": "Rating",
        "outlet": "Outlet",
    }


@pytest.mark.parametrize("path", ["/queue/mine", "/queue/unassigned", "/queue/approval"])
def test_every_filter_select_of_the_queues_has_a_label(editor_client, demo_article, path):
    page = editor_client.get(path)
    assert page.status_code == 200
    names = parse(page.get_data(as_text=True)).names()
    assert {"status", "rating"} <= set(names)
    assert all(label.strip() for label in names.values()), names
    assert names["status"] == "Sourcing" and names["rating"] == "Rating"


def test_the_filter_select_labels_are_the_fields_names():
    controls = parse('<label>State <select name="state"><option>any state</option></select></label>')
    assert controls.names() == {"state": "State"}  # the options are not the label
    assert parse('<label><select name="state"><option>any state</option></select></label>').names() == {"state": ""}


def heading_skips(levels: list[int]) -> list[tuple[int, int]]:
    """Each place a heading goes down more than one level (h1 then h3)."""
    return [(before, after) for before, after in pairwise(levels) if after > before + 1]


def test_the_verdict_report_headings_go_down_one_level_at_a_time(app, editor_client, demo_article):
    data = build_report_data(app, demo_article)
    page = editor_client.get(f"/reports/verdicts?article={data.article_id}").get_data(as_text=True)
    levels = parse(page).headings
    assert levels[0] == 1 and levels.count(3) >= 3  # the page, then one heading per verdict
    assert heading_skips(levels) == []
    assert heading_skips([1, 3]) == [(1, 3)]
