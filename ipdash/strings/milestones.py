"""Strings and Chinese vocabulary of the milestones (定性任务 / 台账) feature: keys ``mst.*``.

Besides ``STRINGS`` (display text, zh beside en), this module holds the Chinese words code
matches on — the plan text's task sections and 牵头部门 label, the separators between lead
departments, the status and header aliases a status file may use — so no CJK literal lives in
code outside ``ipdash/strings/``.
"""

# ---------------------------------------------------------------- vocabulary of the plan texts
TASK_SECTION_WORDS = ("重点任务", "工作措施")  # the numbered section whose items are the tasks
CN_NUMERALS = "一二三四五六七八九十"
TOP_HEADING_MARK = "、"  # 二、重点任务
GROUP_OPEN, GROUP_CLOSE = "（", "）"  # （一）
TASK_NUMBER_MARKS = "、．."  # 1、  1．  1.
LEAD_LABEL = "牵头部门"
LEAD_COLON = "：:"
LEAD_SEPARATORS = "、，,;；/"  # 办公室、保护处
LEAD_JOIN_ZH = "、"

# ---------------------------------------------------------------- vocabulary of status files
# report status → every spelling accepted (compared case- and space-insensitively)
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "not_started": ("not_started", "not started", "notstarted", "未开始", "尚未开始", "未启动"),
    "in_progress": ("in_progress", "in progress", "ongoing", "推进中", "进行中", "正在推进", "实施中"),
    "done": ("done", "completed", "complete", "finished", "已完成", "完成", "已办结"),
    "delayed": ("delayed", "late", "延期", "已延期", "滞后", "推迟"),
    "cancelled": ("cancelled", "canceled", "已取消", "取消", "终止"),
}
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "milestone_id": ("milestone_id", "milestone id", "milestone", "id", "任务编号", "编号", "任务代码"),
    "status": ("status", "new status", "状态", "进展状态", "任务状态", "本次状态"),
    "note": ("note", "notes", "progress", "progress note", "进展说明", "说明", "进展情况", "备注"),
    "evidence": (
        "evidence",
        "evidence_url",
        "evidence link",
        "link",
        "url",
        "佐证链接",
        "佐证材料",
        "证明材料",
        "链接",
    ),
}
TEMPLATE_HEADERS: dict[str, dict[str, str]] = {
    "zh": {
        "milestone_id": "任务编号",
        "area": "地区",
        "lead_department": "牵头部门",
        "title": "任务",
        "due_year": "完成年份",
        "current": "当前状态",
        "status": "状态",
        "note": "进展说明",
        "evidence": "佐证链接",
    },
    "en": {
        "milestone_id": "milestone_id",
        "area": "area",
        "lead_department": "lead_department",
        "title": "task",
        "due_year": "due_year",
        "current": "current_status",
        "status": "status",
        "note": "note",
        "evidence": "evidence",
    },
}
TEMPLATE_FILE = {"zh": "ipdash-任务进展模板", "en": "ipdash-milestone-status-template"}

# data dictionary of the columns the milestones add to every export: column → (zh, en)
DICTIONARY: dict[str, tuple[str, str]] = {
    "task_no": ("任务序号（原文编号，如 5、（二）、（三）1）", "the task's number as the plan writes it"),
    "overdue": ("是否逾期：过了完成年份且未完成、未取消", "past the due year, neither done nor cancelled"),
    "reported_at": ("最近一次进展报告时间（UTC）", "time of the latest progress report (UTC)"),
    "reported_by": ("最近一次报告人", "who made the latest report"),
    "report_department": ("最近一次报告所代表的牵头部门", "the lead department the latest report was made for"),
    "evidence": ("最近一次报告的佐证链接或存档文件", "evidence link or archived file of the latest report"),
}

