"""Streamlit side of the meeting view (会议模式): the page's slide preview with previous / next, the
presenter view (the slide is the whole screen, no app chrome, keys), and the deck export.

- State in the URL, as codes (``ui.bind``): ``slide`` (1-based; a reload stays on its slide) and
  ``present`` (the presenter view), beside the page's own options (areas, order, as-of, since).
- Keys: a small ``st.components.v2`` component listens to ``keydown`` on the page (Streamlit has no
  page key events): → / Space / PageDown next, ← / PageUp previous, Home / End first / last, Esc
  leaves the presenter view. Keys typed into a field are left alone.
- The presenter view hides Streamlit's header, navigation, sidebar and toolbar with static CSS and
  fixes the slide to the viewport; a bar with the way back appears on hover (and for a few seconds
  on entry). Type: one base size ``max(24px, min(1.757vw, 3.125vh))`` — 24 px at 1366×768, 34 px
  at 1920×1080 — and everything in ``em`` of it.
The slides themselves: ``ipdash.ui.slide_view``; the deck: ``ipdash.deck``.
"""

from __future__ import annotations

import streamlit as st

from ipdash import i18n, ui
from ipdash.frames import meeting
from ipdash.frames.slide_spec import SlideSpec
from ipdash.settings import ViewSettings
from ipdash.ui import deck_export, slide_view

SLIDE, PRESENT = "slide", "present"
KEYS_JS = """
export default function (component) {
  const { data, setTriggerValue } = component
  const acts = {ArrowRight: "next", " ": "next", PageDown: "next", ArrowLeft: "prev", PageUp: "prev",
                Home: "first", End: "last", Escape: "exit"}
  const handler = (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return
    const t = e.target
    if (t && t.closest && t.closest('input, textarea, select, [contenteditable="true"], [role="listbox"]')) return
    const act = acts[e.key]
    if (!act || (act === "exit" && !data.present)) return
    e.preventDefault()
    e.stopPropagation()
    setTriggerValue("key", act)
  }
  if (window.__ipdashSlideKeys) document.removeEventListener("keydown", window.__ipdashSlideKeys, true)
  window.__ipdashSlideKeys = handler
  document.addEventListener("keydown", handler, true)
  return () => {
    document.removeEventListener("keydown", handler, true)
    if (window.__ipdashSlideKeys === handler) window.__ipdashSlideKeys = null
  }
}
"""
_KEYS = st.components.v2.component("ipdash_slide_keys", html="<span hidden></span>", js=KEYS_JS)

