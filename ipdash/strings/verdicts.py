"""Tile and card texts of a judged target (``ipdash.frames.verdicts``), the comparison view's
like-with-like notes (``ipdash.frames.compare``) and the detail chart's marks, zh and en.

Vocabulary the comparison converts with lives in ``ipdash.strings.units``.
"""

STRINGS = {
    # --- where a target stands (tiles, metric cards, tables, slides)
    "vd.cur.actual": {"zh": "{T}年实际", "en": "{T} actual"},
    "vd.cur.latest": {"zh": "最新", "en": "latest"},
    "vd.cur.year": {"zh": "{y}年实际", "en": "{y} actual"},
    "vd.cur.cum_from": {"zh": "{ps}年起累计", "en": "total from {ps}"},
    "vd.cur.not_started": {"zh": "尚未开始", "en": "not started"},
    "vd.cur.cum_span": {"zh": "{ps}–{y}年累计", "en": "total {ps}–{y}"},
    "vd.cur.growth_to": {"zh": "至{y}年年均增长", "en": "avg growth to {y}"},
    "vd.growth_value": {"zh": "年均增长 {v}", "en": "average growth {v}"},
    "vd.cut_value": {"zh": "压减 {v}（{x}）", "en": "cut {v} ({x})"},
    "vd.low_conf": {"zh": "（低可信度）", "en": " (low confidence)"},
    # --- the required pace, the same number the explanation gives
    "vd.req.hold": {"zh": "保持即可", "en": "hold the level"},
    "vd.req.cum_reached": {"zh": "已累计达标", "en": "already reached"},
    "vd.req.flow": {"zh": "剩余每年需 {v}", "en": "{v} a year"},
    "vd.req.now": {"zh": "今后每年需{w}", "en": "{w} a year from now"},
    "vd.req.pace": {"zh": "{b}–{T}年年均需{w}", "en": "{w} a year ({b}–{T})"},
    # --- detail page
    "vd.low_conf_note": {
        "zh": "预测超出该序列历史变化幅度（每年变化超过历史最大年变化的2倍），可信度低：图中以灰色虚线表示，状态按进度比判断。",
        "en": "The projection lies outside the series' own history (a yearly change more than twice the largest so far): "
        "low confidence, drawn in grey, and the status rests on the pace ratio.",
    },
    "vd.whatif_default": {
        "zh": "默认值 {g}：从{y}年实际值出发，恰好走到上方判断所依据的{what}，故默认结论与判断一致；判断另计入其不确定性。",
        "en": "Default {g}: from the {y} actual it follows the {what} the verdict above rests on, so its default "
        "agrees with the verdict; the verdict also weighs that path's uncertainty.",
    },
    "vd.whatif.meets": {"zh": "✔ 按此增速可达成", "en": "✔ meets the target at this pace"},
    "vd.whatif.misses": {"zh": "✘ 按此增速不能达成", "en": "✘ misses the target at this pace"},
    "vd.whatif_default.projection": {"zh": "预测路径", "en": "projection"},
    "vd.whatif_default.pace": {"zh": "实际进度", "en": "observed pace"},
    "vd.calibrated": {
        "zh": "80%区间已按回测误差校准（系数 k = {k}）：在真实序列的回测中，所述区间覆盖了约80%的实际结果。",
        "en": "The 80% interval is calibrated on hindcast errors (factor k = {k}): on the real series it held "
        "about 80% of the outcomes.",
    },
    "vd.det.required_base": {"zh": "所需年均进度（自基年）", "en": "Pace needed (from the base year)"},
    "det.method.damped": {"zh": "阻尼趋势（霍尔特法）", "en": "damped trend (Holt)"},
    "det.method.last_change": {"zh": "末值加近期变化", "en": "last value + recent change"},
    "vd.cmp.ranking_title": {"zh": "排名（{y}年，同一年比较）", "en": "Ranking ({y}, one year for every area)"},
    "vd.col.rank_target": {"zh": "对照目标（当年或之后到期）", "en": "Target compared (due that year or later)"},
    "vd.cmp.panel": {"zh": "{name}（{unit}）", "en": "{name} ({unit})"},
    "vd.chart.projected_low": {"zh": "预测（低可信度）", "en": "projected (low confidence)"},
    # --- comparison like with like
    "vd.cmp.own_panel": {"zh": "{name}（全市，单独坐标）", "en": "{name}, own axis"},
    "vd.cmp.districts": {"zh": "各区", "en": "Districts"},
    "vd.cmp.districts_unit": {"zh": "{unit}，各区", "en": "districts, {unit}"},
    "vd.cmp.converted": {
        "zh": "{v}（按{y}年常住人口折算为每万人）",
        "en": "{v} (converted per 10k residents, {y} population)",
    },
    "vd.cmp.rank_year": {
        "zh": "排名比较同一年（{y}年）的数值；占目标比例只与当年或之后到期的目标相比。",
        "en": "The ranking compares the same year ({y}); the share of target uses only a target due that year or later.",
    },
    "vd.cmp.rank_districts": {
        "zh": "全市总量不与各区同列排名（另见上图全市单独坐标）。",
        "en": "The city's totals are not ranked with the districts' (see the city's own panel above).",
    },
    "vd.cmp.rank_missing": {"zh": "{y}年无数据、未参与排名：{names}", "en": "No {y} figure, so not ranked: {names}"},
    "vd.cmp.list_sep": {"zh": "、", "en": ", "},
}
