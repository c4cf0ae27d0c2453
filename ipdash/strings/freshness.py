"""Strings of the status timeline (``tl.``) and of data freshness (``fresh.``)."""

STRINGS = {
    # the status timeline (detail page, ``history`` command)
    "tl.made.upload": {"zh": "上传批次 {batch}（{file}，{user}）", "en": "upload {batch} ({file}, by {user})"},
    "tl.made.revert": {"zh": "撤销批次 {batch}（{file}，{user}）", "en": "revert of {batch} ({file}, by {user})"},
    "tl.kind.base": {"zh": "原始数据", "en": "base data"},
    "tl.kind.upload": {"zh": "上传", "en": "upload"},
    "tl.kind.revert": {"zh": "撤销", "en": "revert"},
    "tl.axis": {"zh": "数据版本（按时间先后）", "en": "data versions, oldest first"},
    "tl.hover": {"zh": "预测值 {projected} · 达成概率 {p}", "en": "projection {projected} · P(meet) {p}"},
    "tl.title": {"zh": "状态变化时间线", "en": "Status timeline"},
    "tl.caption": {
        "zh": "每个数据版本（原始数据、每次上传、每次撤销）下本目标的状态；深色边框 = 与前一版本相比状态、预测值或达成概率有变化。",
        "en": "This target's status at every data version (the base data, each upload, each revert); "
        "a dark outline = status, projection or P(meet) moved from the version before.",
    },
    # data freshness (overview, detail page, ``freshness`` command)
    "fresh.state.late": {
        "zh": "{year} 年数据应于 {due} 前发布，尚未到位",
        "en": "the {year} figure was due by {due} and has not arrived",
    },
    "fresh.state.awaited": {"zh": "{year} 年数据预计 {due} 前发布", "en": "the {year} figure is due by {due}"},
    "fresh.state.no_figure": {"zh": "尚无真实数据", "en": "no real figure yet"},
    "fresh.overview": {"zh": "{n} 项数据逾期未到", "en": "{n} figures late"},
    "fresh.overview_none": {"zh": "没有逾期未到的数据", "en": "No figure is late"},
    "fresh.overview_caption": {
        "zh": "按各指标通常的发布月份推算：Y 年数据应于 Y+1 年发布月份月底前到位；只计真实数据（不含示意数据）。"
        "另有 {m} 组地区×指标尚无真实数据。",
        "en": "Reckoned from each indicator's usual publication month: the figure for year Y is due by the end of "
        "that month of Y+1; real figures only (illustrative values do not count). "
        "{m} more area × indicator pairs have no real figure yet.",
    },
    "fresh.item": {
        "zh": "{area} · {indicator}：最新 {latest} 年，{state}",
        "en": "{area} · {indicator}: latest {latest}, {state}",
    },
    "fresh.detail": {
        "zh": "数据时效：最新真实数据为 {latest} 年（{arrived} 到位）；{state}。{basis}",
        "en": "Freshness: the latest real figure is for {latest} (arrived {arrived}); {state}. {basis}",
    },
    "fresh.detail_none": {"zh": "数据时效：{state}。{basis}", "en": "Freshness: {state}. {basis}"},
    "fresh.publish": {
        "zh": "该指标通常于次年 {month} 月发布（{basis}）。",
        "en": "This indicator is normally published in month {month} of the following year ({basis}).",
    },
    # the basis of that month, in short (the full note of indicators.csv: the overview download, `freshness`)
    "fresh.basis.dated": {"zh": "依据参考数据中注明日期的发布", "en": "from dated releases in the reference figures"},
    "fresh.basis.assumed": {
        "zh": "此月份为假设：参考数据中没有注明日期的发布",
        "en": "an assumption: the reference figures hold no dated release",
    },
}