STRINGS = {
    # statuses (icons and colours: status_meta.MILESTONE_META)
    "mst.status.not_assessed": {"zh": "未评估", "en": "not assessed"},
    "mst.status.not_started": {"zh": "未开始", "en": "not started"},
    "mst.status.in_progress": {"zh": "推进中", "en": "in progress"},
    "mst.status.done": {"zh": "已完成", "en": "done"},
    "mst.status.delayed": {"zh": "延期", "en": "delayed"},
    "mst.status.cancelled": {"zh": "已取消", "en": "cancelled"},
    "mst.overdue": {"zh": "逾期", "en": "overdue"},
    "mst.lead_none": {"zh": "（原文未列）", "en": "(not named)"},
    "mst.sep": {"zh": "、", "en": ", "},
    # targets & sources page: the milestone table and its filters
    "mst.heading": {"zh": "定性任务（里程碑）", "en": "Qualitative tasks (milestones)"},
    "mst.caption": {
        "zh": "共 {n} 项（各文件的每一项编号任务）；状态为牵头部门最近一次报告，未报告时为“未评估”；过了完成年份仍未完成的标为“逾期”。选中一行或在下方选择任务，可查看历史并填报进展。",
        "en": "{n} tasks (every numbered task of every plan); the status is the lead department's latest report, “not assessed” until one is made; a task past its due year and not done is flagged “overdue”. Select a row, or pick a task below, to see its history and report progress.",
    },
    "mst.filter.department": {"zh": "牵头部门", "en": "Lead department"},
    "mst.filter.status": {"zh": "任务状态", "en": "Task status"},
    "mst.filter.overdue": {"zh": "仅看逾期", "en": "Overdue only"},
    "mst.pick": {"zh": "任务", "en": "Task"},
    "mst.open": {"zh": "查看与填报", "en": "View and report"},
    "mst.history_all": {"zh": "全部进展报告（历史）", "en": "All progress reports (history)"},
    "mst.history_caption": {
        "zh": "共 {n} 条报告，最新在前；每条报告均记入审计日志。",
        "en": "{n} reports, newest first; every report is also in the audit log.",
    },
    # the dialog
    "mst.dlg.clause": {"zh": "原文", "en": "Clause"},
    "mst.dlg.quoted": {"zh": "“{clause}”", "en": "“{clause}”"},
    "mst.dlg.facts": {
        "zh": "{doc} · 任务序号 {task} · 牵头部门：{lead} · 完成年份：{due}",
        "en": "{doc} · task {task} · lead: {lead} · due: {due}",
    },
    "mst.dlg.current": {"zh": "当前状态", "en": "Current status"},
    "mst.dlg.last": {"zh": "{at} 由 {user} 报告", "en": "reported {at} by {user}"},
    "mst.dlg.history": {"zh": "进展历史", "en": "History"},
    "mst.dlg.no_history": {"zh": "尚无进展报告。", "en": "No report yet."},
    "mst.dlg.report": {"zh": "填报进展", "en": "Report progress"},
    "mst.dlg.status": {"zh": "状态", "en": "Status"},
    "mst.dlg.note": {"zh": "进展说明", "en": "Progress note"},
    "mst.dlg.note_help": {
        "zh": "做了什么、还差什么；按原样保存并显示，不作格式解析。",
        "en": "What was done and what remains; saved and shown exactly as typed.",
    },
    "mst.dlg.evidence_url": {"zh": "佐证链接（可选）", "en": "Evidence link (optional)"},
    "mst.dlg.evidence_url_help": {
        "zh": "以 http:// 或 https:// 开头的网址，不超过 {n} 个字符。",
        "en": "A web address starting with http:// or https://, at most {n} characters.",
    },
    "mst.dlg.evidence_file": {"zh": "佐证文件（可选）", "en": "Evidence file (optional)"},
    "mst.dlg.evidence_file_help": {
        "zh": "单个文件不超过 {mb} MB（{types}）。更大的文件请压缩或拆分，或改填佐证链接。",
        "en": "One file of at most {mb} MB ({types}). Compress or split a larger file, or give a link instead.",
    },
    "mst.dlg.evidence_download": {"zh": "佐证文件：{name}（{at}）", "en": "Evidence file: {name} ({at})"},
    "mst.dlg.evidence_gone": {
        "zh": "佐证文件 {name} 已不在存档中。",
        "en": "The evidence file {name} is no longer in the archive.",
    },
    "mst.dlg.submit": {"zh": "提交报告", "en": "Submit report"},
    "mst.dlg.login": {
        "zh": "填报进展需要登录：请在“数据上传”页登录，然后回到本页。",
        "en": "Reporting needs a login: log in on the Upload page, then come back here.",
    },
    "mst.dlg.not_allowed": {
        "zh": "{user} 无权填报此任务（可填报：{scope}）。",
        "en": "{user} may not report this task (may report: {scope}).",
    },
    "mst.dlg.saved": {"zh": "已记录 {id} 的进展：{status}。", "en": "Recorded progress on {id}: {status}."},
    "mst.scope": {"zh": "地区 {areas}；部门 {departments}", "en": "areas {areas}; departments {departments}"},
    "mst.scope_all_departments": {"zh": "全部部门", "en": "every department"},
    # the status file (upload page)
    "mst.file.heading": {"zh": "任务进展文件", "en": "Task status file"},
    "mst.file.caption": {
        "zh": "一次报告多项任务：下载已预填您可填报任务的模板，填写“状态”（未开始、推进中、已完成、延期、已取消，中英文均可）和“进展说明”后上传。列：任务编号、状态、进展说明（可加佐证链接）。",
        "en": "Report many tasks at once: download the template pre-filled with the tasks you may report, fill in status (not started, in progress, done, delayed, cancelled — Chinese or English) and note, then upload. Columns: milestone_id, status, note (optionally evidence).",
    },
    "mst.file.login": {"zh": "登录后可上传任务进展文件。", "en": "Log in to upload a task status file."},
    "mst.file.upload": {"zh": "上传任务进展（CSV 或 .xlsx）", "en": "Upload task statuses (CSV or .xlsx)"},
    "mst.file.template_csv": {"zh": "CSV 模板", "en": "CSV template"},
    "mst.file.template_xlsx": {"zh": "Excel 模板", "en": "Excel template"},
    "mst.file.read": {
        "zh": "读取 {n} 条报告（{encoding}，表头在第 {header} 行）；跳过未填状态的行 {skipped} 行。",
        "en": "Read {n} reports ({encoding}, header in row {header}); {skipped} rows without a status skipped.",
    },
    "mst.file.rejected": {
        "zh": "文件未通过校验，未写入任何内容。共 {n} 处问题：",
        "en": "The file was refused and nothing was written. Problems: {n}",
    },
    "mst.file.preview": {"zh": "将记录的进展", "en": "Reports to be recorded"},
    "mst.file.unchanged": {
        "zh": "{n} 行与当前报告相同，不重复记录。",
        "en": "{n} rows repeat the current report and are not recorded again.",
    },
    "mst.file.commit": {"zh": "提交进展报告", "en": "Record these reports"},
    "mst.file.committed": {"zh": "已记录 {n} 条进展报告。", "en": "Recorded {n} progress reports."},
    "mst.file.nothing": {"zh": "没有需要记录的新进展。", "en": "Nothing new to record."},
    # refusals of a commit (ReportError codes)
    "mst.err.invalid": {"zh": "文件有问题，未写入。", "en": "The file has problems; nothing was written."},
    "mst.err.no_user": {"zh": "账号不存在或已删除。", "en": "The account does not exist any more."},
    "mst.err.no_permission": {
        "zh": "无权填报其中的任务，未写入。",
        "en": "Not allowed to report some of these tasks; nothing was written.",
    },
    "mst.err.nothing": {"zh": "没有需要记录的新进展。", "en": "Nothing new to record."},
    "mst.err.stale": {
        "zh": "任务进展已被他人更新，请重新查看后再提交。",
        "en": "Someone else reported on these tasks meanwhile; review and submit again.",
    },
    "mst.err.lock": {"zh": "系统正忙，请稍后再试。", "en": "The store is busy; try again shortly."},
    "mst.err.evidence_too_large": {
        "zh": "佐证文件 {name} 为 {size} MB，超过 {mb} MB 的上限，报告未保存。请压缩或拆分文件，或改填佐证链接后重新提交。",
        "en": "The evidence file {name} is {size} MB, more than the {mb} MB limit; the report was not saved. "
        "Compress or split the file, or give a link instead, and submit again.",
    },
    # validation: what was expected (row, column, value come from the file)
    "mst.exp.id_known": {
        "zh": "目录中的任务编号，如 M-PD24-05（见模板或“目标与来源”页）",
        "en": "a milestone id of the catalog, e.g. M-PD24-05 (see the template or the Targets & sources page)",
    },
    "mst.exp.id_allowed": {
        "zh": "您有权填报的任务（{scope}）",
        "en": "a task you may report ({scope})",
    },
    "mst.exp.status_known": {
        "zh": "未开始、推进中、已完成、延期、已取消（或 not started、in progress、done、delayed、cancelled）",
        "en": "not started, in progress, done, delayed or cancelled (in Chinese: 未开始, 推进中, 已完成, 延期, 已取消)",
    },
    "mst.exp.status_missing": {
        "zh": "填写了进展说明的行须填写状态",
        "en": "a status on every row that has a note",
    },
    "mst.exp.id_missing": {"zh": "填写了状态的行须填写任务编号", "en": "a milestone id on every row with a status"},
    "mst.exp.duplicate": {
        "zh": "每项任务只出现一次（与第 {first} 行重复）",
        "en": "each task once (repeats row {first})",
    },
    "mst.exp.note_length": {"zh": "不超过 {n} 个字的说明", "en": "a note of at most {n} characters"},
    "mst.exp.evidence_length": {
        "zh": "不超过 {n} 个字符的网址（可改为上传佐证文件）",
        "en": "a web address of at most {n} characters (or upload the evidence as a file)",
    },
    "mst.exp.evidence_url": {
        "zh": "以 http:// 或 https:// 开头的网址，或留空",
        "en": "a web address starting with http:// or https://, or blank",
    },
    "mst.exp.no_header": {
        "zh": "表头须含“任务编号”和“状态”两列（或 milestone_id / status），可参照模板",
        "en": "a header row naming the milestone_id and status columns (任务编号 / 状态); see the template",
    },
    "mst.exp.no_rows": {
        "zh": "至少一行填写了状态",
        "en": "at least one row with a status",
    },
    "mst.exp.too_large": {"zh": "不超过 {mb} MB 的文件", "en": "a file of at most {mb} MB"},
    "mst.exp.encoding": {
        "zh": "CSV 文本文件（UTF-8、GBK/GB18030 或 UTF-16 编码）或 .xlsx",
        "en": "a CSV text file (UTF-8, GBK/GB18030 or UTF-16) or an .xlsx file",
    },
    "mst.exp.bad_file": {
        "zh": "可用 Excel 打开的 .xlsx 或格式正确的 CSV",
        "en": "an .xlsx Excel can open, or a well-formed CSV",
    },
    "mst.exp.empty": {"zh": "非空文件", "en": "a file with data"},
    # table headers (mst.col.*)
    "mst.col.milestone_id": {"zh": "编号", "en": "ID"},
    "mst.col.area_name": {"zh": "地区", "en": "Area"},
    "mst.col.task_no": {"zh": "任务序号", "en": "Task no."},
    "mst.col.title": {"zh": "任务", "en": "Task"},
    "mst.col.lead_department": {"zh": "牵头部门", "en": "Lead department"},
    "mst.col.lead_text": {"zh": "牵头部门", "en": "Lead department"},
    "mst.col.due_year": {"zh": "完成年份", "en": "Due"},
    "mst.col.status_text": {"zh": "状态", "en": "Status"},
    "mst.col.overdue_text": {"zh": "逾期", "en": "Overdue"},
    "mst.col.reported_at": {"zh": "报告时间（UTC）", "en": "Reported (UTC)"},
    "mst.col.user": {"zh": "报告人", "en": "Reported by"},
    "mst.col.department": {"zh": "报告部门", "en": "Department"},
    "mst.col.note": {"zh": "进展说明", "en": "Note"},
    "mst.col.evidence": {"zh": "佐证", "en": "Evidence"},
    "mst.col.previous_text": {"zh": "原状态", "en": "Was"},
    "mst.col.clause": {"zh": "原文条款", "en": "Clause"},
    "mst.col.doc_number": {"zh": "文号", "en": "Document no."},
    "mst.col.source": {"zh": "方式", "en": "Via"},
    "mst.col.change": {"zh": "变化", "en": "Change"},
    "mst.col.n_milestones": {"zh": "定性任务", "en": "Tasks"},
    "mst.col.n_overdue": {"zh": "⚠ 逾期", "en": "⚠ Overdue"},
    "mst.source.dialog": {"zh": "页面", "en": "page"},
    "mst.source.file": {"zh": "文件", "en": "file"},
    "mst.change.new": {"zh": "新报告", "en": "new report"},
    "mst.change.unchanged": {"zh": "与当前相同", "en": "same as now"},
    # overview
    "mst.ov.heading": {"zh": "定性任务按状态计数", "en": "Qualitative tasks by status"},
    "mst.ov.caption": {
        "zh": "每个地区的编号任务按最近一次报告的状态计数；“逾期”= 过了完成年份仍未完成（含从未报告的）。",
        "en": "Each area's numbered tasks by the status of their latest report; “overdue” = past the due year and not done (including tasks never reported).",
    },
    "mst.ov.area_line": {"zh": "定性任务 {n} 项：{parts}", "en": "{n} qualitative tasks: {parts}"},
    # meeting slides and deck
    "mst.meet.title": {"zh": "{area}：定性任务进展", "en": "{area}: progress on qualitative tasks"},
    "mst.meet.sub": {
        "zh": "已完成、延期和逾期的任务（逾期 = 过了完成年份仍未完成）",
        "en": "Tasks done, delayed or overdue (overdue = past the due year and not done)",
    },
    "mst.meet.sub_since": {
        "zh": "自 {since} 上次会议以来已完成或延期的任务，以及逾期任务",
        "en": "Tasks done or delayed since the last meeting ({since}), and overdue tasks",
    },
    "mst.meet.sub_all": {
        "zh": "文件未设定量化目标：全部定性任务及其状态",
        "en": "The plan sets no quantitative target: every qualitative task and its status",
    },
    "mst.meet.counts": {"zh": "共 {n} 项：{parts}", "en": "{n} tasks: {parts}"},
    "mst.meet.none": {
        "zh": "没有已完成、延期或逾期的任务。",
        "en": "No task done, delayed or overdue.",
    },
    "mst.meet.new": {"zh": "新", "en": "new"},
    "mst.col.reported_on": {"zh": "报告日期", "en": "Reported"},
}
