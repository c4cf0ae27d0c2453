"""Meetings and commitments (``cmt.*``): the meeting page's commitments section, the refusals of a write and
the problems of a progress report or a file of them; the headers a report file may use."""

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "commitment_id": ("commitment_id", "commitment id", "commitment", "id", "承诺编号", "事项编号", "编号"),
    "status": ("status", "new status", "状态", "进展状态", "本次状态"),
    "note": ("note", "notes", "progress", "progress note", "进展说明", "说明", "进展情况", "备注"),
}

STRINGS = {
    # the fields of one report (the CLI's options, the page's form): the column a problem names
    "cmt.field.commitment_id": {"zh": "承诺编号", "en": "commitment id"},
    "cmt.field.status": {"zh": "状态", "en": "status"},
    "cmt.field.note": {"zh": "进展说明", "en": "note"},
    # what a row of a report was expected to hold
    "cmt.exp.id_missing": {"zh": "承诺编号（不能为空）", "en": "a commitment id (not empty)"},
    "cmt.exp.id_known": {
        "zh": "已录入的承诺编号（如 C-20261203-01）",
        "en": "the id of a recorded commitment (e.g. C-20261203-01)",
    },
    "cmt.exp.id_allowed": {
        "zh": "您有权报告的承诺：责任部门（{department}）、所服务目标或任务所在地区的账号，或全部地区的账号",
        "en": "a commitment you may report: an account of its owner department ({department}), of the area of the "
        "target or task it serves, or of every area",
    },
    "cmt.exp.duplicate": {
        "zh": "每个承诺只报告一次（第 {first} 行已报告）",
        "en": "each commitment once (row {first} reports it already)",
    },
    "cmt.exp.status_missing": {"zh": "状态（不能为空）", "en": "a status (not empty)"},
    "cmt.exp.status_known": {
        "zh": "未开始、推进中、已完成、延期或已取消",
        "en": "not started, in progress, done, delayed or cancelled",
    },
    "cmt.exp.note_length": {"zh": "不超过 {n} 个字符的说明", "en": "a note of at most {n} characters"},
    "cmt.exp.no_rows": {"zh": "至少一行报告", "en": "at least one report row"},
    "cmt.exp.bad_file": {"zh": "CSV 或 .xlsx 文件（无法读取）", "en": "a CSV or .xlsx file (it could not be read)"},
    "cmt.exp.encoding": {"zh": "UTF-8 或 GB18030 编码的文本", "en": "text in UTF-8 or GB18030"},
    "cmt.exp.empty": {"zh": "有内容的文件", "en": "a file with content"},
    "cmt.exp.too_large": {"zh": "不超过 {mb} MB 的文件", "en": "a file of at most {mb} MB"},
    "cmt.exp.no_header": {
        "zh": "表头含“承诺编号”和“状态”两列",
        "en": "a header row with the columns “commitment id” and “status”",
    },
    # a write refused
    "cmt.err.no_user": {"zh": "没有用户 {user}。", "en": "There is no user {user}."},
    "cmt.err.bad_date": {
        "zh": "会议日期“{value}”无效：应为 YYYY-MM-DD。",
        "en": "Meeting date “{value}” is not valid: expected YYYY-MM-DD.",
    },
    "cmt.err.title_length": {"zh": "会议名称不能超过 {n} 个字符。", "en": "The title may have at most {n} characters."},
    "cmt.err.meeting_exists": {"zh": "{day} 的会议已录入。", "en": "A meeting on {day} is recorded already."},
    "cmt.err.bad_due": {
        "zh": "完成期限“{value}”无效：应为 YYYY-MM-DD。",
        "en": "Due date “{value}” is not valid: expected YYYY-MM-DD.",
    },
    "cmt.err.due_before": {
        "zh": "完成期限不能早于会议日期（{day}）。",
        "en": "The due date cannot be before the meeting ({day}).",
    },
    "cmt.err.text": {"zh": "承诺内容应为 1 至 {n} 个字符。", "en": "The text must have 1 to {n} characters."},
    "cmt.err.department": {
        "zh": "责任部门“{value}”未知：应为 {known} 之一。",
        "en": "Unknown owner department “{value}”: expected one of {known}.",
    },
    "cmt.err.both": {
        "zh": "一项承诺服务于一个目标或一项任务，不能同时填写。",
        "en": "A commitment serves a target or a task, not both.",
    },
    "cmt.err.no_target": {"zh": "没有目标 {value}。", "en": "There is no target {value}."},
    "cmt.err.no_milestone": {"zh": "没有任务 {value}。", "en": "There is no task {value}."},
    "cmt.err.no_permission_add": {
        "zh": "您的账号不能为地区 {area} 的目标或任务录入承诺。",
        "en": "Your account may not add a commitment for a target or task of area {area}.",
    },
    "cmt.err.no_meeting": {
        "zh": "{day} 没有会议：请先录入会议。",
        "en": "There is no meeting on {day}: add the meeting first.",
    },
    "cmt.err.exists": {
        "zh": "该记录已存在（可能有人同时录入），请刷新后重试。",
        "en": "That record exists already (someone may have added it meanwhile); refresh and try again.",
    },
    "cmt.err.invalid": {"zh": "有 {n} 个问题，未写入任何内容。", "en": "{n} problems; nothing was written."},
    "cmt.err.no_permission": {"zh": "您无权报告：{ids}。", "en": "You may not report: {ids}."},
    "cmt.err.nothing": {
        "zh": "与各承诺最近一次报告相同，未重复记录。",
        "en": "Every row repeats the commitment's latest report; nothing new to record.",
    },
    "cmt.err.stale": {
        "zh": "{ids} 在此期间已有新报告，请刷新查看后再提交。",
        "en": "{ids} were reported meanwhile; refresh, review and submit again.",
    },
    "cmt.err.lock": {
        "zh": "另一项写入正在进行，请稍后重试。",
        "en": "Another write is in progress; try again in a moment.",
    },
    # the meeting page's commitments section
    "cmt.ui.title": {"zh": "会议承诺事项", "en": "Meeting commitments"},
    "cmt.ui.pick": {"zh": "会议", "en": "Meeting"},
    "cmt.ui.no_meetings": {"zh": "尚未录入会议。", "en": "No meeting recorded yet."},
    "cmt.ui.none": {"zh": "没有承诺事项。", "en": "No commitments."},
    "cmt.ui.all_open": {"zh": "显示全部未完成事项（{n} 项）", "en": "Show every open commitment ({n})"},
    "cmt.ui.csv": {"zh": "下载承诺事项 CSV", "en": "Download commitments (CSV)"},
    "cmt.ui.add_meeting": {"zh": "**录入会议**", "en": "**Add a meeting**"},
    "cmt.ui.meeting_date": {"zh": "会议日期", "en": "Meeting date"},
    "cmt.ui.meeting_title": {"zh": "会议名称", "en": "Title"},
    "cmt.ui.add_meeting_submit": {"zh": "录入会议", "en": "Add meeting"},
    "cmt.ui.meeting_added": {"zh": "已录入 {day} 的会议。", "en": "Meeting of {day} recorded."},
    "cmt.ui.add_commitment": {"zh": "**录入承诺事项**（{day} 会议）", "en": "**Add a commitment** (meeting of {day})"},
    "cmt.ui.serves_none": {"zh": "不指定", "en": "none"},
    "cmt.ui.target": {"zh": "服务的目标（可选）", "en": "Target it serves (optional)"},
    "cmt.ui.task": {"zh": "服务的任务（可选）", "en": "Task it serves (optional)"},
    "cmt.ui.add_rule": {
        "zh": "任何账号均可录入；服务于某一目标或任务的，须为该地区的账号（您的地区：{areas}）。",
        "en": "Any account may add one; one serving a target or task only an account of its area (yours: {areas}).",
    },
    "cmt.ui.add_submit": {"zh": "录入承诺", "en": "Add commitment"},
    "cmt.ui.added": {"zh": "已录入承诺 {id}。", "en": "Commitment {id} recorded."},
    "cmt.ui.report": {"zh": "**报告进展**", "en": "**Report progress**"},
    "cmt.ui.note": {"zh": "进展说明", "en": "Progress note"},
    "cmt.ui.report_submit": {"zh": "提交进展", "en": "Submit progress"},
    "cmt.ui.reported": {"zh": "已记录 {id} 的进展。", "en": "Progress on {id} recorded."},
    "cmt.ui.nothing_to_report": {
        "zh": "没有您可报告的承诺事项（责任部门、所服务目标或任务的地区，或全部地区的账号）。",
        "en": "No commitment you may report (owner department, the area of what it serves, or an all-areas account).",
    },
    "cmt.ui.rejected": {"zh": "有 {n} 个问题，未写入任何内容：", "en": "{n} problems; nothing was written:"},
    "cmt.ui.file": {"zh": "上传进展文件（多项）", "en": "Upload a progress file (many at once)"},
    "cmt.ui.file_help": {
        "zh": "CSV 或 .xlsx，列：承诺编号、状态、进展说明。任何一行有问题则整份文件不写入。",
        "en": "CSV or .xlsx with the columns commitment id, status, note. A file with any problem writes nothing.",
    },
    "cmt.ui.file_ok": {"zh": "{n} 行无误，其中 {new} 行为新进展。", "en": "{n} rows fine, {new} of them new."},
    "cmt.ui.file_submit": {"zh": "记录全部进展", "en": "Record all reports"},
    "cmt.ui.file_done": {"zh": "已记录 {n} 项进展。", "en": "{n} reports recorded."},
    # the columns of the commitments table
    "cmt.col.commitment_id": {"zh": "编号", "en": "ID"},
    "cmt.col.text": {"zh": "承诺内容", "en": "Commitment"},
    "cmt.col.department": {"zh": "责任部门", "en": "Owner"},
    "cmt.col.due": {"zh": "完成期限", "en": "Due"},
    "cmt.col.serves": {"zh": "服务的目标/任务", "en": "Serves"},
    "cmt.col.status_text": {"zh": "状态", "en": "Status"},
    "cmt.col.overdue_text": {"zh": "逾期", "en": "Overdue"},
    "cmt.col.last_note": {"zh": "最新进展", "en": "Latest note"},
}
