"""Drills on satisfaction models (lesson 08, syllabus §5): the ACSI-style 0–100 index."""

from __future__ import annotations

from .. import metrics
from ._core import T, fmt, tables, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 8

#: ACSI's three satisfaction items. "Would choose us again" is not one of them: it measures loyalty.
ACSI_ITEMS = [T("overall satisfaction", "总体满意度"), T("compared with expectations", "与预期相比"),
              T("compared with the ideal", "与理想产品和服务相比")]
LOYALTY_ITEM = T("would choose us again (loyalty)", "会再次选择本企业（忠诚度）")
WEIGHTS = [(0.4, 0.3, 0.3), (0.5, 0.25, 0.25), (0.35, 0.35, 0.3), (0.3, 0.4, 0.3)]


@topic("acsi_rescale", T("ACSI-style 0–100 rescaling", "ACSI 百分制转换"), "§5", requires=("acsi_score",))
def acsi_rescale(rng):
    weights = WEIGHTS[int(rng.integers(len(WEIGHTS)))]
    means = [round(float(rng.uniform(6.0, 9.1)), 2) for _ in ACSI_ITEMS]
    with_loyalty = bool(rng.integers(2))
    loyalty = round(float(rng.uniform(5.0, 9.0)), 2)
    answer = metrics.acsi_score(means, weights, low=1, high=10)
    numerator = sum(w * (m - 1) for w, m in zip(weights, means))
    weighted_mean = sum(w * m for w, m in zip(weights, means))
    rows_en = [[i.en, f"{m:.2f}", f"{w:g}"] for i, m, w in zip(ACSI_ITEMS, means, weights)]
    rows_zh = [[i.zh, f"{m:.2f}", f"{w:g}"] for i, m, w in zip(ACSI_ITEMS, means, weights)]
    extra = T("", "")
    mistakes = [
        (10 * weighted_mean, T("you multiplied the weighted mean by 10; subtract the bottom of the scale (1) "
                               "and divide by the range (10 − 1 = 9).",
                               "你把加权均值直接乘以 10；应先减去量表最低分 1，再除以全距 10 − 1 = 9。")),
        (100 * numerator / 10, T("you divided by 10, the top of the scale; divide by the range, 10 − 1 = 9.",
                                 "你除以的是量表最高分 10；应除以全距 10 − 1 = 9。")),
        (metrics.acsi_score(means, [1] * 3), T("you ignored the weights and used a plain mean of the items.",
                                               "你忽略了权重，对各题项取了简单平均。")),
    ]
    if with_loyalty:
        rows_en.append([LOYALTY_ITEM.en, f"{loyalty:.2f}", "—"])
        rows_zh.append([LOYALTY_ITEM.zh, f"{loyalty:.2f}", "—"])
        extra = T(" The last row, whether they would choose the firm again, measures loyalty, not satisfaction: "
                  "it is not part of the index.",
                  "最后一行“是否会再次选择本企业”衡量的是顾客忠诚度而不是满意度，不计入指数。")
        mistakes.append((metrics.acsi_score(means + [loyalty], [1] * 4),
                         T("you took in the loyalty item (would choose again) and ignored the weights; the "
                           "satisfaction index uses ACSI's three satisfaction items only, with their weights.",
                           "你把忠诚度题项（是否会再次选择）也算了进去，还忽略了权重；满意度指数只用 ACSI 的三个满意度题项并按权重计算。")))
    grid = tables([T("item", "题项"), T("mean", "均值"), T("weight", "权重")], rows_en, rows_zh)
    n = int(rng.integers(3, 11)) * 100
    return dict(
        text=T(f"A survey of {n} customers asked ACSI's three satisfaction questions (overall satisfaction, compared "
               "with expectations, compared with the ideal) on a 1–10 scale. Item means and weights:\n\n"
               f"{grid.en}\n\n{extra.en.strip()}{' ' if with_loyalty else ''}Rescale the weighted mean of the "
               "satisfaction items linearly to an ACSI-style 0–100 index (1 becomes 0, 10 becomes 100), to one decimal.",
               f"某企业调查了 {n} 名顾客，用 1–10 分询问 ACSI 的三个满意度题项（总体满意度、与预期相比、与理想产品和服务相比）。"
               f"各题项均值和权重如下：\n\n{grid.zh}\n\n{extra.zh}把满意度题项的加权均值线性换算为 ACSI 式百分制指数"
               "（1 分对应 0，10 分对应 100），保留一位小数。"),
        answer=answer, unit=T("points", "分"), decimals=1,
        steps=[T("Index = 100 × Σ wᵢ(x̄ᵢ − 1) ÷ Σ wᵢ(10 − 1), over the three satisfaction items.",
                 "指数 = 100 × Σ wᵢ(x̄ᵢ − 1) ÷ Σ wᵢ(10 − 1)，只对三个满意度题项求和。"),
               T("Σ wᵢ(x̄ᵢ − 1) = " + " + ".join(f"{w:g}×({m:.2f} − 1)" for w, m in zip(weights, means))
                 + f" = {numerator:.4f}.",
                 "Σ wᵢ(x̄ᵢ − 1) = " + " + ".join(f"{w:g}×({m:.2f} − 1)" for w, m in zip(weights, means))
                 + f" = {numerator:.4f}。"),
               T(f"Σ wᵢ × 9 = {sum(weights):g} × 9 = {9 * sum(weights):g}.",
                 f"Σ wᵢ × 9 = {sum(weights):g} × 9 = {9 * sum(weights):g}。"),
               T(f"Index = 100 × {numerator:.4f} ÷ {9 * sum(weights):g} = {fmt(answer, 2)}.",
                 f"指数 = 100 × {numerator:.4f} ÷ {9 * sum(weights):g} = {fmt(answer, 2)}。")],
        data={"means": means, "weights": list(weights), "low": 1, "high": 10,
              "loyalty_item": loyalty if with_loyalty else None},
        mistakes=mistakes,
    )
