"""Strings of the check-ins on targets (ipdash/meetings/checkins.py, ipdash/ui/checkins_view.py): keys ``chk.*``."""

STRINGS = {
    "chk.title": {"zh": "进展填报", "en": "Check-ins"},
    "chk.none": {"zh": "尚无进展填报。", "en": "No check-ins yet."},
    "chk.col.checked_at": {"zh": "填写时间（UTC）", "en": "Written (UTC)"},
    "chk.col.user": {"zh": "填写人", "en": "By"},
    "chk.col.department": {"zh": "部门", "en": "Department"},
    "chk.col.note": {"zh": "情况说明", "en": "Note (why)"},
    "chk.col.action": {"zh": "正在采取的措施", "en": "Action"},
    "chk.col.confidence": {"zh": "信心", "en": "Confidence"},
    "chk.col.data_as_of": {"zh": "所据数据日期", "en": "Data as of"},
    "chk.conf.none": {"zh": "不填", "en": "Not given"},
    "chk.conf.high": {"zh": "高", "en": "High"},
    "chk.conf.medium": {"zh": "中", "en": "Medium"},
    "chk.conf.low": {"zh": "低", "en": "Low"},
    "chk.form.title": {"zh": "填写进展", "en": "Add a check-in"},
    "chk.form.note": {"zh": "情况说明（原因）", "en": "Note (why)"},
    "chk.form.action": {"zh": "正在采取的措施", "en": "Action (what is being done)"},
    "chk.form.confidence": {"zh": "达成目标的信心", "en": "Confidence of meeting the target"},
    "chk.form.submit": {"zh": "提交", "en": "Submit"},
    "chk.saved": {"zh": "已记录目标 {target} 的进展。", "en": "Check-in on {target} recorded."},
    "chk.sign_in": {
        "zh": "登录（数据上传页）后，本地区（及牵头部门）的账号可在此填写进展。",
        "en": "Sign in (on the Upload page) to add a check-in: accounts of the target's area (and lead department) "
        "may.",
    },
    "chk.not_yours": {
        "zh": "账号 {user} 不负责此目标的地区或牵头部门，不能填写进展。",
        "en": "Account {user} is not of this target's area or lead department, so it may not check in here.",
    },
    # refusals (meetings.checkins.CheckinError codes)
    "chk.err.no_user": {"zh": "没有用户 {user}。", "en": "There is no user {user}."},
    "chk.err.no_target": {"zh": "没有目标 {target}。", "en": "There is no target {target}."},
    "chk.err.no_permission": {
        "zh": "您的账号不能对目标 {target} 填写进展（地区或牵头部门不符）。",
        "en": "Your account may not check in on target {target} (its area or lead department is not yours).",
    },
    "chk.err.empty_note": {"zh": "请填写情况说明（原因）。", "en": "Please write a note (why)."},
    "chk.err.too_long": {
        "zh": "{field} 太长：最多 {most} 个字。",
        "en": "{field} is too long: at most {most} characters.",
    },
    "chk.err.bad_confidence": {
        "zh": "信心程度 {value} 无效：可选 high / medium / low，或不填。",
        "en": "Confidence {value} is not valid: high, medium, low or none.",
    },
    "chk.err.stale": {
        "zh": "数据在您查看后已被更新，未保存。请刷新页面、查看最新数据后再提交。",
        "en": "The data were updated after you read them; nothing was saved. Reload, read the new figures, "
        "then submit again.",
    },
    "chk.err.lock": {
        "zh": "其他人正在写入数据，请稍后再试。",
        "en": "Someone else is writing to the store; try again in a moment.",
    },
}
