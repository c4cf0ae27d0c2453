"""Frames behind the 数据 / Data view: every table, and a data dictionary (no streamlit).

The dictionary's English meanings are read from the "Tables" section of
``docs/architecture.md`` (the data contract), so the two cannot drift apart; Chinese
meanings and the ``statuses`` table (the attainment result) are described here.
"""

from __future__ import annotations

import re

import pandas as pd

from ipdash import paths
from ipdash.engine.result import RESULT_COLUMNS
from ipdash.frames.verdicts import evaluate
from ipdash.settings import DEFAULT_VIEW, ViewSettings
from ipdash.store import read as store

TABLES = ("targets", "milestones", "documents", "actuals", "statuses", "areas", "indicators", "batches")
ARCHITECTURE = paths.REPO / "docs" / "architecture.md"

COLUMN_ZH = {
    "code": "代码",
    "name_zh": "中文名称",
    "name_en": "英文名称",
    "unit": "单位",
    "unit_en": "英文单位",
    "kind": "类型：存量/流量/比率",
    "measure": "计量：件数/金额/百分比/人均/时长",
    "direction": "方向：越高越好/越低越好",
    "per_capita_ok": "可否按每万人口折算",
    "description_zh": "中文说明",
    "description_en": "英文说明",
    "short_zh": "简称",
    "level": "层级：区/市",
    "population": "常住人口（人）",
    "population_year": "人口年份",
    "population_source": "人口来源",
    "population_confidence": "人口数据可信度（A/B/C）",
    "aliases": "别名（上传时识别用，以|分隔）",
    "doc_id": "文件编号（内部）",
    "file": "原文文件名",
    "doc_number": "文号",
    "title_zh": "中文标题",
    "title_en": "英文标题",
    "issuer_zh": "发文机关",
    "area": "地区代码",
    "issued": "发布日期",
    "url": "网址",
    "confidence": "可信度（A/B/C）",
    "target_id": "目标编号",
    "indicator": "指标代码",
    "aggregation": "口径：期末水平/当年流量/期间累计/年均增长/压减",
    "comparator": "比较：≥ / > / 约 / ≤",
    "value": "数值",
    "period_start": "起始年",
    "target_year": "目标年",
    "baseline_year": "基期年",
    "baseline_value": "基期值（空=取基期实际值）",
    "theme": "主题：创造/运用/保护/管理服务",
    "clause": "原文条款（逐字）",
    "assumptions_zh": "假设（中文）",
    "assumptions_en": "假设（英文）",
    "milestone_id": "任务编号",
    "lead_department": "牵头部门",
    "due_year": "年份",
    "status": "状态",
    "status_note": "状态说明",
    "year": "年份",
    "provenance": "来源类型：官方/估算/示意",
    "source_url": "来源网址",
    "note": "备注（原文引述或处理说明）",
    "batch_id": "上传批次（base = 内置数据）",
    "committed_at": "提交时间（UTC）",
    "user": "提交人",
    "file_name": "上传文件名",
    "sha256": "文件哈希",
    "n_rows": "行数",
    "n_new": "新增行数",
    "n_changed": "变更行数",
    "reverted_at": "撤销时间",
    "reverted_by": "撤销人",
}

COLUMN_EN = {
    "code": "code",
    "name_zh": "name in Chinese",
    "name_en": "name in English",
    "unit_en": "unit in English",
    "short_zh": "short Chinese name",
    "population_year": "year of the population figure",
    "population_source": "source of the population figure",
    "description_zh": "description (Chinese)",
    "description_en": "description (English)",
    "aliases": "aliases recognised by uploads (|-separated)",
    "doc_id": "document id (internal)",
    "title_zh": "title (Chinese)",
    "title_en": "title (English)",
    "issuer_zh": "issuing body",
    "url": "web address",
    "confidence": "grade A/B/C",
    "target_id": "target id",
    "area": "area code",
    "indicator": "indicator code",
    "value": "value",
    "period_start": "first year of the plan period",
    "target_year": "target year",
    "baseline_year": "baseline year",
    "assumptions_zh": "assumptions (Chinese)",
    "assumptions_en": "assumptions (English)",
    "milestone_id": "milestone id",
    "title": "title",
    "due_year": "due year",
    "status_note": "status note",
    "source_url": "source web address",
    "batch_id": "upload batch",
    "user": "who committed",
    "file_name": "uploaded file name",
    "sha256": "file hash",
    "n_rows": "rows",
    "n_new": "new rows",
    "n_changed": "changed rows",
    "reverted_at": "when reverted",
    "reverted_by": "who reverted",
    "unit": "unit",
}

