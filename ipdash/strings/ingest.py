"""Strings and Chinese vocabulary of the ingest package (keys ``ingest.*``).

``STRINGS`` holds every message an upload can produce (the expected text of each problem, the
read summary, the conversion notes), zh beside en. The constants below it are the words
analysts write in their sheets — header aliases, unit and scale words, blank and total
markers, provenance words, template texts — so that no Chinese literal lives in
``ipdash/ingest/``; the code there refers to them by name.
"""

STRINGS = {
    # ---- whole-file problems (``expected`` texts)
    "ingest.limit.size": {"zh": "文件不超过 {mb} MB", "en": "a file of at most {mb} MB"},
    "ingest.p.too_large": {
        "zh": "文件不超过 {mb} MB；请拆分后分批上传",
        "en": "a file of at most {mb} MB; split it and upload the parts",
    },
    "ingest.p.too_many_cells": {
        "zh": "全部工作表合计不超过 {n} 个单元格（含空白格）；请删去多余的行列或拆分文件",
        "en": "at most {n} cells in all sheets together (blank cells included); delete unused rows/columns or split the file",
    },
    "ingest.p.unzipped_too_large": {
        "zh": "解压后不超过 {mb} MB、不超过 {parts} 个部件的 .xlsx；本文件超出（可能已损坏或是恶意文件）",
        "en": "an .xlsx of at most {mb} MB unpacked and {parts} parts; this one exceeds that (damaged or malicious?)",
    },
    "ingest.p.too_slow": {
        "zh": "{s} 秒内能读完的文件；请删去多余的行列、公式或拆分文件",
        "en": "a file that can be read within {s} s; remove unused rows, columns or formulas, or split it",
    },
    "ingest.p.xml_doctype": {
        "zh": "Excel 或 WPS 保存的标准 .xlsx（本文件含 DTD 声明）",
        "en": "a standard .xlsx as Excel or WPS saves it (this one declares a DTD)",
    },
    "ingest.p.empty": {"zh": "非空文件", "en": "a file with data"},
    "ingest.p.old_excel": {
        "zh": "请在 Excel 中“另存为” .xlsx 或 CSV（UTF-8）",
        "en": "save it as .xlsx or CSV (UTF-8) in Excel",
    },
    "ingest.p.bad_xlsx": {"zh": "可用 Excel 打开的 .xlsx 文件", "en": "an .xlsx file that Excel can open"},
    "ingest.p.encoding": {
        "zh": "CSV 文本文件（UTF-8、GBK/GB18030 或 UTF-16 编码）或 .xlsx",
        "en": "a CSV text file (UTF-8, GBK/GB18030 or UTF-16) or an .xlsx file",
    },
    "ingest.p.bad_csv": {"zh": "格式正确的 CSV", "en": "a well-formed CSV"},
    "ingest.p.no_header": {
        "zh": "表头须含“地区”和“指标”两列（或 area / indicator），可参照模板；已在每个工作表的前 {n} 行中查找",
        "en": "a header row naming the area and indicator columns (地区/area, 指标/indicator; see the template); searched the first {n} rows of every sheet",
    },
    "ingest.p.no_sheet": {"zh": "工作表名称之一：{names}", "en": "one of the sheets: {names}"},
    "ingest.p.no_value_column": {
        "zh": "一列“数值”（长表）或以年份为列名的多列（宽表，如 2023、2023年）",
        "en": "a value column (数值/value, long format) or year columns (2023, 2023年; wide format)",
    },
    "ingest.p.no_year_column": {
        "zh": "一列“年份”（或 year），或把年份作为列名（宽表）",
        "en": "a year column (年份/year), or years as column headers (wide format)",
    },
    "ingest.p.no_rows": {
        "zh": "至少一行有数值的数据（模板中“数值”一列不能全空）",
        "en": "at least one row with a value (the value column is empty)",
    },
    "ingest.p.formula_uncomputed": {
        "zh": "数值而非公式：单元格 {cell} 的公式没有保存计算结果，且无法在此计算（{formula}）；请在 Excel/WPS 中打开并保存，或改为数值",
        "en": "a value, not a formula: cell {cell} holds a formula without a saved result that cannot be computed here ({formula}); open and save the file in Excel/WPS, or type the value",
    },
    "ingest.p.unit_line_unknown": {
        "zh": "一个可识别的单位，如“单位：万件”“单位：亿元”；或删去这一行，改用“单位”列逐行注明",
        "en": "one recognisable unit, e.g. 单位：万件 or 单位：亿元; or delete that line and give the unit per row in a unit column",
    },
    "ingest.p.unit_lines_disagree": {
        "zh": "同一工作表只写一个单位；表中写有不同的单位：{units}",
        "en": "one unit per sheet; the sheet states different units: {units}",
    },
    # ---- row problems
    "ingest.p.area_known": {
        "zh": "目录中的地区：{names}（名称、简称、英文名或代码均可）",
        "en": "an area in the catalog: {names} (full, short or English name, or code)",
    },
    "ingest.p.area_allowed": {"zh": "您有权上传的地区：{names}", "en": "an area you may upload: {names}"},
    "ingest.p.indicator_known": {
        "zh": "目录中的指标名称、英文名或代码（见模板“说明”）",
        "en": "an indicator of the catalog by name, English name or code (see the template notes)",
    },
    "ingest.p.year_int": {
        "zh": "四位年份，如 2024、2024年 或 2024年1-12月",
        "en": "a four-digit year such as 2024, 2024年 or 2024年1-12月",
    },
    "ingest.p.year_partial": {
        "zh": "全年数据（如 2024年 或 2024年1-12月）；这里只是一年中的一段",
        "en": "a full year (2024, 2024年 or 2024年1-12月); this is only part of a year",
    },
    "ingest.p.year_range": {
        "zh": "{lo}–{hi} 之间的年份（实际值不能是未来年份）",
        "en": "a year from {lo} to {hi} (actuals cannot be in the future)",
    },
    "ingest.p.value_number": {
        "zh": "数字，可带千分位或单位，如 1,234、3.2万、12.5%",
        "en": "a number, optionally with separators or a unit: 1,234, 3.2万, 12.5%",
    },
    "ingest.p.value_finite": {"zh": "有限的数字", "en": "a finite number"},
    "ingest.p.value_nonneg": {"zh": "不小于 0 的数", "en": "a number of at least 0"},
    "ingest.p.unit_convertible": {
        "zh": "可换算为该指标单位的单位（{target}），如 件、万件、亿元、万元、%、件/万人",
        "en": "a unit convertible into the indicator's unit ({target}), e.g. 件, 万件, 亿元, 万元, %, 件/万人",
    },
    "ingest.p.unit_conflict": {
        "zh": "一种单位：{a}与{b}不一致；请删去其一或改为一致",
        "en": "one unit: {a} and {b} disagree; remove one or make them agree",
    },
    "ingest.p.implausible": {
        "zh": "{indicator}（{area}）在 {lo}–{hi} {unit} 之间（{why}）；换算后为 {got}，请核对单位（如“万”）与数值",
        "en": "{indicator} ({area}) between {lo} and {hi} {unit} ({why}); after conversion this is {got}: check the unit (e.g. 万) and the value",
    },
    "ingest.p.count_whole": {
        "zh": "整数个{unit}：换算后为 {got}，含小数，像是漏写了单位（如“万{unit}”）",
        "en": "a whole number of {unit}: after conversion this is {got}, a fraction; is a unit such as 万{unit} missing?",
    },
    "ingest.p.provenance_known": {
        "zh": "official/官方、estimate/估算 或 illustrative/示意（留空按来源自动判定）",
        "en": "official, estimate or illustrative (blank: official when a source is given, else estimate)",
    },
    "ingest.p.confidence_known": {"zh": "A、B、C 或留空", "en": "A, B, C or blank"},
    "ingest.p.percent_max": {"zh": "百分比不超过 100", "en": "a percentage of at most 100"},
    "ingest.p.official_source": {
        "zh": "“官方”数据须注明来源（网址或文件）",
        "en": "a source (URL or document) for an official value",
    },
    "ingest.p.duplicate": {
        "zh": "每个 地区×指标×年份 只出现一次（与{first}重复）",
        "en": "one row per area × indicator × year (repeats {first})",
    },
    "ingest.p.too_many": {
        "zh": "另有 {more} 处问题未列出（共 {n} 处）；请先修正以上问题",
        "en": "{more} more problems not listed ({n} in all); fix those above first",
    },
    "ingest.row_ref": {"zh": "第 {row} 行", "en": "row {row}"},
    "ingest.sheet_row_ref": {"zh": "工作表“{sheet}”第 {row} 行", "en": "row {row} of sheet {sheet}"},
    # ---- warnings
    "ingest.w.jump": {
        "zh": "与上年（{year}年 {prev}）相比变化超过 {k} 倍（现为 {now}）：请核对单位与数值",
        "en": "more than {k}× away from the previous year ({year}: {prev}; now {now}): check the unit and the value",
    },
    "ingest.w.official_change": {
        "zh": "将修改已有的官方数值 {old}（改为 {now}）",
        "en": "changes an existing official value {old} (to {now})",
    },
    # ---- plausibility reasons (ipdash.ingest.plausible)
    "ingest.why.count": {
        "zh": "至多每位常住人口 20 {unit}，常住人口 {pop}",
        "en": "at most 20 {unit} per resident; {pop} residents",
    },
    "ingest.why.money": {
        "zh": "每位常住人口至多 1000 万元，常住人口 {pop}",
        "en": "at most CNY 10 million per resident; {pop} residents",
    },
    "ingest.why.per_capita": {"zh": "每万人至多 2000", "en": "at most 2,000 per 10,000 residents"},
    "ingest.why.duration": {"zh": "至多 10 年", "en": "at most 10 years"},
    "ingest.why.percent": {"zh": "百分比", "en": "a percentage"},
    "ingest.why.any": {"zh": "任何指标的数值都不超过 10¹⁵", "en": "no value of any indicator exceeds 10¹⁵"},
    # ---- unit statements: where a unit was written (conversion notes and conflicts)
    "ingest.where.above": {"zh": "表头上方", "en": "the line above the header"},
    "ingest.where.below": {"zh": "表头下方", "en": "the line below the header"},
    "ingest.where.title": {"zh": "标题中", "en": "the title"},
    "ingest.where.header": {"zh": "列名", "en": "the column header"},
    "ingest.where.unit_col": {"zh": "“单位”列", "en": "the unit column"},
    "ingest.where.name": {"zh": "指标名称中", "en": "the indicator name"},
    "ingest.where.inline": {"zh": "数值中", "en": "the value"},
    "ingest.where.format": {"zh": "单元格格式", "en": "the cell format"},
    "ingest.unit_line_text": {"zh": "单位：{unit}", "en": "单位：{unit}"},
    "ingest.col.sheet_name": {"zh": "工作表名称（表中无地区列）", "en": "sheet name (no area column)"},
    "ingest.stmt": {"zh": "{where}“{text}”", "en": "{where} “{text}”"},
    "ingest.conv": {"zh": "按{stmt}换算 ×{factor}", "en": "converted ×{factor} by {stmt}"},
    # ---- read summary (page and CLI)
    "ingest.summary": {
        "zh": "读取 {rows} 行、{n} 个数值；跳过：空白 {blank} 个，合计/小计 {totals} 行；有问题的行：{refused}",
        "en": "Read {rows} rows, {n} values; skipped: {blank} blank, {totals} total/subtotal rows; rows with problems: {refused}",
    },
    "ingest.sheets_read": {"zh": "已读取的工作表：{names}", "en": "Sheets read: {names}"},
    "ingest.sheets_not_read": {"zh": "未读取的工作表：{names}", "en": "Sheets not read: {names}"},
    "ingest.sheet_reason.no_header": {"zh": "无表头", "en": "no header"},
    "ingest.sheet_reason.hidden": {"zh": "隐藏", "en": "hidden"},
    "ingest.sheet_reason.empty": {"zh": "空白", "en": "empty"},
    "ingest.sheet_reason.not_chosen": {"zh": "未选择", "en": "not chosen"},
    "ingest.totals_rows": {"zh": "跳过的合计/小计行：{rows}", "en": "Total/subtotal rows skipped: {rows}"},
    "ingest.partial_columns": {
        "zh": "未读取的列（不是全年数据）：{cols}",
        "en": "Columns not read (not a full year): {cols}",
    },
    "ingest.merged_filled": {
        "zh": "合并单元格按其左上角的值填充：{n} 格",
        "en": "Merged cells filled with their top-left value: {n}",
    },
    "ingest.formulas_computed": {
        "zh": "计算了未保存结果的公式：{n} 个",
        "en": "Formulas without a saved result, computed here: {n}",
    },
    "ingest.conversions": {"zh": "单位换算：{items}", "en": "Unit conversions: {items}"},
    "ingest.conv_count": {"zh": "{text}（{n} 个数值）", "en": "{text} ({n} values)"},
    "ingest.sheet_pick": {"zh": "读取的工作表", "en": "Sheets to read"},
    "ingest.sheet_all": {"zh": "全部有数据的工作表", "en": "every sheet with data"},
    # ---- commit refusals and faults
    "ingest.err.stale": {
        "zh": "数据已被他人更新，请重新预览",
        "en": "The data were updated by someone else; preview again",
    },
    "ingest.err.io_not_committed": {
        "zh": "无法写入数据目录（{error}）：未提交，数据没有任何改变。请腾出磁盘空间或检查权限后重试。",
        "en": "Could not write to the data directory ({error}): nothing was committed and the data are unchanged. Free disk space or check permissions, then try again.",
    },
    "ingest.err.io_committed": {
        "zh": "批次 {batch} 已提交，但随后写入失败（{error}）；腾出磁盘空间后，打开任一页面或运行任一命令即自动补全。",
        "en": "Batch {batch} is committed, but a later write failed ({error}); once there is disk space, opening any page or running any command completes it.",
    },
    "ingest.sep": {"zh": "、", "en": ", "},
    "upload.col.sheet": {"zh": "工作表", "en": "Sheet"},
    "upload.col.conversion": {"zh": "单位换算", "en": "Unit conversion"},
    "upload.template_name": {"zh": "ipdash-上传模板", "en": "ipdash-upload-template"},
    "upload.layout_mixed": {"zh": "长表与宽表", "en": "long and wide format"},
    "upload.err.internal": {
        "zh": "处理此文件时出错，未写入任何数据。请检查文件后重试；如仍出错，请联系管理员。",
        "en": "Something went wrong while reading this file; nothing was written. Check the file and try again, or contact the administrator.",
    },
}