# Static CSS only (never user content), scoped to this page's keyed containers.
CSS = """<style>
div.st-key-meet_slide { --base: 22px; font-size: var(--base); border: 1px solid #d5d9e0; border-radius: .5rem;
  padding: .6em 1em; gap: .35em !important; background: #fff; overflow: hidden; }
.st-key-meet_slide h1 { font-size: 2.3em !important; line-height: 1.2 !important;
  padding: 1.2em 0 .3em !important; margin: 0; }
.st-key-meet_slide h2 { font-size: 1.45em !important; line-height: 1.2 !important; padding: 0 !important;
  margin: 0 !important; }
.st-key-meet_slide [data-testid="stHeading"],
  .st-key-meet_slide [data-testid="stElementContainer"] { margin: 0 !important; }
.st-key-meet_slide [data-testid="stMarkdownContainer"], .st-key-meet_slide [data-testid="stHtml"] {
  font-size: var(--base) !important; margin: 0 !important; }
.st-key-meet_slide p, .st-key-meet_slide td, .st-key-meet_slide th { font-size: 1em; line-height: 1.28; margin: 0; }
.st-key-meet_slide .pres-sub { color: #4a4f57; }
.st-key-meet_slide .pres-cover p { font-size: 1.15em; color: #3d434c; margin-bottom: .25em; }
.st-key-meet_slide .pres-note { margin: .2em 0; }
.st-key-meet_slide .pres-muted { color: #4a4f57; margin-top: .35em; }
.st-key-meet_slide .pres-status { font-size: 1.3em; font-weight: 700; margin-bottom: .25em; }
.st-key-meet_slide .pres-foot { color: #4a4f57; }
.pres-table { width: 100%; border-collapse: collapse; table-layout: auto; }
.pres-table th { background: #1f4e9c; color: #fff; text-align: left; font-weight: 700; padding: .2em .4em;
  word-break: keep-all; overflow-wrap: normal; vertical-align: bottom; }
.pres-table td { padding: .2em .4em; vertical-align: top; color: #222; border-bottom: 1px solid #e3e6ec; }
.pres-table .nowrap { white-space: nowrap; }
.st-key-meet_slide > [data-testid="stLayoutWrapper"]:has(> .st-key-meet_body) { flex: 1 1 0 !important;
  min-height: 0 !important; }
div.st-key-meet_body { height: 100%; min-height: 0; flex-wrap: nowrap !important; }
.st-key-meet_body > [data-testid="stLayoutWrapper"]:has(> .st-key-meet_chart_box) { flex: 11 1 0 !important;
  min-width: 0 !important; height: 100%; }
.st-key-meet_body > [data-testid="stElementContainer"]:has(.pres-text) { flex: 9 1 0 !important;
  min-width: 0 !important; width: auto !important; }
div.st-key-meet_chart_box { height: 100%; }
.st-key-meet_slide [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) { flex: 1 1 0 !important;
  min-height: 0 !important; height: auto !important; }
.st-key-meet_slide [data-testid="stPlotlyChart"] { height: 100% !important; }
.st-key-meet_body .pres-text { flex: 1 1 0; }
.st-key-meet_slide > [data-testid="stLayoutWrapper"]:has(> .st-key-meet_foot) { margin-top: auto; }
.st-key-meet_counter p { font-size: 1.5rem; font-weight: 600; margin: 0; }
.st-key-meet_keys { display: none !important; }
</style>"""
SLIDE_PREVIEW_CSS = """<style>
div.st-key-meet_slide { flex: 0 0 auto !important; height: min(46.8vw, calc(100vh - 9rem)) !important;
  min-height: 30rem; }
</style>"""
PRESENT_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
div.st-key-meet_slide { position: fixed !important; inset: 0; flex: none !important; z-index: 999990;
  width: 100vw !important;
  height: 100vh !important; border: 0; border-radius: 0; --base: max(24px, min(1.757vw, 3.125vh));
  padding: .5em 1em .4em; }
.st-key-pres_bar { position: fixed; top: 0; right: 0; z-index: 999999; width: auto !important; padding: .4rem .6rem;
  background: rgba(255,255,255,.96); border-bottom-left-radius: .5rem; box-shadow: 0 1px 6px rgba(0,0,0,.2);
  opacity: 0; transition: opacity .25s; animation: pres-hint 5s ease-out; }
