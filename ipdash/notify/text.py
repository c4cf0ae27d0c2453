"""A message's words in its subscription's language: title, the lines every message carries (target,
area, old → new status, latest actual, P(meet)), the link to the target's page, and the same as
plain text, markdown (企业微信, 钉钉) and HTML (email). Texts are ``ntf.*`` strings (no streamlit).

The link is ``IPDASH_BASE_URL`` + the page the app itself links to, with the parameters the
overview's tiles put there (``ui.tiles.detail_href``): ``/detail?lang=en&det_target=PD24-01``."""

from __future__ import annotations

import math
import os
from html import escape
from urllib.parse import urlencode

from ipdash import fmt, i18n, status_meta
from ipdash.frames import milestones as mst_frames
from ipdash.notify.model import Event, Message
from ipdash.status_meta import MILESTONE_META
from ipdash.strings import units

DEFAULT_BASE_URL = "http://localhost:8501"
TARGET_KINDS = ("status_change", "pmeet_drop")


def base_url() -> str:
    """``IPDASH_BASE_URL`` without its trailing slash (the address people open the app at)."""
    return (os.environ.get("IPDASH_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def link(event: Event, lang: str, base: str | None = None) -> str:
    """The page of the event's target: the detail page of a target, the page of the other kinds."""
    params: dict[str, str] = {}
    if lang != "zh":
        params["lang"] = lang
    if event.page == "detail":
        params["det_target"] = event.target_id
    query = f"?{urlencode(params)}" if params else ""
    return f"{base_url() if base is None else base.rstrip('/')}/{event.page}{query}"


def target_name(event: Event, lang: str) -> str:
    return i18n.t("ntf.target_name", lang, indicator=event.name(lang), target=event.target_id)


def status_text(status: str, kind: str, lang: str) -> str:
    """Icon and word of a status (never colour alone): a target's, or a task's for the task kinds."""
    if kind in TARGET_KINDS or status not in MILESTONE_META:
        icon = status_meta.STATUS_META.get(status, {}).get("icon", "")
        return f"{icon} {status_meta.status_label(status, lang)}".strip()
    return mst_frames.status_text(status, lang)


def title(event: Event, lang: str) -> str:
    """The message's one-line title (the email's subject, the 钉钉 title): target and what happened."""
    return i18n.t(
        f"ntf.title.{event.kind}",
        lang,
        target=target_name(event, lang),
        old=status_text(event.old_status, event.kind, lang),
        new=status_text(event.new_status, event.kind, lang),
        before=fmt.fmt_pct(event.p_meet_before, lang),
        after=fmt.fmt_pct(event.p_meet_after, lang),
    )


def lines(event: Event, lang: str) -> list[str]:
    """What every message says: target, area, old → new status, then the latest actual and P(meet)
    (a target) or the lead departments (a task)."""
    out = [
        i18n.t("ntf.line.target", lang, value=target_name(event, lang)),
        i18n.t("ntf.line.area", lang, value=event.area_name(lang)),
        i18n.t(
            "ntf.line.status",
            lang,
            old=status_text(event.old_status, event.kind, lang),
            new=status_text(event.new_status, event.kind, lang),
        ),
    ]
    if event.kind in TARGET_KINDS:
        if math.isnan(event.latest_value):
            out.append(i18n.t("ntf.line.latest_none", lang))
        else:
            value = fmt.fmt_value(event.latest_value, event.unit, lang)
            out.append(i18n.t("ntf.line.latest", lang, value=value, year=event.latest_year or fmt.DASH))
        out.append(
            i18n.t(
                "ntf.line.p_meet",
                lang,
                before=fmt.fmt_pct(event.p_meet_before, lang),
                after=fmt.fmt_pct(event.p_meet_after, lang),
            )
        )
    elif event.departments:
        sep = units.LIST_SEP if lang == "zh" else ", "
        out.append(i18n.t("ntf.line.departments", lang, value=sep.join(event.departments)))
    return out


def plain(msg: Message, base: str | None = None) -> str:
    """The message as plain text (the email's text part, the webhook's ``text``)."""
    lang = msg.subscription.lang
    body = [title(msg.event, lang), "", *lines(msg.event, lang), ""]
    body += [i18n.t("ntf.link_line", lang, url=link(msg.event, lang, base)), ""]
    body += [i18n.t("ntf.footer", lang, name=msg.subscription.name)]
    return "\n".join(body)


def markdown(msg: Message, base: str | None = None) -> str:
    """The message as the markdown 企业微信 and 钉钉 robots show: bold title, one line each, the link.
    Names come from the reviewed catalog and are written as they are (the robots know no escapes)."""
    lang = msg.subscription.lang
    parts = [f"**{title(msg.event, lang)}**", ""]
    parts += [f"- {line}" for line in lines(msg.event, lang)]
    parts += ["", f"[{i18n.t('ntf.link', lang)}]({link(msg.event, lang, base)})"]
    return "\n".join(parts)


def html(msg: Message, base: str | None = None, chart_cid: str | None = None) -> str:
    """The message as the email's HTML part; ``chart_cid``: the inline chart's Content-ID, if any."""
    lang = msg.subscription.lang
    ev = msg.event
    items = "".join(f"<li>{escape(line)}</li>" for line in lines(ev, lang))
    img = ""
    if chart_cid:
        alt = escape(i18n.t("ntf.chart_alt", lang, target=target_name(ev, lang)))
        img = f'<p><img src="cid:{escape(chart_cid)}" alt="{alt}" style="max-width:100%"></p>'
    href = escape(link(ev, lang, base))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
        f"<h2>{escape(title(ev, lang))}</h2><ul>{items}</ul>{img}"
        f'<p><a href="{href}">{escape(i18n.t("ntf.link", lang))}</a></p>'
        f"<p><small>{escape(i18n.t('ntf.footer', lang, name=msg.subscription.name))}</small></p></body></html>"
    )
