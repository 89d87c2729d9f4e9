"""A horizontal bar chart of claims by sourcing status, drawn as SVG on the server (no JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from factcheck.vocabulary import ANALYSED_STATUSES, Status, status_name

# The same colours as the article page's highlights, a shade darker so the bars read on white and in print.
STATUS_COLOURS: dict[str, str] = {
    Status.SOURCED: "#4caf6a",
    Status.UNVERIFIED_NAMED: "#e0604f",
    Status.ANONYMOUS: "#e8a93a",
    Status.HEDGED: "#a66fd0",
    Status.UNATTRIBUTED: "#8a93a3",
    Status.NOT_ANALYSED: "#c2b59b",
}
LABEL_WIDTH = 220
BAR_WIDTH = 300
VALUE_WIDTH = 110
ROW_HEIGHT = 28


def status_chart(counts: Mapping[str, int], title: str = "Claims by sourcing status") -> Markup:
    """An accessible SVG bar chart: one bar per status with its count and share written beside it."""
    statuses = [s for s in ANALYSED_STATUSES if s in counts] + [s for s in counts if s not in ANALYSED_STATUSES]
    total = sum(counts.values())
    top = max(counts.values(), default=0)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * len(statuses) + 8
    summary = "; ".join(f"{status_name(s)}: {counts[s]} ({_share(counts[s], total)})" for s in statuses)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="status-chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}: {escape(summary)}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(summary)}</desc>",
    ]
    for row, status in enumerate(statuses):
        count = counts[status]
        y = 4 + row * ROW_HEIGHT
        length = round(BAR_WIDTH * count / top) if top else 0
        colour = STATUS_COLOURS.get(status, "#8a93a3")
        label = status_name(status)
        parts.append(
            f'<g class="bar bar-{escape(status)}">'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end" fill="#1d2330">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="{ROW_HEIGHT - 8}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 18}" fill="#1d2330">'
            f"{count} ({_share(count, total)})</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text above is escaped


def _share(count: int, total: int) -> str:
    return f"{count / total:.0%}" if total else "0%"
