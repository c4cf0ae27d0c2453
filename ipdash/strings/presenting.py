"""Strings of presenting and sharing: the presenter view, the deck's notes and new slide texts,
"what changed since the last meeting" (``chg.``), links and the shell (``shell.``). Keys are new;
the meeting's older keys stay in ``strings/meeting.py``."""

# Chinese punctuation a line never starts with (kinsoku): the deck's line breaking keeps it on the line before.
NO_BREAK_BEFORE = "）】〕」』，。；：、！？"

STRINGS = {
    # joining
    "meet.list_sep": {"zh": "、", "en": ", "},
    "meet.docs_sep": {"zh": "；", "en": "; "},
    "meet.date_format": {"zh": "%Y年%m月%d日", "en": "%Y-%m-%d"},
    # slide texts
    "meet.note.no_target": {
        "zh": "{area}：文件未设定量化目标；定性任务 {n} 项，状态待牵头部门填报。",
        "en": "{area}: the plan sets no quantitative target; {n} qualitative measures await reports from their lead departments.",
    },
    "meet.sub.target_zh": {"zh": "{target_id}", "en": "{target_id}"},
    "meet.sub.target_en": {
        "zh": "{target_id} · 目标 {target} · {year}年",
        "en": "{target_id} · target {target} by {year}",
    },
    "meet.sub.clause": {
        "zh": "原文：“{clause}”（{doc}）",
        "en": "clause in the original Chinese: “{clause}” ({doc})",
    },
    "meet.note_projected_short": {
        "zh": "预测＝趋势外推，非实际值",
        "en": "projected = trend extrapolation, not actuals",
    },
    "meet.col.projected_short": {"zh": "预测（80%区间）", "en": "Projected (80% range)"},
    "meet.title.changes": {"zh": "与上次会议相比的变化", "en": "What changed since the last meeting"},
    "meet.sub.changes": {
        "zh": "比较基准：{since}。状态、预测值或达成概率有变化的目标（之前 → 现在）及引起变化的数据批次",
        "en": "Compared with {since}: targets whose status, projection or P(meet) moved (before → now), and the upload that moved them",
    },
    "meet.assumption_line": {"zh": "假设：{text}", "en": "Assumption: {text}"},
    # speaker notes
    "meet.notes.target_head": {"zh": "{target_id} {indicator}：", "en": "{target_id} {indicator}: "},
    "meet.notes.required": {"zh": "今后所需进度：{text}", "en": "Pace still needed: {text}"},
    "meet.notes.clause": {"zh": "原文：“{clause}”（{doc}）", "en": "Clause (Chinese): “{clause}” ({doc})"},
    "meet.notes.assumptions": {"zh": "理解与假设：{text}", "en": "How we read it: {text}"},
    "meet.notes.summary_area": {
        "zh": "{area}：{n} 项量化目标，{risk} 项存在风险或难以达成，{done} 项已达成，{missed} 项未达成。",
        "en": "{area}: {n} quantitative targets, {risk} at risk or off track, {done} achieved, {missed} missed.",
    },
    "meet.notes.change": {
        "zh": "{target}：状态 {status}；预测 {projected}；达成概率 {p}。变化来自：{by}",
        "en": "{target}: status {status}; projection {projected}; P(meet) {p}. Moved by: {by}",
    },
    # presenter view
    "pres.start": {"zh": "全屏演示", "en": "Present full screen"},
    "pres.exit": {"zh": "退出演示（Esc）", "en": "Exit presentation (Esc)"},
    "pres.keys": {
        "zh": "→ / 空格 / PageDown 下一页 · ← / PageUp 上一页 · Home / End 首页 / 末页 · Esc 退出",
        "en": "→ / Space / PageDown next · ← / PageUp previous · Home / End first / last · Esc exit",
    },
    "pres.since": {"zh": "与之比较的数据版本（上次会议）", "en": "Compare with data version (last meeting)"},
    "pres.since_none": {"zh": "不比较", "en": "No comparison"},
    "pres.since_help": {
        "zh": "选择上次会议时的数据版本（某次上传批次，或上传前的原始数据），演示文稿将增加“变化”一页。",
        "en": "Pick the data version of the last meeting (an upload batch, or the data before any upload); the deck gains a “what changed” slide.",
    },
    # what changed
    "chg.version.base": {"zh": "上传前的原始数据", "en": "the data before any upload"},
    "chg.version.date": {"zh": "{date}", "en": "{date}"},
    "chg.version.batch": {"zh": "批次 {batch}（{when}，{file}）", "en": "batch {batch} ({when}, {file})"},
    "chg.by.batch": {"zh": "上传批次 {batch}（{file}）", "en": "upload {batch} ({file})"},
    "chg.by.reverted": {"zh": "撤销批次 {batch}（{file}）", "en": "revert of {batch} ({file})"},
    "chg.by.other": {"zh": "基础数据或目录更新", "en": "base data or catalog update"},
    "chg.col.target": {"zh": "目标", "en": "Target"},
    "chg.col.status": {"zh": "状态 之前 → 现在", "en": "Status before → now"},
    "chg.col.projected": {"zh": "预测值 之前 → 现在", "en": "Projection before → now"},
    "chg.col.p_meet": {"zh": "达成概率", "en": "P(meet)"},
    "chg.col.moved_by": {"zh": "变化来自", "en": "Moved by"},
    "chg.none": {
        "zh": "自该版本以来，没有目标的状态、预测值或达成概率发生变化。",
        "en": "No target's status, projection or P(meet) has moved since that version.",
    },
    # shell and widgets
    "shell.lang_label": {"zh": "语言 · Language", "en": "语言 · Language"},  # both: whoever lands here finds it
    "shell.lang.zh": {"zh": "中文", "en": "中文"},  # each language in its own words
    "shell.lang.en": {"zh": "English", "en": "English"},
    "shell.choose_many": {"zh": "可多选", "en": "Choose one or more"},
}
