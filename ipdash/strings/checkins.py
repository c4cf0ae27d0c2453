"""Strings of the check-ins on targets (ipdash/meetings/checkins.py, ipdash/ui/checkins_view.py): keys ``chk.*``."""

STRINGS = {
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
