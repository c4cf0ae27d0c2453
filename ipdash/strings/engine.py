"""The engine's sentences (explanation, what-if) and the target as written, zh and en.

Placeholders are filled by ``ipdash.engine.explain`` / ``ipdash.engine.wording`` /
``ipdash.engine.scenario`` with numbers already formatted. Vocabulary the engine matches on
(the per-10 000-residents unit suffix) is ``ipdash.strings.units.PER_10K``.
"""

STRINGS = {
    # --- pieces
    "eng.sep": {"zh": "；", "en": "; "},
    "eng.end": {"zh": "。", "en": "."},
    "eng.comma": {"zh": "，", "en": ", "},
    "eng.paren": {"zh": "（{x}）", "en": " ({x})"},
    "eng.up": {"zh": "增 {v}", "en": "+{v}"},
    "eng.down": {"zh": "减 {v}", "en": "−{v}"},
    "eng.grow": {"zh": "增长 {v}", "en": "+{v}"},
    "eng.shrink": {"zh": "下降 {v}", "en": "−{v}"},
    "eng.pp": {"zh": "{v} 个百分点", "en": "{v} percentage points"},
    "eng.over": {"zh": "超额 {a}", "en": "exceeded by {a}"},
    "eng.short": {"zh": "差 {a}", "en": "short by {a}"},
    "eng.cmp.ge": {"zh": "≥", "en": "≥"},
    "eng.cmp.gt": {"zh": ">", "en": ">"},
    "eng.cmp.le": {"zh": "≤", "en": "≤"},
    "eng.cmp.approx": {"zh": "约", "en": "about"},
    "eng.method.linear": {"zh": "线性趋势", "en": "linear trend"},
    "eng.method.loglinear": {"zh": "对数线性趋势（恒定增速）", "en": "log-linear (constant-growth) trend"},
    "eng.method.damped": {"zh": "阻尼趋势（霍尔特法）", "en": "damped trend (Holt)"},
    "eng.method.last_change": {"zh": "末值加近期变化", "en": "last value plus recent change"},
    # --- the target as written (tiles, cards, detail, tables, slides, and the sentence's head)
    "eng.target.level": {"zh": "{cmp} {v}", "en": "{cmp} {v}"},
    "eng.target.annual": {"zh": "全年 {cmp} {v}", "en": "{cmp} {v} in the year"},
    "eng.target.cumulative": {"zh": "{ps}–{T}年累计 {cmp} {v}", "en": "{cmp} {v} in total, {ps}–{T}"},
    "eng.target.growth": {"zh": "年均增长 {cmp} {v}（{by}–{T}）", "en": "average growth {cmp} {v} a year ({by}–{T})"},
    "eng.target.reduction": {
        "zh": "压减{obj} {v}（{by}年 {b} → {T}年 ≤ {thr}）",
        "en": "cut{obj} by {v} ({by}: {b} → {T}: ≤ {thr})",
    },
    "eng.target.reduction_nobase": {"zh": "压减{obj} {v}（较{by}年）", "en": "cut{obj} by {v} (from {by})"},
    "eng.obj.admin_case_days": {"zh": "办理周期", "en": " handling time"},
    # --- the sentence
    "eng.no_target": {"zh": "无量化目标（按里程碑跟踪）。", "en": "No quantitative target (tracked as a milestone)."},
    "eng.head": {"zh": "{T}年目标：{text}", "en": "{T} target: {text}"},
    "eng.head.reduction": {
        "zh": "{T}年目标：压减{obj} {v}，即由{by}年的 {b} 降至不高于 {thr}",
        "en": "{T} target: cut{obj} by {v}, i.e. from {b} in {by} to at most {thr}",
    },
    "eng.no_data": {"zh": "暂无实际数据", "en": "no actual data yet"},
    "eng.latest": {"zh": "{y}年实际 {v}", "en": "{y} actual {v}"},
    "eng.growth_base": {"zh": "（{by}年基数 {b}）", "en": " ({by} base {b})"},
    "eng.cum_none": {"zh": "期内尚无实际数", "en": "no actual within the period yet"},
    "eng.cum_known": {"zh": "{span}年已累计 {v}", "en": "{v} accumulated in {span}"},
    "eng.awaiting": {
        "zh": "目标年数据尚未公布，以下为预测",
        "en": "the target-year figure is not yet published, so it is projected",
    },
    "eng.early": {"zh": "，已提前达成（{m}）", "en": ", already met early ({m})"},
    "eng.hold": {
        "zh": "最新值已达到目标水平，保持即可",
        "en": "the latest value already meets the target level and needs only to be held",
    },
    "eng.need": {"zh": "今后每年需{w}", "en": "needs {w} a year from now on"},
    "eng.need_flow": {"zh": "剩余每年需 {w}", "en": "needs {w} a year from now on"},
    "eng.cum_reached": {"zh": "已累计达到目标", "en": "the total already reaches the target"},
    "eng.recent_flow": {"zh": "近年年均 {w}", "en": "recent average {w} a year"},
    "eng.proj": {
        "zh": "按{method}（{span}年{n}个点，年均{w}）预计{what}",
        "en": "the {method} of the {n} points {span} ({w} a year) projects {what}",
    },
    "eng.proj_last": {
        "zh": "按末值加近期变化（{prev}–{y}年每年{w}；区间据{span}年{n}个点的年变化）预计{what}",
        "en": "the last value plus the recent change ({w} a year {prev}–{y}; interval from the yearly changes of the "
        "{n} points {span}) projects {what}",
    },
    "eng.proj_plain": {
        "zh": "按{method}（{span}年{n}个点）预计{what}",
        "en": "the {method} of the {n} points {span} projects {what}",
    },
    "eng.interval": {
        "zh": "（80%区间 {lo}–{hi}{extra}），达成概率 {p}",
        "en": " (80% interval {lo}–{hi}{extra}), probability of meeting {p}",
    },
    "eng.interval_only": {"zh": "（80%区间 {lo}–{hi}{extra}）", "en": " (80% interval {lo}–{hi}{extra})"},
    "eng.cum_extra": {"zh": "，区间按方差合并", "en": ", interval by combined variances"},
    "eng.what.level": {"zh": "{T}年 {v}", "en": "{v} for {T}"},
    "eng.what.cumulative": {"zh": "至{T}年累计 {v}", "en": "a {T} total of {v}"},
    "eng.what.growth": {"zh": "{T}年 {x}，年均增长 {v}", "en": "{x} for {T}, average growth of {v}"},
    "eng.what.reduction": {"zh": "{T}年 {x}，压减 {v}", "en": "{x} for {T}, a cut of {v}"},
    "eng.fit_low": {
        "zh": "；{method}在{y}年的拟合值 {fit} 低于实际 {v}，故预测低于“实际值加趋势”",
        "en": "; the {method} stands at {fit} in {y}, below the actual {v}, so the projection lands lower than the actual plus the trend",
    },
    "eng.fit_high": {
        "zh": "；{method}在{y}年的拟合值 {fit} 高于实际 {v}，故预测高于“实际值加趋势”",
        "en": "; the {method} stands at {fit} in {y}, above the actual {v}, so the projection lands higher than the actual plus the trend",
    },
    "eng.two_points": {
        "zh": "（仅2个数据点，无区间，按进度比判断）",
        "en": " (only 2 points: no interval, judged by the pace ratio)",
    },
    "eng.implausible": {
        "zh": "；但这意味着每年{w}，超过历史最大年变化 {max} 的2倍，可信度低，改按进度比判断",
        "en": "; that means {w} a year, more than twice the largest yearly change so far ({max}): low confidence, so it is judged by the pace ratio",
    },
    "eng.pace": {
        "zh": "；进度比 R = {b}–{y}年实际年均{o} ÷ {b}–{T}年所需年均{q} = {R}",
        "en": "; pace ratio R = observed {o} a year {b}–{y} ÷ required {q} a year {b}–{T} = {R}",
    },
    "eng.pace_flow": {
        "zh": "；进度比 R = 近年年均 {o} ÷ 剩余每年所需 {q} = {R}",
        "en": "; pace ratio R = recent average {o} a year ÷ {q} needed a year = {R}",
    },
    "eng.pace_growth": {
        "zh": "；进度比 R = {b}–{y}年实际年均增长 {o} ÷ 目标年均增长 {q} = {R}",
        "en": "; pace ratio R = observed average growth {o} {b}–{y} ÷ target growth {q} = {R}",
    },
    "eng.wrong_way": {"zh": "；近年走势与目标方向相反", "en": "; recent change runs away from the target"},
    "eng.fallback": {"zh": "（数据含零或负值，改用线性趋势）", "en": " (zero or negative values: linear used)"},
    "eng.illus": {"zh": "（含示意数据）", "en": " (uses illustrative data)"},
    "eng.no_baseline": {
        "zh": "基数（{by}年）数据缺失，无法计算",
        "en": "the base ({by}) is missing, so it cannot be computed",
    },
    "eng.no_flow": {
        "zh": "存量数据年份不连续，无法计算年度增量",
        "en": "stock figures are not in consecutive years; no yearly change",
    },
    "eng.bad_period": {
        "zh": "起算年晚于目标年，请核对目标定义",
        "en": "period start is after the target year; check the target",
    },
    "eng.out_of_range": {
        "zh": "数据超出可计算范围（数值为无穷大或绝对值超过10¹⁵），无法判断，请核对数据",
        "en": "a value is outside the range that can be computed with (infinite, or beyond 10¹⁵ in size); "
        "no judgement: check the data",
    },
    "eng.no_pace": {
        "zh": "；规划基年（{ps}年前一年）以来数据不足2个，无法计算进度比",
        "en": "; fewer than 2 actuals since the plan's base year (the year before {ps}), so no pace ratio",
    },
    "eng.one_point": {"zh": "；仅1个数据点，无法判断趋势", "en": "; only one data point, no trend can be judged"},
    "eng.actual.level": {"zh": "{T}年实际 {v}", "en": "{T} actual {v}"},
    "eng.actual.cumulative": {"zh": "{ps}–{T}年实际累计 {v}", "en": "actual {ps}–{T} total {v}"},
    "eng.actual.growth": {
        "zh": "{T}年实际 {x}（{by}年基数 {b}），年均增长 {q}",
        "en": "{T} actual {x} ({by} base {b}), average growth {q}",
    },
    "eng.actual.reduction": {"zh": "{T}年实际 {x}，压减 {q}", "en": "{T} actual {x}, a cut of {q}"},
    "eng.achieved": {"zh": "已达成", "en": "achieved"},
    "eng.achieved_tol": {"zh": "（在“约”的2%容差内）", "en": " (within the 2% tolerance of 'about')"},
    "eng.missed": {"zh": "未达成", "en": "missed"},
    # --- what-if (ipdash.engine.scenario)
    "eng.whatif.measured": {
        "zh": "{T}年已有实际值 {q}，目标{word}；假设增长率不改变结果。",
        "en": "{T} is already measured at {q}: the target was {word}; an assumed growth rate changes nothing.",
    },
    "eng.whatif": {
        "zh": "若自{y}年起每年增长 {g}，{T}年可达 {q}，{verdict}达成目标；恰好达成需年均增长 {r}。",
        "en": "Growing {g} a year from {y} gives {q} in {T}, which {verdict} the target; just meeting it needs {r} a year.",
    },
    "eng.whatif.can": {"zh": "可以", "en": "meets"},
    "eng.whatif.cannot": {"zh": "不能", "en": "misses"},
}
