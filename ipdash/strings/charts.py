"""Chart labels (legends, axes, empty states) of ``ipdash.charts``."""

STRINGS = {
    "chart.actual": {"zh": "实际值", "en": "actual"},
    "chart.illustrative": {"zh": "实际值（示意）", "en": "actual (illustrative)"},
    "chart.projected": {"zh": "预测", "en": "projected"},
    "chart.band": {"zh": "预测80%区间", "en": "projected 80% interval"},
    "chart.target": {"zh": "目标", "en": "target"},
    "chart.year": {"zh": "年份", "en": "year"},
    "chart.illus_short": {"zh": "示意", "en": "illustrative"},
    "chart.cum": {"zh": "累计", "en": "running total"},
    "chart.n": {"zh": "目标数", "en": "targets"},
    "chart.of_target": {"zh": "目标", "en": "target"},
    "chart.no_data": {"zh": "暂无数据", "en": "no data"},
    "chart.bar_legend": {"zh": "最新实际值（斜线 = 示意）", "en": "latest actual (hatched = illustrative)"},
    "chart.paren": {"zh": "{text}（{inner}）", "en": "{text} ({inner})"},
}