# ---------------------------------------------------------------- vocabulary of analysts' sheets
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "area": (
        "地区", "区域", "区", "行政区", "区县", "地区名称", "区域名称", "区名", "区县名称", "单位名称",
        "行政区划", "辖区", "所属区", "area", "district", "region", "areacode",
    ),
    "indicator": ("指标", "指标名称", "指标代码", "项目", "项目名称", "统计指标", "指标项", "indicator", "metric", "indicatorcode"),
    "year": ("年份", "年度", "年", "统计年度", "报告期", "year", "fy"),
    "value": (
        "数值", "数据", "值", "实际值", "完成值", "实绩", "实际数", "完成数", "实际完成", "数量", "金额",
        "value", "actual", "amount",
    ),
    "unit": ("单位", "计量单位", "unit", "units"),
    "provenance": ("数据性质", "性质", "数据类型", "provenance", "type", "datatype"),
    "confidence": ("可信度", "置信度", "confidence", "grade"),
    "source_url": ("来源", "来源网址", "数据来源", "出处", "链接", "source", "sourceurl", "url", "link"),
    "note": ("备注", "说明", "注释", "note", "notes", "remark", "remarks", "comment"),
}  # fmt: skip
BLANK_WORDS = ("", "-", "--", "—", "——", "–", "/", "n/a", "na", "nan", "null", "none", "无", "暂无", "…", "...")
TOTAL_WORDS = ("合计", "小计", "总计", "共计", "汇总", "总数", "total", "subtotal", "grandtotal", "sum")
TOTAL_PREFIXES = ("合计", "小计", "总计", "共计", "汇总")
UNIT_LABELS = ("计量单位", "金额单位", "数量单位", "单位")
SENTENCE_ENDS = "。"
YEAR_SUFFIXES = ("年度", "年末", "年底", "全年", "年")
MONTH_WORD = "月"
MONTH_END_WORDS = ("月末", "月底")
RANGE_CHARS = "-~～—–至到"
PART_YEAR_WORDS = ("季度", "上半年", "下半年", "半年", "前三季度")
FULL_YEAR_WORDS = ("全年",)

