"""Drills on service quality (lesson 09, syllabus §5, §6): SERVQUAL gaps, weighted SERVQUAL,
importance–performance quadrants, Kano coefficients."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import T, tables, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 9

DIMENSIONS = {
    "tangibles": (T("tangibles", "可感知性"), [T("modern equipment", "设备现代化"), T("tidy premises", "场所整洁"),
                                               T("staff appearance", "员工仪表")]),
    "reliability": (T("reliability", "可靠性"), [T("keeps promises", "信守承诺"), T("right first time", "一次做对"),
                                                 T("on time", "按时提供服务")]),
    "responsiveness": (T("responsiveness", "响应性"), [T("prompt service", "服务及时"), T("willing to help", "乐于助人"),
                                                       T("tells when", "告知服务时间")]),
    "assurance": (T("assurance", "保证性"), [T("trustworthy staff", "员工值得信赖"), T("safe transactions", "交易安全"),
                                             T("knowledgeable staff", "员工知识丰富")]),
    "empathy": (T("empathy", "移情性"), [T("individual attention", "个性化关注"), T("convenient hours", "营业时间方便"),
                                         T("understands needs", "了解顾客需求")]),
}

ATTRIBUTES = [T("waiting time", "等候时间"), T("staff courtesy", "员工礼貌"), T("price clarity", "价格透明"),
              T("opening hours", "营业时间"), T("online booking", "网上预约"), T("parking", "停车便利"),
              T("problem solving", "问题解决"), T("follow-up call", "回访电话"), T("cleanliness", "环境整洁"),
              T("product range", "产品种类")]
QUADRANTS = {"concentrate here": T("concentrate here", "重点改进区"),
             "keep up the good work": T("keep up the good work", "继续保持区"),
             "low priority": T("low priority", "低优先区"), "possible overkill": T("possible overkill", "过度投入区")}


@topic("servqual_gap", T("SERVQUAL gap scores by dimension", "SERVQUAL 各维度差距得分"), "§6",
       requires=("servqual_gaps",))
def servqual_gap(rng):
    dims = {d: [item.en for item in items[: int(rng.integers(2, 4))]] for d, (_, items) in DIMENSIONS.items()}
    zh = {d: name.zh for d, (name, _) in DIMENSIONS.items()}
    zh.update({item.en: item.zh for _, items in DIMENSIONS.values() for item in items})
    while True:  # one dimension clearly furthest short (by at least 0.02; screened here, computed below)
        expectations, perceptions = {}, {}
        for items in dims.values():
            for item in items:
                e = round(float(rng.uniform(5.2, 6.8)), 2)
                expectations[item] = e
                perceptions[item] = round(float(np.clip(e - rng.uniform(-0.3, 1.8), 1, 7)), 2)
        means = np.sort([np.mean([perceptions[i] - expectations[i] for i in items]) for items in dims.values()])
        if means[1] - means[0] >= 0.02:
            break
    gaps = metrics.servqual_gaps(pd.DataFrame([expectations]), pd.DataFrame([perceptions]), dims)["gap"]
    ordered = gaps.sort_values()
    weakest = str(gaps.idxmin())
    answer = float(gaps.min())
    second = float(ordered.iloc[1])
    rows_en = [[d, item, f"{expectations[item]:.2f}", f"{perceptions[item]:.2f}"] for d, items in dims.items()
               for item in items]
    rows_zh = [[zh[d], zh[item], f"{expectations[item]:.2f}", f"{perceptions[item]:.2f}"] for d, items in dims.items()
               for item in items]
    grid = tables([T("dimension", "维度"), T("item", "题项"), T("E", "E"), T("P", "P")], rows_en, rows_zh)
    steps = [T("Item gap = perception − expectation; a dimension's gap is the mean of its items' gaps.",
               "题项差距 = 感知 − 期望；维度差距为其各题项差距的平均值。")]
    for d, items in dims.items():
        listed = [f"{perceptions[i] - expectations[i]:+.2f}" for i in items]
        steps.append(T(f"{d}: mean of {', '.join(listed)} = {gaps[d]:+.3f}.",
                       f"{zh[d]}：{'、'.join(listed)} 的平均值 = {gaps[d]:+.3f}。"))
    steps.append(T(f"The most negative gap, the largest shortfall, is {weakest}: {answer:+.3f}.",
                   f"差距最负、即不足最大的维度是{zh[weakest]}：{answer:+.3f}。"))
    return dict(
        text=T("A SERVQUAL survey (7-point scale) gave these mean expectations (E) and perceptions (P):\n\n" + grid.en
               + "\n\nWhich dimension falls furthest short of expectations? Give its gap score (P − E), to two decimals.",
               "某次 SERVQUAL 调查（7 分制）得到各题项的期望均值（E）和感知均值（P）如下：\n\n" + grid.zh
               + "\n\n哪个维度与顾客期望的差距最大？求该维度的差距得分（P − E，保留两位小数）。"),
        answer=answer, unit=T("", ""), decimals=2,
        steps=steps,
        data={"expectations": expectations, "perceptions": perceptions, "dimensions": dims, "weakest": weakest},
        mistakes=[
            (-answer, T("the gap is perception minus expectation; a shortfall is negative.",
                        "差距 = 感知 − 期望；感知低于期望时差距为负。")),
            (answer * len(dims[weakest]), T("you added the item gaps; a dimension's gap is their mean.",
                                            "你把题项差距相加了；维度差距是它们的平均值。")),
            (second, T("that is not the dimension with the largest shortfall; compare all five gaps.",
                       "这不是差距最大的维度；请比较全部五个维度的差距。")),
        ],
    )


@topic("weighted_servqual", T("Importance-weighted SERVQUAL score", "按重要性加权的 SERVQUAL 得分"), "§6",
       requires=("weighted_servqual",))
def weighted_servqual(rng):
    dims = list(DIMENSIONS)
    gaps = pd.DataFrame({"gap": [round(float(rng.uniform(-1.6, 0.3)), 2) for _ in dims]}, index=dims)
    points = rng.multinomial(100 - 5 * len(dims), rng.dirichlet(np.ones(len(dims)) * 3)) + 5
    importance = {d: int(p) / 100 for d, p in zip(dims, points)}
    answer = metrics.weighted_servqual(gaps, importance)
    rows_en = [[d, f"{gaps.loc[d, 'gap']:+.2f}", int(p)] for d, p in zip(dims, points)]
    rows_zh = [[DIMENSIONS[d][0].zh, f"{gaps.loc[d, 'gap']:+.2f}", int(p)] for d, p in zip(dims, points)]
    grid = tables([T("dimension", "维度"), T("gap", "差距"), T("points", "重要性分值")], rows_en, rows_zh)
    terms = " + ".join(f"{importance[d]:g}×({gaps.loc[d, 'gap']:+.2f})" for d in dims)
    return dict(
        text=T("Respondents shared 100 points among the five SERVQUAL dimensions by importance. The dimension gaps "
               "(P − E) and the average points were:\n\n" + grid.en
               + "\n\nWhat is the importance-weighted SERVQUAL score, to two decimals?",
               "受访者按重要性把 100 分分配给 SERVQUAL 的五个维度。各维度差距（P − E）和平均分配分值如下：\n\n" + grid.zh
               + "\n\n求按重要性加权的 SERVQUAL 得分（保留两位小数）。"),
        answer=answer, unit=T("", ""), decimals=2, tolerance=0.01,
        steps=[T("Weights = points ÷ 100, so they sum to 1.", "权重 = 分值 ÷ 100，使权重之和为 1。"),
               T(f"Weighted score = Σ w_d × gap_d = {terms} = {answer:+.4f}.",
                 f"加权得分 = Σ w_d × 差距_d = {terms} = {answer:+.4f}。")],
        data={"gaps": gaps, "importance": importance},
        mistakes=[
            (float(gaps["gap"].mean()), T("you took a plain mean of the gaps; weight each by its importance.",
                                          "你对差距取了简单平均；每个差距要按重要性加权。")),
            (100 * answer, T("divide the points by 100 first so that the weights sum to 1.",
                             "要先把分值除以 100，使权重之和为 1。")),
            (-answer, T("keep the signs of the gaps: a shortfall is negative.", "保留差距的正负号：不足为负。")),
        ],
    )


@topic("ipa_quadrant", T("Importance–performance quadrants", "重要性—绩效分析的象限"), "§5",
       requires=("importance_performance",))
def ipa_quadrant(rng):
    chosen = [ATTRIBUTES[i] for i in rng.choice(len(ATTRIBUTES), size=8, replace=False)]
    names = [a.en for a in chosen]
    while True:  # no attribute within 0.05 of a cross-hair: no doubt which side it is on
        importance = [round(float(rng.uniform(3.2, 6.8)), 1) for _ in names]
        performance = [round(float(rng.uniform(3.0, 6.6)), 1) for _ in names]
        if (np.min(np.abs(np.array(importance) - np.mean(importance))) >= 0.05
                and np.min(np.abs(np.array(performance) - np.mean(performance))) >= 0.05):
            break
    grid = metrics.importance_performance(importance, performance, labels=names)
    focus = grid.index[grid["quadrant"] == "concentrate here"].tolist()
    answer = len(focus)
    both_high = int((grid["quadrant"] == "keep up the good work").sum())
    zh = {a.en: a.zh for a in chosen}
    shown = tables([T("attribute", "属性"), T("importance", "重要性"), T("performance", "绩效表现")],
                   [[a.en, f"{i:.1f}", f"{p:.1f}"] for a, i, p in zip(chosen, importance, performance)],
                   [[a.zh, f"{i:.1f}", f"{p:.1f}"] for a, i, p in zip(chosen, importance, performance)])
    quadrants = tables([T("attribute", "属性"), T("quadrant", "象限")],
                       [[a, q] for a, q in grid["quadrant"].items()],
                       [[zh[a], QUADRANTS[q].zh] for a, q in grid["quadrant"].items()])
    return dict(
        text=T("Customers rated eight attributes on importance and on our performance (1–7 scales):\n\n" + shown.en
               + "\n\nWith the means as cross-hairs, how many attributes fall in the “concentrate here” quadrant "
                 "(importance at or above its mean, performance below its mean)?",
               "顾客对八项服务属性的重要性和本企业的绩效表现打分（1–7 分）：\n\n" + shown.zh
               + "\n\n以两项得分的平均值为分界线，落在“重点改进区”（重要性不低于平均值、绩效低于平均值）的属性有几项？"),
        answer=answer, unit=T("attributes", "项"), decimals=0,
        steps=[T(f"Cross-hairs: mean importance {np.mean(importance):.3f}, mean performance {np.mean(performance):.3f}.",
                 f"分界线：重要性平均值 {np.mean(importance):.3f}，绩效平均值 {np.mean(performance):.3f}。"),
               T("Quadrants:\n" + quadrants.en, "各属性所在象限：\n" + quadrants.zh),
               T("Concentrate here: " + (", ".join(focus) if focus else "none") + ".",
                 "重点改进区：" + ("、".join(zh[a] for a in focus) if focus else "无") + "。")],
        data={"importance": importance, "performance": performance, "labels": names},
        mistakes=[
            (int(np.sum((np.array(importance) >= 4) & (np.array(performance) < 4))),
             T("you used the scale midpoint (4) as cross-hairs; use the means of the attributes.",
               "你用量表中点 4 作分界线；应使用各属性得分的平均值。")),
            (both_high, T("you counted the attributes high on both; “concentrate here” is high importance, low "
                          "performance.",
                          "你数的是两项都高的属性；“重点改进区”是重要性高、绩效低。")),
        ],
    )


KANO = [("A", T("attractive A", "魅力质量 A")), ("O", T("one-dimensional O", "期望质量 O")),
        ("M", T("must-be M", "必备质量 M")), ("I", T("indifferent I", "无差异质量 I")),
        ("R", T("reverse R", "反向质量 R")), ("Q", T("questionable Q", "可疑结果 Q"))]
FEATURES = [T("free Wi-Fi in the branch", "营业厅免费 Wi-Fi"), T("SMS repair updates", "维修进度短信通知"),
            T("online bill", "电子账单"), T("24-hour hotline", "24 小时服务热线"), T("home visits", "上门服务"),
            T("loyalty points", "会员积分")]
COEFFICIENT = {"better": T("better coefficient", "满意系数"), "worse": T("worse coefficient", "不满意系数")}


@topic("kano_coefficient", T("Kano better/worse coefficients", "卡诺模型的满意与不满意系数"), "§5",
       requires=("kano_coefficients",))
def kano_coefficient(rng):
    feature = FEATURES[int(rng.integers(len(FEATURES)))]
    n = int(rng.integers(200, 601))
    while True:  # reverse and questionable answers are few in a real Kano survey (under 10%)
        counts = dict(zip("AOMIRQ", (int(c) for c in rng.multinomial(n, rng.dirichlet([3, 3, 3, 2.5, 0.4, 0.3])))))
        if counts["R"] + counts["Q"] <= 0.1 * n:
            break
    letters = np.repeat(list(counts), list(counts.values()))
    coefficients = metrics.kano_coefficients(letters)
    which = str(rng.choice(["better", "worse"]))
    answer = coefficients[which]
    core = counts["A"] + counts["O"] + counts["M"] + counts["I"]
    top = counts["A"] + counts["O"] if which == "better" else counts["O"] + counts["M"]
    sign = "" if which == "better" else "−"
    mistakes = [(top / n * (1 if which == "better" else -1),
                 T("reverse (R) and questionable (Q) answers are left out of the denominator.",
                   "反向（R）和可疑（Q）结果不计入分母。"))]
    if which == "better":
        mistakes.append(((counts["A"] + counts["M"]) / core,
                         T("better counts attractive (A) and one-dimensional (O) answers.",
                           "满意系数的分子是魅力质量（A）和期望质量（O）的人数。")))
    else:
        mistakes.append((-answer, T("the worse coefficient is negative: −(O + M) ÷ (A + O + M + I); report it with "
                                    "its minus sign.",
                                    "不满意系数为负值：−(O + M) ÷ (A + O + M + I)，答案要带负号。")))
        mistakes.append((-(counts["A"] + counts["M"]) / core,
                         T("worse counts one-dimensional (O) and must-be (M) answers.",
                           "不满意系数的分子是期望质量（O）和必备质量（M）的人数。")))
    formula = "(A + O) ÷ (A + O + M + I)" if which == "better" else "−(O + M) ÷ (A + O + M + I)"
    grid = tables([label for _, label in KANO], [[counts[k] for k, _ in KANO]])
    name = COEFFICIENT[which]
    minus = (T(" Report it with its sign (the worse coefficient is negative).", "不满意系数按惯例带负号。")
             if which == "worse" else T("", ""))
    return dict(
        text=T(f"{n} customers answered the Kano pair of questions about “{feature.en}”. Their answers fell in these "
               f"categories:\n\n{grid.en}\n\nWhat is the feature's {name.en}, to two decimals?{minus.en}",
               f"{n} 名顾客就“{feature.zh}”回答了卡诺模型的正反两问，结果归类如下：\n\n{grid.zh}\n\n"
               f"求该功能的{name.zh}（保留两位小数）。{minus.zh}"),
        answer=answer, unit=T("", ""), decimals=2, tolerance=0.01,
        steps=[T(f"{which.capitalize()} = {formula}; R and Q answers are left out.",
                 f"{name.zh} = {formula}；R 和 Q 不计入。"),
               T(f"A + O + M + I = {counts['A']} + {counts['O']} + {counts['M']} + {counts['I']} = {core}.",
                 f"A + O + M + I = {counts['A']} + {counts['O']} + {counts['M']} + {counts['I']} = {core}。"),
               T(f"{which.capitalize()} = {sign}{top} ÷ {core} = {answer:.4f}.",
                 f"{name.zh} = {sign}{top} ÷ {core} = {answer:.4f}。")],
        data={"counts": counts, "which": which},
        mistakes=mistakes,
    )
