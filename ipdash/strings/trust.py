"""Superseded targets (已被后续文件更新), the document every target marker names, the short- and
long-term reading of a trend and the published track record."""

STRINGS = {
    "sup.label": {"zh": "已被后续文件更新", "en": "Superseded"},
    "sup.note": {
        "zh": "已被后续文件更新：{new}（{doc}）设定了 {year}年 {target}，现行目标以其为准。",
        "en": "Superseded by a later document: {new} ({doc}) sets {target} for {year}; that is the current goal.",
    },
    "sup.toggle": {"zh": "显示已被更新的目标", "en": "Show superseded targets"},
    "sup.toggle_help": {
        "zh": "后续文件为同一地区、同一指标设定了新目标的旧目标：仍作判断，默认不列入。",
        "en": "Older targets a later document replaced for the same area and indicator: still judged, "
        "left out by default.",
    },
    "sup.hidden": {
        "zh": "{n} 项已被后续文件更新的目标未列入（见“目标与来源”）。",
        "en": "{n} superseded targets are left out (see Targets & sources).",
    },
    "sup.col": {"zh": "已被更新为", "en": "Superseded by"},
    "sup.doc_col": {"zh": "来源文件", "en": "Document"},
    "trend.keep": {"zh": "保持", "en": "keep going"},
    "trend.speed_up": {"zh": "加快", "en": "speed up"},
    "trend.reverse": {"zh": "扭转", "en": "reverse"},
    "trend.sentence": {
        "zh": "短期与长期：近3个点每年{short}，整个窗口（{span}年）每年{long}，{need}——{word}。",
        "en": "Short and long term: the last 3 points moved {short} a year, the whole window ({span}) {long} a "
        "year, and {need} — {word}.",
    },
    "trend.need": {"zh": "今后每年需{w}", "en": "{w} a year is needed from now on"},
    "trend.reached": {"zh": "最新值已达到目标", "en": "the latest value already reaches the target"},
    "track.title": {"zh": "判断的历史准确度", "en": "Track record"},
    "track.sentence": {
        "zh": "只用真实数据、按每个往年当时所知重新判断已见分晓的目标（{targets} 项目标，共 {n} 次判断）："
        "判为“有望达成”{on} 次，其后 {on_hit} 次达成；判为“存在风险”{risk} 次，其后 {risk_ach} 次达成；"
        "判为“难以达成”{off} 次，其后 {off_hit} 次未达成。",
        "en": "Judging each now-decided target on real figures only, with what was known in each past year "
        "({targets} targets, {n} calls): {on} on-track calls, {on_hit} then achieved; {risk} at-risk calls, "
        "{risk_ach} then achieved; {off} off-track calls, {off_hit} then missed.",
    },
    "track.caption": {
        "zh": "每行为一种判断：次数、其后达成与未达成的次数、命中率（有望达成→达成，难以达成→未达成）。",
        "en": "One row per call: how many, how many of those targets were then achieved or missed, and the hit "
        "rate (on track → achieved, off track → missed).",
    },
}