.st-key-pres_bar:hover, .st-key-pres_bar:focus-within { opacity: 1; animation: none; }
@keyframes pres-hint { 0%, 70% { opacity: 1; } 100% { opacity: 0; } }
.st-key-pres_bar p { font-size: 24px; margin: 0; }
</style>"""


# ------------------------------------------------------------------ state (in the URL)
def current(n: int) -> int:
    """The slide shown, 0-based, from ``?slide=`` (1-based) — clamped to the plan."""
    ui.bind(SLIDE, range(1, max(n, 1) + 1), default=1)
    i = min(max(int(st.session_state.get(SLIDE, 1) or 1), 1), max(n, 1))
    st.session_state[SLIDE] = i
    ui.bind(SLIDE, range(1, max(n, 1) + 1), default=1)  # the clamped number back into the URL
    return i - 1


def presenting() -> bool:
    ui.bind(PRESENT, default=False)
    return bool(st.session_state.get(PRESENT, False))


def _go(n: int, act: str) -> None:
    i = int(st.session_state.get(SLIDE, 1) or 1)
    target = {"next": i + 1, "prev": i - 1, "first": 1, "last": n}.get(act, i)
    st.session_state[SLIDE] = min(max(target, 1), max(n, 1))
    if act == "exit":
        st.session_state[PRESENT] = False


def _set_present(on: bool) -> None:
    st.session_state[PRESENT] = on


# ------------------------------------------------------------------ page parts
def layout(present: bool) -> None:
    """Wide, sidebar collapsed; the slide CSS, and in the presenter view the chrome hidden."""
    st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
    st.html(CSS + (PRESENT_CSS if present else SLIDE_PREVIEW_CSS))


def _switch_lang() -> None:
    st.session_state[ui.LANG_KEY] = st.session_state["meet_lang"]
    ui.relabel_filters()


def language_switch() -> None:
    """zh/en on the page itself (the shell's switch sits in the collapsed sidebar)."""
    st.session_state["meet_lang"] = ui.lang()
    st.segmented_control(
        ui.t("meet.lang"),
        list(i18n.LANGS),
        format_func=lambda lg: ui.LANG_LABELS[lg],
        key="meet_lang",
        required=True,
        on_change=_switch_lang,
    )


def _steps(n: int, i: int, prefix: str, *, worded: bool) -> None:
    """Previous, "3 / 12", next: buttons with words (``worded``), or icons with the words as help."""

    def step(act: str, icon: str, disabled: bool) -> None:
        word = ui.t(f"meet.{act}")
        st.button(
            word if worded else "",
            key=f"{prefix}_{act}",
            icon=icon,
            icon_position="right" if worded and act == "next" else "left",
            on_click=_go,
            args=(n, act),
            disabled=disabled,
            help=None if worded else word,
        )

    step("prev", ":material/chevron_left:", i == 0)
    with st.container(key="meet_counter", width="content"):
        st.markdown(f"{i + 1} / {n}")
    step("next", ":material/chevron_right:", i >= n - 1)


def nav_bar(n: int, i: int) -> None:
    """Previous / "3 / 12" / next, and the way into the presenter view."""
    with st.container(horizontal=True, vertical_alignment="center", key="meet_nav"):
        _steps(n, i, "meet", worded=True)
        st.button(
            ui.t("pres.start"),
            key="pres_start",
            type="primary",
            icon=":material/fit_screen:",
            on_click=_set_present,
            args=(True,),
        )
        st.caption(ui.t("pres.keys"))


def _bar(n: int, i: int) -> None:
    """The presenter view's bar (top right, on hover): the way back, where we are, previous / next."""
    with st.container(key="pres_bar", horizontal=True, vertical_alignment="center", width="content"):
        st.button(
            ui.t("pres.exit"), key="pres_exit", icon=":material/close_fullscreen:", on_click=_set_present, args=(False,)
        )
        _steps(n, i, "pres", worded=False)


@ui.fragment
def presenter(plan: list[SlideSpec], data: meeting.MeetingData, view: ViewSettings, present: bool) -> None:
    """Keys, navigation and the current slide; only this part reruns on a key or a click."""
    n = len(plan)
    with st.container(key="meet_keys"):
        _KEYS(key="meet_keys_listener", data={"present": present}, on_key_change=lambda: _on_key_listener(n))
    if presenting() != present:  # Esc or the bar's button: the whole page changes
        st.rerun(scope="app")
    i = current(n)
    if present:
        _bar(n, i)
    else:
        nav_bar(n, i)
    slide_view.render_slide(plan[i], data, view)
    if not present:
        deck_export.png_button(plan[i], data)


def _on_key_listener(n: int) -> None:
    act = getattr(st.session_state.get("meet_keys_listener"), "key", None)
    if act is None and isinstance(st.session_state.get("meet_keys_listener"), dict):
        act = st.session_state["meet_keys_listener"].get("key")
    if act:
        _go(n, act)