# scale words, longest matched first by the code
SCALE_WORDS: dict[str, float] = {
    "": 1.0, "十": 10.0, "百": 1e2, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8,
    "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12, "thousand": 1e3, "thousands": 1e3, "k": 1e3,
    "10k": 1e4, "tenthousand": 1e4, "10thousand": 1e4, "million": 1e6, "millions": 1e6, "mn": 1e6,
    "100million": 1e8, "hundredmillion": 1e8, "billion": 1e9, "bn": 1e9,
}  # fmt: skip
# base unit spellings → canonical base ("n" = a plain count)
UNIT_BASES: dict[str, str] = {
    "件": "n", "项": "n", "次": "n", "笔": "n", "个": "n", "件次": "n", "家": "n", "户": "n",
    "patents": "n", "patent": "n", "trademarks": "n", "applications": "n", "registrations": "n", "cases": "n",
    "transactions": "n", "items": "n", "pcs": "n", "firms": "n", "firm": "n", "centres": "n", "centers": "n",
    "companies": "n", "enterprises": "n",
    "元": "元", "元人民币": "元", "人民币": "元", "yuan": "元", "rmb": "元", "cny": "元", "yuanrmb": "元",
    "天": "天", "日": "天", "days": "天", "day": "天", "个工作日": "天", "工作日": "天",
    "%": "%", "百分比": "%", "percent": "%", "pct": "%", "%ofgdp": "%",
    "件/万人": "件/万人", "件/每万人": "件/万人", "件每万人": "件/万人", "件/万人口": "件/万人",
    "件/每万人口": "件/万人", "/万人": "件/万人", "per10kresidents": "件/万人", "per10k": "件/万人",
    "per10,000residents": "件/万人", "per10000residents": "件/万人",
}  # fmt: skip
MONEY_BASE = "元"
DAY_BASE = "天"
PROVENANCE_WORDS: dict[str, str] = {
    "official": "official", "官方": "official", "官方公布": "official", "官方数据": "official", "公布": "official",
    "统计": "official", "统计数据": "official", "estimate": "estimate", "估算": "estimate", "估计": "estimate",
    "测算": "estimate", "预估": "estimate", "illustrative": "illustrative", "示意": "illustrative",
    "示意数据": "illustrative",
}  # fmt: skip
# the column names used when a file has no such column (problem reports) and in the template
DEFAULT_HEADERS = {
    "area": "地区", "indicator": "指标", "year": "年份", "value": "数值", "unit": "单位", "provenance": "数据性质",
    "confidence": "可信度", "source_url": "来源", "note": "备注",
}  # fmt: skip

