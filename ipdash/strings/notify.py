"""Notification texts (``ntf.*``): the titles, lines and link of a message to 企业微信, 钉钉, email or a
webhook, in the subscription's language (``ipdash.notify.text``)."""

STRINGS = {
    "ntf.target_name": {"zh": "{indicator}（{target}）", "en": "{indicator} ({target})"},
    "ntf.title.status_change": {"zh": "{target}：{old} → {new}", "en": "{target}: {old} → {new}"},
    "ntf.title.pmeet_drop": {
        "zh": "{target}：达成概率由 {before} 降至 {after}",
        "en": "{target}: chance of meeting the target fell from {before} to {after}",
    },
    "ntf.title.overdue_task": {"zh": "{target}：任务已逾期", "en": "{target}: task overdue"},
    "ntf.title.overdue_commitment": {"zh": "{target}：承诺事项已逾期", "en": "{target}: commitment overdue"},
    "ntf.title.checkin": {"zh": "{target}：有新的进展报告", "en": "{target}: new check-in"},
    "ntf.title.pack_ready": {"zh": "{target}：会议材料已生成", "en": "{target}: briefing pack ready"},
    "ntf.line.target": {"zh": "目标：{value}", "en": "Target: {value}"},
    "ntf.line.area": {"zh": "区域：{value}", "en": "Area: {value}"},
    "ntf.line.status": {"zh": "状态：{old} → {new}", "en": "Status: {old} → {new}"},
    "ntf.line.latest": {"zh": "最新实际值：{value}（{year}年）", "en": "Latest actual: {value} ({year})"},
    "ntf.line.latest_none": {"zh": "最新实际值：暂无", "en": "Latest actual: none yet"},
    "ntf.line.p_meet": {"zh": "达成概率：{before} → {after}", "en": "Chance of meeting the target: {before} → {after}"},
    "ntf.line.departments": {"zh": "牵头部门：{value}", "en": "Lead departments: {value}"},
    "ntf.link": {"zh": "查看详情", "en": "Open in the dashboard"},
    "ntf.link_line": {"zh": "查看详情：{url}", "en": "Open in the dashboard: {url}"},
    "ntf.chart_alt": {"zh": "{target}的走势图", "en": "Chart of {target}"},
    "ntf.footer": {
        "zh": "您订阅了此提醒（{name}）。",
        "en": "You receive this because of the subscription “{name}”.",
    },
}