STATUS_DICT = {  # column: (zh, en)
    "target_id": ("目标编号", "target id"),
    "area": ("地区代码", "area code"),
    "indicator": ("指标代码", "indicator code"),
    "aggregation": ("口径", "aggregation"),
    "comparator": ("比较", "comparator"),
    "target_year": ("目标年", "target year"),
    "target_value": ("目标值（目标单位）", "target value (target unit)"),
    "unit": ("目标单位", "target unit"),
    "latest_year": ("最新实际年份", "latest actual year"),
    "latest_value": ("最新实际值", "latest actual value"),
    "compared_value": ("与目标比较的数值（实际或预测）", "value compared with the target (actual or projected)"),
    "projected_value": ("目标年预测值", "projected value in the target year"),
    "lower_80": ("80%预测区间下限", "80 % prediction interval, lower"),
    "upper_80": ("80%预测区间上限", "80 % prediction interval, upper"),
    "p_meet": ("达成概率", "probability of meeting the target"),
    "pace_ratio": ("进度比 R = 实际速度 ÷ 所需速度", "pace ratio R = observed ÷ required pace"),
    "required_per_year": ("今后每年所需变化（序列单位）", "change needed per remaining year (series unit)"),
    "status": ("状态", "status"),
    "method": (
        "方法：linear线性 / loglinear对数线性 / damped阻尼趋势 / last_change末值加近期变化 / actual实际",
        "method: linear / loglinear / damped / last_change / actual",
    ),
    "n_points": ("拟合点数", "points fitted"),
    "early": ("提前达成", "met early"),
    "margin": ("超额(+)/差额(−)", "margin: over (+) / short (−)"),
    "explanation_zh": ("中文说明句", "explanation (Chinese)"),
    "explanation_en": ("英文说明句", "explanation (English)"),
    "uses_illustrative": ("是否用到示意数据", "uses illustrative values"),
    "as_of": ("评估截至年份", "judged as of year"),
    "basis": ("判断依据：实际/概率/进度/提前", "basis: actual / probability / pace / early"),
    "awaiting_data": ("目标年已到但数据未公布", "target year passed, its figure not yet published"),
    "margin_pct": ("超额/差额占目标比例", "margin as a share of the target"),
    "threshold": ("折算到序列单位的达标线", "pass mark in the series unit"),
    "series_unit": ("序列单位", "series unit"),
    "required_growth": ("今后每年所需增速", "growth needed per remaining year"),
    "recent_per_year": ("近年年均变化", "recent average change a year"),
    "recent_growth": ("近年年均增速", "recent average growth"),
    "pace_observed": ("实际速度", "observed pace"),
    "pace_required": ("所需速度", "required pace"),
    "pace_basis": ("进度比口径", "pace basis"),
    "pace_base_year": ("进度比基年", "pace base year"),
    "period_start": ("起始年", "first year of the period"),
    "base_year": ("基年", "base year"),
    "base_value": ("基年值", "base-year value"),
    "known_sum": ("已累计", "sum so far"),
    "window_start": ("拟合起始年", "first year fitted"),
    "reason": ("无法判断的原因", "why no judgement"),
    "wrong_way": ("方向相反", "moving the wrong way"),
    "method_note": ("方法备注", "method note"),
    "theme": ("主题", "theme"),
    "doc_id": ("文件编号", "document id"),
    "low_confidence": (
        "预测超出历史变化幅度（低可信度，按进度比判断）",
        "projection outside the series' history (low confidence, judged by pace)",
    ),
    "implied_change": ("预测隐含的每年变化", "change a year the projection implies"),
    "max_change": ("窗口内历史最大年变化", "largest yearly change in the window"),
    "trend_pace": ("方法自身的年均变化（对数线性为增速）", "the method's own pace a year (growth for log-linear)"),
    "fitted_latest": ("方法在最新年份的拟合值", "the method's value at the latest year"),
    "interval_factor": ("80%区间的回测校准系数 k", "calibration factor k of the 80 % interval"),
    "whatif_growth": ("假设测算的默认年增长率", "the what-if's default growth a year"),
}


def _split_top(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def architecture_columns() -> dict[str, dict[str, str]]:
    """{table: {column: English meaning}} parsed from docs/architecture.md ("## Tables")."""
    text = ARCHITECTURE.read_text(encoding="utf-8") if ARCHITECTURE.exists() else ""
    out: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"^\*\*([a-z_ ,()]+)\*\*[^:]*:\s*(.+?)(?=\n\n|\Z)", text, re.S | re.M):
        body = " ".join(m.group(2).split())
        cols: dict[str, str] = {}
        for item in _split_top(body.rstrip(".")):
            cm = re.match(r"`([a-z0-9_]+)`\s*(.*)", item)
            if cm:
                cols[cm.group(1)] = cm.group(2).strip().strip("()").replace("`", "").strip(" .") or cm.group(1)
        for name in re.findall(r"[a-z_]+", m.group(1)):
            if name in TABLES or name in ("base", "batches", "effective"):
                out.setdefault("actuals" if name in ("base", "effective") else name, cols)
    return out


def data_dictionary(lang: str = "zh") -> pd.DataFrame:
    """table, column, meaning (in ``lang``) for every column of every downloadable table."""
    arch = architecture_columns()
    en = lang == "en"
    rows = []
    for table in TABLES:
        cols = data_table_columns(table)
        for c in cols:
            if table == "statuses" and c in STATUS_DICT:
                meaning = STATUS_DICT[c][en]
            elif en:
                detail = arch.get(table, {}).get(c, "")
                base = COLUMN_EN.get(c, "")
                meaning = "; ".join(x for x in (base, detail) if x and x != c and x != base) or base or detail
            else:
                meaning = COLUMN_ZH.get(c) or STATUS_DICT.get(c, ("", ""))[0]
            rows.append({"table": table, "column": c, "meaning": meaning})
    return pd.DataFrame(rows, columns=["table", "column", "meaning"])


def data_table_columns(table: str) -> list[str]:
    if table == "statuses":
        return list(RESULT_COLUMNS)
    return list(store.table(table).columns)


def data_table(table: str, *, view: ViewSettings = DEFAULT_VIEW) -> pd.DataFrame:
    """One downloadable table; ``statuses`` is the attainment result of every target."""
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}")
    if table == "statuses":
        return evaluate(view=view)
    if table == "actuals":
        return store.actuals(include_illustrative=view.include_illustrative)
    return store.table(table)


def data_tables(*, view: ViewSettings = DEFAULT_VIEW) -> dict[str, pd.DataFrame]:
    return {name: data_table(name, view=view) for name in TABLES}
