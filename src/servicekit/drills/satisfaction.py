"""Drills on measuring satisfaction (lesson 07, syllabus §5): rates, Likert scores, weighted
indices, top box, NPS, customer effort, reliability and survey size."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import metrics
from ._core import T, fmt, join, tables, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 7

FIRMS = [T("a city gas utility", "某城市燃气公司"), T("a bank's retail branches", "某银行零售网点"),
         T("a mobile operator", "某移动通信运营商"), T("a hotel chain", "某连锁酒店"),
         T("an online retailer", "某网络零售商"), T("a hospital outpatient service", "某医院门诊部"),
         T("a car dealer group", "某汽车经销商集团"), T("a water utility", "某自来水公司")]

#: The five levels as the sources name them (S2: 满意、较满意、一般、较不满意、不满意).
LEVEL_NAMES = {5: T("satisfied", "满意"), 4: T("fairly satisfied", "较满意"), 3: T("neutral", "一般"),
               2: T("fairly dissatisfied", "较不满意"), 1: T("dissatisfied", "不满意")}


def pick(rng, options):
    return options[int(rng.integers(len(options)))]


def unimodal(counts) -> bool:
    """Whether ``counts`` rise to one peak and then fall (ties allowed), as real survey answers do."""
    peak = int(np.argmax(counts))
    return bool(np.all(np.diff(counts[: peak + 1]) >= 0) and np.all(np.diff(counts[peak:]) <= 0))


def peaks(counts) -> int:
    """Local peaks of ``counts``: runs of equal values higher than the values on either side (an end
    counts when it is higher than its one neighbour)."""
    runs = [int(c) for i, c in enumerate(counts) if i == 0 or c != counts[i - 1]]
    return sum(1 for i, c in enumerate(runs)
               if (i == 0 or c > runs[i - 1]) and (i == len(runs) - 1 or c > runs[i + 1]))


def likert_counts(rng: np.random.Generator, n: int, levels: int = 5) -> np.ndarray:
    """Counts of answers at levels 1..``levels`` (index 0 is level 1) as a real survey gives them: one
    peak, leaning positive; on five levels 55–95 % answer 4 or 5. The shares follow a bell around a
    centre between 3.7 and 4.6 (on five levels; stretched on seven)."""
    stretch = (levels - 1) / 4
    centre = 1 + (float(rng.uniform(3.7, 4.6)) - 1) * stretch
    spread = float(rng.uniform(0.75, 1.05)) * stretch
    level = np.arange(1, levels + 1)
    shares = np.exp(-((level - centre) ** 2) / (2 * spread**2))
    while True:
        counts = rng.multinomial(n, shares / shares.sum())
        if unimodal(counts):
            return counts


def expand(counts, start: int = 1) -> np.ndarray:
    """The individual responses behind a table of counts (level ``start`` first)."""
    return np.repeat(np.arange(start, start + len(counts)), counts)


def level_table(counts) -> T:
    return tables([T("level", "等级"), T("respondents", "人数")],
                  [[f"{level} ({LEVEL_NAMES[level].en})", counts[level - 1]] for level in range(5, 0, -1)],
                  [[f"{level}（{LEVEL_NAMES[level].zh}）", counts[level - 1]] for level in range(5, 0, -1)])


def capital(text: str) -> str:
    return text[0].upper() + text[1:]


@topic("satisfaction_rate", T("Satisfaction rate", "顾客满意率"), "§5", requires=("satisfaction_rate",))
def satisfaction_rate(rng):
    n = int(rng.integers(200, 1001))
    firm = pick(rng, FIRMS)
    counts = likert_counts(rng, n)
    responses = expand(counts)
    answer = metrics.satisfaction_rate(responses)
    satisfied = int(counts[3] + counts[4])
    grid = level_table(counts)
    return dict(
        text=T(f"{capital(firm.en)} asked {n} customers how satisfied they are overall:\n\n{grid.en}\n\n"
               "Levels 5 and 4 (satisfied and fairly satisfied) count as satisfied. What is the satisfaction "
               "rate, in percent to one decimal?",
               f"{firm.zh}对 {n} 名顾客进行总体满意度调查，结果如下：\n\n{grid.zh}\n\n"
               "“满意”和“较满意”（5 级和 4 级）计为满意顾客。求顾客满意率（%，保留一位小数）。"),
        answer=answer, unit=T("%", "%"), decimals=1,
        steps=[T(f"Satisfied customers = level 5 + level 4 = {counts[4]} + {counts[3]} = {satisfied}.",
                 f"满意顾客数 = 5 级 + 4 级 = {counts[4]} + {counts[3]} = {satisfied}。"),
               T(f"Satisfaction rate = satisfied ÷ surveyed × 100 = {satisfied} ÷ {n} × 100 = {fmt(answer, 2)}%.",
                 f"顾客满意率 = 满意顾客数 ÷ 调查顾客总数 × 100% = {satisfied} ÷ {n} × 100% = {fmt(answer, 2)}%。")],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, 6)}},
        mistakes=[
            (metrics.satisfaction_rate(responses, (5,)),
             T("you counted only level 5; 'fairly satisfied' (level 4) counts as satisfied too.",
               "你只计算了 5 级；“较满意”（4 级）也计为满意。")),
            (metrics.satisfaction_rate(responses, (3, 4, 5)),
             T("neutral answers (level 3) are not satisfied; count levels 4 and 5 only.",
               "“一般”（3 级）不算满意；只计 4 级和 5 级。")),
            (100 - answer, T("that is the share of customers who are NOT satisfied.", "这是不满意顾客所占的比例。")),
        ],
    )


INDICATORS = [T("gas pressure", "供气压力"), T("repair timeliness", "修理及时性"), T("repair staff attitude", "维修服务态度"),
              T("bill accuracy", "账单准确性"), T("waiting time", "等候时间"), T("hotline courtesy", "热线服务礼貌")]


@topic("likert_mean", T("Likert conversion and indicator mean", "李斯特量表赋分与指标平均得分"), "§5",
       requires=("likert_to_score",))
def likert_mean(rng):
    n = int(rng.integers(200, 1001))
    indicator = pick(rng, INDICATORS)
    counts = likert_counts(rng, n)
    responses = expand(counts)
    answer = float(np.mean(metrics.likert_to_score(responses)))
    total = answer * n
    points = metrics.LIKERT_POINTS
    products = " + ".join(f"{counts[level - 1]}×{points[level]:g}" for level in range(5, 0, -1))
    reversed_points = {level: points[6 - level] for level in points}
    grid = level_table(counts)
    return dict(
        text=T(f"{n} customers rated the indicator “{indicator.en}” on a five-level Likert scale:\n\n{grid.en}\n\n"
               "Score the levels 100, 80, 60, 40, 20 (satisfied … dissatisfied). What is the indicator's mean "
               "score, to one decimal?",
               f"{n} 名顾客用五级李斯特量表对指标“{indicator.zh}”进行评价：\n\n{grid.zh}\n\n"
               "各级赋分：满意 100 分、较满意 80 分、一般 60 分、较不满意 40 分、不满意 20 分。求该指标的平均得分"
               "（保留一位小数）。"),
        answer=answer, unit=T("points", "分"), decimals=1,
        steps=[T("Convert each level to its score: 5→100, 4→80, 3→60, 2→40, 1→20.",
                 "把各等级换算为分值：5→100，4→80，3→60，2→40，1→20。"),
               T(f"Sum of scores = {products} = {fmt(total, 0)}.", f"总分 = {products} = {fmt(total, 0)}。"),
               T(f"Mean score = {fmt(total, 0)} ÷ {n} = {fmt(answer, 2)}.",
                 f"平均得分 = {fmt(total, 0)} ÷ {n} = {fmt(answer, 2)}。")],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, 6)}},
        mistakes=[
            (float(np.mean(responses)), T("you averaged the levels (1–5); convert each level to its score "
                                          "(5→100 … 1→20) first.",
                                          "你平均的是等级（1–5）；要先把各等级换算为分值（5→100 … 1→20）。")),
            (float(np.mean(metrics.likert_to_score(responses, points=reversed_points))),
             T("you scored the scale backwards: level 5 (satisfied) is worth 100, level 1 is worth 20.",
               "你把分值颠倒了：5 级（满意）记 100 分，1 级记 20 分。")),
            (float(np.mean(list(points.values()))),
             T("you averaged the five scores without weighting each by its number of respondents.",
               "你直接平均了五个分值，没有按各级人数加权。")),
        ],
    )


GROUPS = {
    "Supply quality": (T("Supply quality", "供气质量"), [T("gas pressure", "供气压力"), T("gas quality", "气质")]),
    "Repair service": (T("Repair service", "维修质量"), [T("staff attitude", "维修服务态度"),
                                                        T("repair timeliness", "修理及时性"), T("repair result", "修理结果")]),
    "Meter reading": (T("Meter reading", "抄表质量"), [T("reader attitude", "抄表员服务态度"),
                                                      T("reading accuracy", "抄表是否有差错"),
                                                      T("bill on time", "表单是否及时送到")]),
    "Hotline": (T("Hotline", "热线服务"), [T("waiting time", "等候时间"), T("agent knowledge", "座席业务熟练程度")]),
    "Billing": (T("Billing", "账单服务"), [T("bill clarity", "账单清晰度"), T("payment options", "缴费方式")]),
    "Branch visit": (T("Branch visit", "营业厅服务"), [T("queue time", "排队时间"), T("staff courtesy", "员工礼貌"),
                                                      T("branch comfort", "营业厅环境")]),
}
LEAF_WEIGHTS = {2: [(0.6, 0.4), (0.7, 0.3), (0.5, 0.5), (0.45, 0.55)],
                3: [(0.2, 0.4, 0.4), (0.3, 0.4, 0.3), (0.5, 0.3, 0.2), (0.25, 0.25, 0.5)]}
ROUNDED_WEIGHTS = T("you rounded the normalised group weights too early; keep four decimals in them.",
                    "归一化后的组权重取舍过早；请保留四位小数。")


@topic("weighted_csi", T("Multi-level weighted CSI (with normalisation)", "多级加权顾客满意度指数（含权重归一化）"),
       "§5", requires=("weighted_index",))
def weighted_csi(rng):
    groups = [str(g) for g in rng.choice(list(GROUPS), size=3, replace=False)]
    points = [int(p) for p in rng.choice(np.arange(1, 11), size=3, replace=False)]
    tree, scores, zh = {}, {}, {}
    for group, point in zip(groups, points):
        name, leaves = GROUPS[group]
        zh[group] = name.zh
        weights = LEAF_WEIGHTS[len(leaves)][int(rng.integers(len(LEAF_WEIGHTS[len(leaves)])))]
        tree[group] = {"weight": point, "children": {leaf.en: {"weight": w} for leaf, w in zip(leaves, weights)}}
        scores.update({leaf.en: round(float(rng.uniform(55, 96)), 1) for leaf in leaves})
        zh.update({leaf.en: leaf.zh for leaf in leaves})
    answer = metrics.weighted_index(tree, scores, normalize=True)
    # The groups' own scores, for the worked steps (each group's weights already sum to 1).
    group_scores = [sum(node["weight"] * scores[leaf] for leaf, node in tree[g]["children"].items()) for g in groups]
    total = sum(points)
    rows_en, rows_zh, steps = [], [], []
    for group, group_score in zip(groups, group_scores):
        children = tree[group]["children"]
        for leaf, node in children.items():
            rows_en.append([group, leaf, f"{node['weight']:g}", f"{scores[leaf]:.1f}"])
            rows_zh.append([zh[group], zh[leaf], f"{node['weight']:g}", f"{scores[leaf]:.1f}"])
        terms = " + ".join(f"{node['weight']:g}×{scores[leaf]:.1f}" for leaf, node in children.items())
        steps.append(T(f"{group}: {terms} = {fmt(group_score, 2)}.", f"{zh[group]}：{terms} = {fmt(group_score, 2)}。"))
    normalised = [f"{p}/{total} = {p / total:.4f}" for p in points]
    steps.append(T(f"The group weights {points} sum to {total}, not 1: normalise them: "
                   + ", ".join(f"{g} {x}" for g, x in zip(groups, normalised)) + ".",
                   f"各组分值 {points} 之和为 {total}，不等于 1，先归一化："
                   + "，".join(f"{zh[g]} {x}" for g, x in zip(groups, normalised)) + "。"))
    terms = " + ".join(f"{p / total:.4f}×{fmt(s, 2)}" for p, s in zip(points, group_scores))
    steps.append(T(f"CSI = {terms} = {fmt(answer, 2)}.", f"顾客满意度指数 = {terms} = {fmt(answer, 2)}。"))
    # Rounding on the way: the normalised weights to two decimals.
    rounded = sum(round(p / total, 2) * s for p, s in zip(points, group_scores))
    grid = tables([T("group", "指标组"), T("indicator", "指标"), T("weight", "权重"), T("mean score", "平均得分")],
                  rows_en, rows_zh)
    return dict(
        text=T("A satisfaction index has three groups of indicators. Inside each group the indicator weights sum to 1; "
               "the experts gave the groups importance points instead: "
               + ", ".join(f"{g} {p}" for g, p in zip(groups, points)) + ".\n\n" + grid.en
               + "\n\nCompute the weighted-average CSI (0–100), to one decimal.",
               "某顾客满意度指数由三组指标构成，各组内指标权重之和为 1；各组的权重由专家以重要性分值给出："
               + "，".join(f"{zh[g]} {p}" for g, p in zip(groups, points)) + "。\n\n" + grid.zh
               + "\n\n用加权平均法计算顾客满意度指数（0–100，保留一位小数）。"),
        answer=answer, unit=T("points", "分"), decimals=1,
        steps=steps,
        data={"tree": tree, "scores": scores},
        mistakes=[
            (answer * total, T(f"you forgot to normalise the group weights: divide each by their total, {total}.",
                               f"你没有把组权重归一化：每个分值都要除以它们的和 {total}。")),
            (float(np.mean(list(scores.values()))), T("you took a plain average of the indicators and ignored the weights.",
                                                      "你对各指标取了简单平均，忽略了权重。")),
            (float(np.mean(group_scores)),
             T("you gave every group the same weight; use the experts' points, normalised.",
               "你给各组相同的权重；应使用专家给出的分值并归一化。")),
            (rounded, ROUNDED_WEIGHTS),
        ],
        close=abs(rounded - answer) + 0.1, close_message=ROUNDED_WEIGHTS,
    )


@topic("top_box", T("Top-2-box CSAT", "CSAT 前两项（top-2-box）比例"), "§5", requires=("top_box",))
def top_box(rng):
    scale = int(rng.choice([5, 7]))
    n = int(rng.integers(200, 1001))
    firm = pick(rng, FIRMS)
    counts = likert_counts(rng, n, levels=scale)
    responses = expand(counts)
    answer = metrics.top_box(responses, k=2, scale_max=scale)
    top = int(counts[-1] + counts[-2])
    rows = [[level, counts[level - 1]] for level in range(scale, 0, -1)]
    grid = tables([T("level", "分值"), T("respondents", "人数")], rows)
    return dict(
        text=T(f"After a support call, {n} customers of {firm.en} answered a CSAT question on a 1–{scale} "
               f"scale ({scale} = very satisfied):\n\n{grid.en}\n\nWhat is the top-2-box score, in percent to "
               "one decimal?",
               f"{firm.zh}在客服通话结束后请 {n} 名顾客回答满意度（CSAT）问题，采用 1–{scale} 分制（{scale} 分 = 非常满意）："
               f"\n\n{grid.zh}\n\n求 top-2-box 比例，即选最高两档的顾客所占百分比（%，保留一位小数）。"),
        answer=answer, unit=T("%", "%"), decimals=1,
        steps=[T(f"The top two boxes are levels {scale} and {scale - 1}: {counts[-1]} + {counts[-2]} = {top}.",
                 f"最高两档是 {scale} 分和 {scale - 1} 分：{counts[-1]} + {counts[-2]} = {top}。"),
               T(f"Top-2-box = {top} ÷ {n} × 100 = {fmt(answer, 2)}%.",
                 f"top-2-box 比例 = {top} ÷ {n} × 100% = {fmt(answer, 2)}%。")],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, scale + 1)}, "scale_max": scale},
        mistakes=[
            (metrics.top_box(responses, k=1, scale_max=scale),
             T(f"you counted only the top box ({scale}); take the top two.", f"你只算了最高一档（{scale} 分）；要取最高两档。")),
            (metrics.top_box(responses, k=3, scale_max=scale),
             T("you counted three boxes; take only the top two.", "你算了三档；只取最高两档。")),
            (metrics.top_box(responses, k=2, scale_max=scale) * n / max(n - int(counts[0] + counts[1]), 1),
             T("you divided by the customers outside the bottom two boxes; divide by everyone who answered.",
               "你的分母去掉了最低两档的顾客；分母应是全部作答的顾客。")),
        ],
    )


def nps_counts(rng: np.random.Generator, n: int) -> np.ndarray:
    """Counts of the ratings 0..10 as a real NPS survey gives them: a smooth hump whose top is at 7–9
    (sometimes 6 or 10), tails that thin out towards 0, and now and then a small heap at 5 (the
    middle of the scale) or at 10; at most two local peaks. A hump low and wide gives a negative
    NPS (about −30), one high and narrow about +70."""
    rating = np.arange(11)
    while True:
        centre = float(rng.uniform(6.9, 9.4))
        spread = float(rng.uniform(1.1, 1.7)) + (9.4 - centre) * float(rng.uniform(0.2, 0.45))
        tail, reach = float(rng.uniform(0.04, 0.12)), float(rng.uniform(2.0, 3.5))
        shares = np.exp(-((rating - centre) ** 2) / (2 * spread**2)) + tail * np.exp(-np.abs(rating - centre) / reach)
        heap = int(rng.choice([0, 5, 10]))
        if heap == 5:  # a small heap: it stays below the hump's top
            shares[5] = min(shares[5] * float(rng.uniform(1.2, 1.7)), 0.8 * shares[6:].max())
        elif heap == 10:
            shares[10] *= float(rng.uniform(1.1, 1.6))
        for _ in range(100):  # the survey's noise, redrawn while it breaks the shape
            counts = rng.multinomial(n, shares / shares.sum())
            if peaks(counts) <= 2:
                return counts


ROUNDED_SHARES = T("you rounded the shares of promoters and detractors to whole percents; keep two decimals in them.",
                   "你把推荐者和贬损者的比例取成了整数百分比；请保留两位小数。")


@topic("nps", T("Net Promoter Score", "净推荐值（NPS）"), "§5", requires=("nps",))
def nps(rng):
    n = int(rng.integers(300, 1001))
    firm = pick(rng, FIRMS)
    counts = nps_counts(rng, n)
    ratings = expand(counts, start=0)
    answer = metrics.nps(ratings)
    promoters, detractors = int(counts[9:].sum()), int(counts[:7].sum())
    share_p, share_d = 100 * promoters / n, 100 * detractors / n
    rounded = round(share_p) - round(share_d)
    grid = tables([T("rating", "评分"), *(T(str(r), str(r)) for r in range(11))],
                  [["customers"] + [int(c) for c in counts]], [["人数"] + [int(c) for c in counts]])
    return dict(
        text=T(f"{n} customers of {firm.en} answered “How likely are you to recommend us to a friend or colleague?” "
               f"(0–10):\n\n{grid.en}\n\nWhat is the Net Promoter Score, to one decimal?",
               f"{firm.zh}请 {n} 名顾客回答“您向朋友或同事推荐我们的可能性有多大？”（0–10 分）：\n\n{grid.zh}\n\n"
               "求净推荐值 NPS（保留一位小数）。"),
        answer=answer, unit=T("points", "个百分点"), decimals=1,
        steps=[T(f"Promoters (9–10): {counts[9]} + {counts[10]} = {promoters}, that is {share_p:.2f}%.",
                 f"推荐者（9–10 分）：{counts[9]} + {counts[10]} = {promoters}，占 {share_p:.2f}%。"),
               T(f"Detractors (0–6): {' + '.join(str(int(c)) for c in counts[:7])} = {detractors}, "
                 f"that is {share_d:.2f}%.",
                 f"贬损者（0–6 分）：{' + '.join(str(int(c)) for c in counts[:7])} = {detractors}，占 {share_d:.2f}%。"),
               T(f"Passives (7–8) do not count. NPS = {share_p:.2f} − {share_d:.2f} = {fmt(answer, 2)}.",
                 f"被动者（7–8 分）不加不减。NPS = {share_p:.2f} − {share_d:.2f} = {fmt(answer, 2)}。")],
        data={"counts": {rating: int(counts[rating]) for rating in range(11)}},
        mistakes=[
            (metrics.nps(np.where(ratings == 7, 6, ratings)), T("7 and 8 are passives; detractors are 0–6 only.",
                                                                "7 分和 8 分是被动者；贬损者只包括 0–6 分。")),
            (metrics.nps(np.where(ratings == 8, 9, ratings)), T("8 is a passive; promoters are 9 and 10 only.",
                                                                "8 分是被动者；推荐者只包括 9 分和 10 分。")),
            (share_p, T("you gave the share of promoters; subtract the share of detractors.",
                        "你给出的是推荐者比例，还要减去贬损者比例。")),
            (promoters - detractors, T("you subtracted head counts; subtract percentages of all respondents.",
                                       "你相减的是人数；应相减的是两者占全部受访者的百分比。")),
            (rounded, ROUNDED_SHARES),
        ],
        close=abs(rounded - answer) + 0.1, close_message=ROUNDED_SHARES,
    )


ROUNDED_VARIANCES = T("you rounded the variances too early; keep four decimals in them.",
                      "方差取舍过早；请保留四位小数。")


@topic("cronbach_alpha", T("Cronbach's alpha", "克朗巴哈系数"), "§5", requires=("cronbach_alpha",))
def cronbach_alpha(rng):
    n, k = int(rng.integers(6, 9)), int(rng.integers(3, 5))
    while True:  # a pilot whose alpha is neither degenerate nor perfect (screened here, computed below)
        latent = rng.normal(3.4, 0.9, size=(n, 1))
        items = np.clip(np.rint(latent + rng.normal(0, 0.6, size=(n, k))), 1, 5).astype(int)
        spread, spread_total = items.var(axis=0, ddof=1), items.sum(axis=1).var(ddof=1)
        if (spread > 0).all() and spread_total > 0 and 0.3 < k / (k - 1) * (1 - spread.sum() / spread_total) < 0.98:
            break
    frame = pd.DataFrame(items, columns=[f"Q{j + 1}" for j in range(k)],
                         index=pd.Index([f"R{i + 1}" for i in range(n)], name="respondent"))
    answer = metrics.cronbach_alpha(frame)
    item_var = frame.var(ddof=1)
    totals = frame.sum(axis=1)
    total_var = float(totals.var(ddof=1))
    item_pop, total_pop = frame.var(ddof=0), float(totals.var(ddof=0))
    ratio = float(item_var.sum()) / total_var
    rounded = k / (k - 1) * (1 - float(item_var.round(2).sum()) / round(total_var, 2))
    grid = tables([T("respondent", "受访者"), *(T(c, c) for c in frame.columns)],
                  [[i] + [int(v) for v in row] for i, row in zip(frame.index, frame.to_numpy())])
    variances = T(", ".join(f"{c} {v:.4f}" for c, v in item_var.items()),
                  "，".join(f"{c} {v:.4f}" for c, v in item_var.items()))
    listed = T(", ".join(str(int(t)) for t in totals), "、".join(str(int(t)) for t in totals))
    return dict(
        text=T(f"A pilot of a {k}-item scale was answered by {n} respondents (levels 1–5):\n\n{grid.en}\n\n"
               "Compute Cronbach's alpha (raw, from variances), to two decimals. Use sample variances "
               "(divide by n − 1); dividing every variance by n gives the same alpha.",
               f"某 {k} 个题项的量表预调查共有 {n} 名受访者作答（1–5 级）：\n\n{grid.zh}\n\n"
               "用方差法计算克朗巴哈系数 α（保留两位小数）。方差取样本方差（除以 n − 1）；"
               "若各方差都除以 n，结果相同。"),
        answer=answer, unit=T("", ""), decimals=2, tolerance=0.01,
        steps=[T("α = k/(k−1) · (1 − Σσᵢ² / σ²_total), with sample variances (divide by n − 1).",
                 "α = k/(k−1) · (1 − Σσᵢ² / σ²_总分)，方差用样本方差（除以 n − 1）。"),
               T(f"Item variances: {variances.en}; their sum is {item_var.sum():.4f}.",
                 f"各题项方差：{variances.zh}；合计 {item_var.sum():.4f}。"),
               T(f"Respondents' totals: {listed.en}; their variance is {total_var:.4f}.",
                 f"各受访者总分：{listed.zh}；总分方差为 {total_var:.4f}。"),
               T(f"α = {k}/{k - 1} × (1 − {item_var.sum():.4f}/{total_var:.4f}) = {k / (k - 1):.4f} × {1 - ratio:.4f} "
                 f"= {answer:.4f}.",
                 f"α = {k}/{k - 1} × (1 − {item_var.sum():.4f}/{total_var:.4f}) = {k / (k - 1):.4f} × {1 - ratio:.4f} "
                 f"= {answer:.4f}。")],
        data={"items": frame},
        mistakes=[
            (1 - ratio, T(f"you left out the factor k/(k−1) = {k}/{k - 1}.", f"你漏乘了系数 k/(k−1) = {k}/{k - 1}。")),
            (k / (k - 1) * (1 - float(item_pop.sum()) / total_var),
             T("you used the population variance (÷ n) for the items but the sample variance (÷ (n − 1)) for "
               "the total; use n − 1 for both.",
               "题项方差用了总体方差（÷ n），总分方差却用了样本方差（÷ (n − 1)）；两者都应除以 n − 1。")),
            (k / (k - 1) * (1 - float(item_var.sum()) / total_pop),
             T("you used the population variance (÷ n) for the total but the sample variance for the items; "
               "use n − 1 for both.",
               "总分方差用了总体方差（÷ n），题项方差却用了样本方差；两者都应除以 n − 1。")),
            (metrics.cronbach_alpha(frame, standardized=True),
             T("that is the standardised alpha from correlations; the question asks for the raw alpha from variances.",
               "这是由相关系数求得的标准化 α；本题要求用方差计算的原始 α。")),
            (rounded, ROUNDED_VARIANCES),
        ],
        close=abs(rounded - answer) + 0.01, close_message=ROUNDED_VARIANCES,
    )


#: The z a candidate reads from a table, for each confidence level the drill asks (and the exact one is right too).
Z_TABLE = {0.90: (1.645, 1.65), 0.95: (1.96,), 0.99: (2.576, 2.58)}


def survey_size(z: float, margin: float, p: float, population: int, correction: str) -> float:
    """n₀ = z²·p(1 − p)/e², corrected for the population (``correction`` "n0-1" or "n0"), before rounding.

    Only for the variants a candidate may use; the answer itself is ``servicekit.metrics.sample_size``."""
    n0 = z**2 * p * (1 - p) / margin**2
    return n0 / (1 + ((n0 - 1) if correction == "n0-1" else n0) / population)


def round_up(x: float) -> int:
    return int(math.ceil(x - 1e-9))


def worked_numbers(z: float, margin: float, p: float, population: int, answer: int) -> tuple[str, str, str, str]:
    """The numbers of the worked steps as printed, each computed from the one printed before it: z
    (six decimals), n₀ from that z, n₀ − 1, and the corrected n from that n₀. More decimals are shown
    only when fewer would round up to another whole number than ``answer`` (the exact z's)."""
    for z_decimals, n0_decimals in ((6, 2), (6, 3), (7, 4), (8, 5), (10, 6)):
        z_shown = f"{z:.{z_decimals}f}"
        n0 = round(float(z_shown) ** 2 * p * (1 - p) / margin**2, n0_decimals)
        n = n0 / (1 + (n0 - 1) / population)
        for n_decimals in (2, 3, 4, 6):
            if round_up(float(f"{n:.{n_decimals}f}")) == answer:
                return z_shown, f"{n0:.{n0_decimals}f}", f"{n0 - 1:.{n0_decimals}f}", f"{n:.{n_decimals}f}"
    raise AssertionError(f"no printed z gives the sample size {answer}")  # never: ten decimals are exact enough


@topic("sample_size", T("Survey sample size with finite-population correction", "调查样本量（含有限总体校正）"), "§5",
       requires=("sample_size", "z_value"))
def sample_size(rng):
    while True:
        margin = float(rng.choice([0.02, 0.03, 0.04, 0.05]))
        confidence = float(rng.choice([0.90, 0.95, 0.99]))
        p = float(rng.choice([0.5, 0.6, 0.7, 0.8, 0.85]))
        population = int(rng.integers(15, 301)) * 100
        z = metrics.z_value(confidence)
        n0 = z**2 * p * (1 - p) / margin**2
        # A real survey: the correction matters (n₀ at least 5% of N) and the sample stays under half the base.
        if 0.05 * population <= n0 <= population:
            break
    answer = metrics.sample_size(margin, confidence, p, population)
    table_z = Z_TABLE[confidence]
    exact = f"{z:.4f}"  # the exact z as the question prints it: a candidate may compute with it
    printed_z = (*table_z, float(exact))
    variants = {(zz, form): round_up(survey_size(zz, margin, p, population, form))
                for zz in (z, *printed_z) for form in ("n0-1", "n0")}
    low, high = min(variants.values()), max(variants.values())
    z_shown, n0_shown, n0_less_one, corrected = worked_numbers(z, margin, p, population, answer)
    z_words = T(" or ".join(f"{v:g}" for v in table_z), " 或 ".join(f"{v:g}" for v in table_z))
    level = f"{confidence:.0%}"
    guess = (T(f" Last year's survey found {p:.0%} satisfied: use p = {p:g}.",
               f"去年调查的顾客满意率为 {p:.0%}，取 p = {p:g}。") if p != 0.5 else
             T(" There is no earlier estimate: use p = 0.5.", "没有以往的调查数据，取 p = 0.5。"))
    accepted_note = T(f"With the table z, the exact z to four decimals ({exact}) or the correction n₀/(1 + n₀/N), "
                      f"every whole number from {low:,} to {high:,} is accepted.",
                      f"用查表的 z 值、保留四位小数的精确值 {exact} 或校正式 n₀/(1 + n₀/N)，"
                      f"{low:,} 至 {high:,} 之间的整数都算对。")
    conventions = T(f" Take z = {z_words.en} for {level} (or the exact {exact}); correct for the finite population "
                    "with n = n₀ ÷ (1 + (n₀ − 1)/N) (the form n₀ ÷ (1 + n₀/N) is accepted too), and round only the final "
                    "result up to a whole respondent.",
                    f"（{level} 置信水平下 z 取 {z_words.zh}，也可用精确值 {exact}；有限总体校正用 "
                    "n = n₀ ÷ [1 + (n₀ − 1)/N]，用 n₀ ÷ (1 + n₀/N) 也算对；只对最终结果向上取整。）")
    listed_z = " / ".join(f"{v:g}" for v in table_z)
    z_step = T(f"z = {z_shown} (table: {listed_z})", f"z = {z_shown}（查表：{listed_z}）")
    ceil_first = round_up(math.ceil(n0) / (1 + (math.ceil(n0) - 1) / population))
    mistakes = [
        (metrics.sample_size(margin, confidence, p), T("you forgot the finite-population correction.",
                                                       "你漏做了有限总体校正。")),
        (round_up(table_z[-1] ** 2 * p * (1 - p) / margin**2), T("you forgot the finite-population correction.",
                                                                 "你漏做了有限总体校正。")),
        (metrics.sample_size(margin, 2 * confidence - 1, p, population),
         T(f"you used a one-sided z; the margin is ± so use the two-sided z for {level}.",
           f"你用了单侧 z 值；允许误差是 ±，应取 {level} 的双侧 z 值。")),
        (ceil_first, T("you rounded n₀ up before the correction; round only the final n up.",
                       "你在校正前就把 n₀ 取整了；只对最终的 n 向上取整。")),
    ]
    if p != 0.5:
        mistakes.append((metrics.sample_size(margin, confidence, 0.5, population),
                         T("you used p = 0.5; the question gives an expected proportion.",
                           "你取了 p = 0.5；题目已给出预计的比例。")))
    return dict(
        text=join(T(f"A firm has {population:,} customers and wants their satisfaction rate within ±{margin:.0%} at "
                    f"{level} confidence.", f"某企业共有顾客 {population:,} 名，希望在 {level} 的置信水平下以 "
                                            f"±{margin:.0%} 的允许误差估计顾客满意率。"),
                  guess, T(" How many customers must it survey?", "至少需要调查多少名顾客？"), conventions),
        answer=answer, unit=T("respondents", "人"), decimals=0, rounding="up",
        rounding_why=T("a sample size is always rounded up to the next whole respondent, or the margin of error "
                       "is not met.",
                       "样本量一律向上取整到下一个整数，否则达不到允许误差的要求。"),
        accepted=[(low, high, accepted_note)] if (low, high) != (answer, answer) else [],
        steps=[T(f"Two-sided z for {level}: {z_step.en}.", f"{level} 置信水平的双侧 z 值：{z_step.zh}。"),
               T(f"n₀ = z² · p(1 − p) / e² = {z_shown}² × {p:g} × {1 - p:g} / {margin:g}² = {n0_shown}.",
                 f"n₀ = z² · p(1 − p) / e² = {z_shown}² × {p:g} × {1 - p:g} / {margin:g}² = {n0_shown}。"),
               T(f"With N = {population:,}: n = n₀ / (1 + (n₀ − 1)/N) = {n0_shown} / (1 + {n0_less_one}/{population}) "
                 f"= {corrected}.",
                 f"N = {population:,}，有限总体校正：n = n₀ / [1 + (n₀ − 1)/N] = {n0_shown} / (1 + {n0_less_one}/{population})"
                 f" = {corrected}。"),
               T(f"Round up to a whole respondent: {answer}." + ("" if low == high else
                                                                f" (Table z, z = {exact} or the other form: {low}–{high}.)"),
                 f"向上取整：{answer} 人。" + ("" if low == high else f"（用查表 z 值、z = {exact} 或另一校正式：{low}–{high} 人。）"))],
        data={"margin": margin, "confidence": confidence, "p": p, "population": population, "z_table": table_z},
        mistakes=mistakes,
    )


@topic("customer_effort", T("Customer effort score", "客户费力度（CES）"), "§5",
       requires=("customer_effort_score", "top_box"))
def customer_effort(rng):
    n = int(rng.integers(200, 1001))
    counts = likert_counts(rng, n, levels=7)
    responses = expand(counts)
    answer = metrics.customer_effort_score(responses, scale_max=7)
    total = int(np.sum(responses))
    grid = tables([T("answer", "评分"), T("customers", "人数")], [[level, counts[level - 1]] for level in range(7, 0, -1)])
    products = " + ".join(f"{level}×{counts[level - 1]}" for level in range(7, 0, -1))
    return dict(
        text=T(f"After an online return, {n} customers rated “The company made it easy for me to handle my issue” "
               f"from 1 (strongly disagree) to 7 (strongly agree):\n\n{grid.en}\n\n"
               "What is the customer effort score (the mean answer), to two decimals?",
               f"办理网上退货后，{n} 名顾客对“公司让我轻松地解决了问题”这一说法打分，1 分为非常不同意，7 分为非常同意："
               f"\n\n{grid.zh}\n\n求客户费力度 CES（即平均得分，保留两位小数）。"),
        answer=answer, unit=T("", ""), decimals=2, tolerance=0.01,
        steps=[T("CES = Σ answers ÷ number of answers.", "CES = 各评分之和 ÷ 作答人数。"),
               T(f"Σ answers = {products} = {total:,}.", f"评分之和 = {products} = {total:,}。"),
               T(f"CES = {total:,} ÷ {n} = {answer:.4f}.", f"CES = {total:,} ÷ {n} = {answer:.4f}。")],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, 8)}},
        mistakes=[
            (metrics.top_box(responses, k=3, scale_max=7),
             T("that is the share who agree (5–7); the CES asked for is the mean answer.",
               "这是表示同意（5–7 分）的比例；本题的 CES 是平均得分。")),
            (4.0, T("you averaged the seven answer levels; weight each level by its number of customers.",
                    "你直接平均了七个分值；每个分值要按人数加权。")),
            (8 - answer, T("you reversed the scale: 7 means the issue was easy to handle.",
                           "你把量表方向弄反了：7 分表示问题很容易解决。")),
        ],
    )

