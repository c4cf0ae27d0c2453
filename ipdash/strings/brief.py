"""Strings of the briefing pack (``brief.``): the one-page digest and the previous meeting's commitments slide."""

STRINGS = {
    "brief.title": {"zh": "联席会议简报 · {date}", "en": "Briefing for the joint meeting · {date}"},
    "brief.since": {
        "zh": "对比上次会议（{since}）以来的变化",
        "en": "Changes since the previous meeting ({since})",
    },
    "brief.since_none": {
        "zh": "此前没有会议记录：与上传前的原始数据对比",
        "en": "No earlier meeting on record: compared with the data before any upload",
    },
    "brief.made": {"zh": "生成于 {when}", "en": "Made {when}"},
    "brief.sec.commitments": {"zh": "上次会议承诺事项", "en": "Commitments of the previous meeting"},
    "brief.sec.changes": {"zh": "状态有变化的目标", "en": "Targets whose status changed"},
    "brief.sec.risks": {"zh": "有风险或偏离轨道的目标", "en": "Targets at risk or off track"},
    "brief.sec.tasks": {"zh": "逾期的定性任务", "en": "Overdue tasks"},
    "brief.sec.overdue_commitments": {"zh": "逾期的承诺事项", "en": "Overdue commitments"},
    "brief.sec.late": {"zh": "逾期未到的数据", "en": "Figures that are late"},
    "brief.more": {"zh": "……另有 {n} 项", "en": "… and {n} more"},
    "brief.none": {"zh": "无", "en": "None"},
    "brief.counts": {
        "zh": "已完成 {done} · 进行中 {open} · 逾期 {overdue}",
        "en": "{done} done · {open} open · {overdue} overdue",
    },
    "brief.cstatus.done": {"zh": "✔ 已完成", "en": "✔ done"},
    "brief.cstatus.open": {"zh": "○ 进行中", "en": "○ open"},
    "brief.cstatus.overdue": {"zh": "⚠ 逾期", "en": "⚠ overdue"},
    "brief.checkin_none": {"zh": "（尚无进展报告）", "en": "(no check-in yet)"},
    "brief.due": {"zh": "截止 {due}", "en": "due {due}"},
    "brief.late_due": {"zh": "{year} 年数据应于 {due} 前发布", "en": "{year} figure due by {due}"},
    "brief.late_days": {"zh": "逾期 {n} 天", "en": "{n} days late"},
    "brief.col.commitment": {"zh": "承诺事项", "en": "Commitment"},
    "brief.col.department": {"zh": "责任部门", "en": "Department"},
    "brief.col.due": {"zh": "截止", "en": "Due"},
    "brief.col.status": {"zh": "状态", "en": "Status"},
    "brief.col.note": {"zh": "最新进展", "en": "Latest note"},
    "brief.slide.title": {"zh": "上次会议（{date}）承诺事项", "en": "Commitments of the meeting of {date}"},
    "brief.slide.sub": {
        "zh": "已完成 {done} · 进行中 {open} · 逾期 {overdue}",
        "en": "{done} done · {open} open · {overdue} overdue",
    },
    "brief.slide.none": {"zh": "上次会议没有承诺事项", "en": "The previous meeting made no commitments"},
}