# ---------------------------------------------------------------- the upload template
FULLWIDTH_COMMA = "，"
TEMPLATE_SHEET_DATA = "数据"
TEMPLATE_SHEET_NOTES = "说明"
TEMPLATE_NOTES_HEADER = ("列 column", "说明")
TEMPLATE_INDICATOR_COLUMNS = {
    "code": "代码 code", "name_zh": "名称", "name_en": "name", "unit": "单位 unit", "aliases": "别名 aliases",
}  # fmt: skip
TEMPLATE_AREA_COLUMNS = {
    "code": "代码 code", "name_zh": "名称", "name_en": "name", "short_zh": "简称", "aliases": "别名 aliases",
}  # fmt: skip
TEMPLATE_NOTES = (
    ("地区 area", "区名、简称、英文名或代码均可，如 浦东新区 / 浦东 / 上海市浦东新区 / Pudong / 310115 / pudong"),
    ("指标 indicator", "指标名称、英文名或代码，见下方指标表"),
    ("年份 year", "四位年份，如 2025、2025年、2025年1-12月；也可把年份作为列名（宽表：2023、2024…）"),
    ("数值 value", "数字；可带千分位（1,234）或单位（3.2万、12.5%）；留空的行不导入；合计/小计行自动跳过"),
    ("单位 unit", "留空即按指标单位；可写 万件、万元、亿元、%、件/万人 等，会自动换算；单位写在多处时须一致"),
    (
        "数据性质 provenance",
        "official/官方（须填来源）、estimate/估算、illustrative/示意；留空：有来源为官方，否则为估算",
    ),
    ("来源 source", "网址或文件名（官方数据必填）"),
    ("备注 note", "任意说明"),
    (
        "校验 checks",
        "地区、指标须在目录中；数值不小于 0，百分比不超过 100；件数为整数；数值须在指标的合理范围内"
        "（件数不超过常住人口的 20 倍，金额每人不超过 1000 万元，每万人指标不超过 2000，天数不超过 10 年）；"
        "同一 地区×指标×年份 只能出现一次。比上年变化超过 3 倍或修改官方数值时需确认。",
    ),
)
