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
    "brief.cstatus.cancelled": {"zh": "✖ 已取消", "en": "✖ cancelled"},
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
    # the meeting page's briefing pack (``ui.brief_view``)
    "brief.ui.title": {"zh": "会议简报包", "en": "Briefing pack"},
    "brief.ui.caption": {
        "zh": "所选会议的幻灯片（PPTX、PDF，以上次会议承诺事项开篇，列出上次会议以来的变化）和一页 A4 简报（PDF）；"
        "与命令 `python -m ipdash brief` 相同。",
        "en": "The meeting's deck (PPTX, PDF; opening with the previous meeting's commitments, with what changed "
        "since that meeting) and a one-page A4 digest (PDF) — the same as `python -m ipdash brief`.",
    },
    "brief.ui.date": {"zh": "会议日期", "en": "Meeting date"},
    "brief.ui.build": {"zh": "生成简报包", "en": "Build the briefing pack"},
    "brief.ui.running": {"zh": "正在生成简报包……", "en": "Building the briefing pack…"},
    "brief.ui.done": {
        "zh": "简报包已生成：{n} 页幻灯片 + 一页简报",
        "en": "Briefing pack ready: {n} slides + a one-page digest",
    },
    "brief.ui.download_pptx": {"zh": "下载幻灯片 PPTX", "en": "Download the deck (PPTX)"},
    "brief.ui.download_pdf": {"zh": "下载幻灯片 PDF", "en": "Download the deck (PDF)"},
    "brief.ui.download_digest": {"zh": "下载一页简报 PDF", "en": "Download the digest (PDF)"},
}
