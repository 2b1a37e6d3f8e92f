"""Drills on targeting (lesson 04, syllabus §3, §8): segment attractiveness, market potential and share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import DECIMALS, T, fmt, tables, times, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 4

CRITERIA = [T("size", "规模"), T("growth", "成长性"), T("profitability", "盈利能力"),
            T("competition (10 = weak)", "竞争强度（10 = 竞争弱）"), T("fit with resources", "与企业资源的匹配")]
SEGMENTS = [T("business travellers", "商务旅客"), T("students", "学生"), T("young families", "年轻家庭"),
            T("retirees", "退休人员"), T("small firms", "小微企业"), T("rural users", "农村用户"),
            T("high-end users", "高端用户"), T("price seekers", "价格敏感用户")]
WEIGHT_SETS = {4: [(0.3, 0.3, 0.2, 0.2), (0.4, 0.2, 0.2, 0.2), (0.25, 0.35, 0.15, 0.25)],
               5: [(0.2, 0.2, 0.2, 0.2, 0.2), (0.3, 0.2, 0.2, 0.15, 0.15), (0.25, 0.15, 0.3, 0.1, 0.2)]}


@topic("segment_attractiveness", T("Segment attractiveness by weighted criteria", "细分市场吸引力加权评分"), "§3",
       requires=("segment_attractiveness",))
def segment_attractiveness(rng):
    k = int(rng.integers(4, 6))
    criteria = CRITERIA[:k]
    names = [c.en for c in criteria]
    weights = dict(zip(names, WEIGHT_SETS[k][int(rng.integers(len(WEIGHT_SETS[k])))]))
    chosen = [SEGMENTS[i] for i in rng.choice(len(SEGMENTS), size=int(rng.integers(3, 5)), replace=False)]
    segments = [s.en for s in chosen]
    while True:  # a clear winner: the best two segments differ by at least 0.05 points (screened here)
        grid_scores = rng.integers(2, 11, size=(len(segments), k))
        top_two = np.sort(grid_scores @ np.array([weights[c] for c in names]))[::-1][:2]
        if top_two[0] - top_two[1] >= 0.05:
            break
    scores = pd.DataFrame(grid_scores, index=segments, columns=names)
    ranked = metrics.segment_attractiveness(scores, weights)
    best = str(ranked.index[0])
    zh_of = {s.en: s.zh for s in chosen}
    answer = float(ranked.iloc[0])
    plain = scores.mean(axis=1)
    rows = [[int(v) for v in scores.loc[s]] for s in segments]
    grid = tables([T("segment", "细分市场"), *criteria], [[s.en] + r for s, r in zip(chosen, rows)],
                  [[s.zh] + r for s, r in zip(chosen, rows)])
    weight_list = T(", ".join(f"{c.en} {weights[c.en]:g}" for c in criteria),
                    "，".join(f"{c.zh} {weights[c.en]:g}" for c in criteria))
    steps = [T("Weighted score = Σ weight × score over the criteria, for each segment.",
               "各细分市场的加权得分 = Σ（权重 × 得分）。")]
    for s in chosen:
        terms = " + ".join(f"{weights[c]:g}×{scores.loc[s.en, c]}" for c in names)
        steps.append(T(f"{s.en}: {terms} = {ranked[s.en]:.2f}.", f"{s.zh}：{terms} = {ranked[s.en]:.2f}。"))
    steps.append(T(f"The highest is {best}.", f"得分最高的是{zh_of[best]}。"))
    return dict(
        text=T("A mobile operator scores its candidate segments from 1 to 10 on each criterion:\n\n" + grid.en
               + f"\n\nWeights: {weight_list.en}.\nWhat is the weighted score of the most attractive segment, "
                 "to two decimals?",
               "某移动通信运营商按下列标准为候选细分市场打分（1–10 分）：\n\n" + grid.zh
               + f"\n\n权重：{weight_list.zh}。\n求吸引力最高的细分市场的加权得分（保留两位小数）。"),
        answer=answer, unit=T("points", "分"), decimals=2, tolerance=0.01,
        steps=steps,
        data={"scores": scores, "weights": weights, "best": best},
        mistakes=[
            (float(plain.max()), T("you took a plain average of the criteria; multiply each score by its weight.",
                                   "你对各项标准取了简单平均；每项得分要先乘以它的权重。")),
            (float(scores.sum(axis=1).max()), T("you added the scores without weights.", "你把得分直接相加，没有加权。")),
            (float(ranked.iloc[1]), T("that is not the most attractive segment; compare all the weighted scores.",
                                      "这不是吸引力最高的细分市场；请比较全部细分市场的加权得分。")),
        ],
    )


# (product, base: people or households, share of the base who are potential buyers, purchases a
# year (low, high), price in yuan (low, high)), for a city of 0.8 to 8 million people.
PRODUCTS = [
    (T("bottled-water delivery", "桶装水配送"), "households", (0.05, 0.20), (12, 36), (15, 25)),
    (T("broadband plan (monthly fee)", "宽带套餐（按月缴费）"), "households", (0.50, 0.85), (12, 12), (50, 150)),
    (T("car servicing", "汽车保养"), "people", (0.12, 0.30), (1, 3), (300, 900)),
    (T("gym membership", "健身年卡"), "people", (0.03, 0.08), (1, 1), (1500, 4000)),
    (T("coffee-bean subscription box", "咖啡豆订阅月盒"), "people", (0.01, 0.04), (6, 12), (60, 150)),
    (T("phone case", "手机壳"), "people", (0.20, 0.40), (1, 2), (30, 120)),
]
PEOPLE_PER_HOUSEHOLD = 2.6


def wan(count: int) -> str:
    """A count in 万 (ten thousands) for Chinese text: 96,000 → "9.6万"."""
    return f"{count / 10_000:,.4f}".rstrip("0").rstrip(".") + "万"


@topic("market_potential", T("Market potential", "市场潜量"), "§3", requires=("market_potential",))
def market_potential(rng):
    product, base, share, (few, many), (low, high) = PRODUCTS[int(rng.integers(len(PRODUCTS)))]
    population = int(rng.integers(8, 81)) * 100_000
    households = int(round(population / PEOPLE_PER_HOUSEHOLD, -4))
    pool = households if base == "households" else population
    buyers = int(round(pool * float(rng.uniform(*share)), -3))
    purchases = int(rng.integers(few, many + 1))
    price = int(rng.integers(low, high + 1))
    value = metrics.market_potential(buyers, purchases, price)
    answer = value / 1e6
    who = T("households", "户") if base == "households" else T("people", "人")
    size = T(f"{population / 1e6:.1f} million people (about {households / 1e6:.2f} million households)",
             f"常住人口约 {wan(population)}人（约 {wan(households)}户）")
    return dict(
        text=T(f"In a city of {size.en}, an estimated {buyers:,} {who.en} are potential buyers of a {product.en}. "
               f"Each buys it {times(purchases).en} a year at an average price of {price} "
               "yuan. What is the city's annual market potential, in million yuan to one decimal?",
               f"某市{size.zh}，估计{product.zh}的潜在购买者有 {wan(buyers)}{who.zh}，平均每{who.zh}每年购买 {purchases} 次，"
               f"平均单价 {price} 元。求该市{product.zh}的年市场潜量（单位：百万元，保留一位小数）。"),
        answer=answer, unit=T("million yuan", "百万元"), decimals=1, tolerance=0.1,
        steps=[T("Market potential = potential buyers × purchases per buyer per year × average price.",
                 "市场潜量 = 潜在购买者数 × 每位购买者每年购买次数 × 平均单价。"),
               T(f"= {buyers:,} × {purchases} × {price} = {value:,.0f} yuan = {answer:,.2f} million yuan.",
                 f"= {buyers:,} × {purchases} × {price} = {value:,.0f} 元 = {answer:,.2f} 百万元。")],
        data={"buyers": buyers, "purchases_per_year": purchases, "price": price, "population": population,
              "households": households, "base": base, "product": product.en},
        mistakes=[
            (buyers * price / 1e6, T("you left out how often each buyer buys in a year.",
                                     "你漏乘了每位购买者每年的购买次数。")),
            (buyers * purchases / 1e6, T("that is the number of purchases; multiply by the price for a value.",
                                         "这是购买次数，还要乘以平均单价才是金额。")),
            (value, T("the question asks for million yuan: divide by 1,000,000.",
                      "题目要求以百万元为单位：要除以 1,000,000。")),
            (value / 1e4, T("that is the value in ten-thousand yuan; the question asks for million yuan: "
                            "divide the yuan by 1,000,000.",
                            "这是以万元为单位的结果；题目要求以百万元为单位：元数要除以 1,000,000。")),
        ],
    )


@topic("market_share", T("Market share", "市场占有率"), "§3", requires=("market_share",))
def market_share(rng):
    market = int(rng.integers(20, 401)) * 10  # million yuan
    sales = round(market * float(rng.uniform(0.04, 0.45)), 1)
    answer = metrics.market_share(sales, market)
    market_wan, sales_wan = market * 100, round(sales * 100)
    return dict(
        text=T(f"Last year the whole market for a service was worth {market:,} million yuan; our sales were "
               f"{sales:,.1f} million yuan. What is our market share, in percent {DECIMALS[1].en}?",
               f"去年某项服务的整体市场销售额为 {market_wan:,} 万元，本公司销售额为 {sales_wan:,} 万元。"
               f"求本公司的市场占有率（%，{DECIMALS[1].zh}）。"),
        answer=answer, unit=T("%", "%"), decimals=1,
        steps=[T("Market share = our sales ÷ the whole market's sales × 100.",
                 "市场占有率 = 本公司销售额 ÷ 整体市场销售额 × 100%。"),
               T(f"= {sales:,.1f} ÷ {market:,} × 100 = {fmt(answer, 2)}%.",
                 f"= {sales_wan:,} ÷ {market_wan:,} × 100% = {fmt(answer, 2)}%。")],
        data={"sales": sales, "market_sales": market},
        mistakes=[
            (100 * sales / (market - sales), T("you divided by the competitors' sales; divide by the whole market, "
                                               "which includes ours.",
                                               "你除以的是竞争对手的销售额；应除以包括本公司在内的整体市场销售额。")),
            (100 * market / sales, T("you divided the wrong way round: our sales go on top.",
                                     "你把分子分母颠倒了：本公司销售额是分子。")),
        ],
    )
