"""Drills on customer value (lesson 10, syllabus §1, §7, §8): retention, churn, lifetime, lifetime
value, RFM and the word-of-mouth loss of the 250 law."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import T, fmt, join, tables, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 10


def customer_base(rng):
    start = int(rng.integers(20, 201)) * 1000
    lost = int(round(start * rng.uniform(0.05, 0.3), -1))
    new = int(round(start * rng.uniform(0.05, 0.25), -1))
    return start, lost, new, start - lost + new


@topic("retention_rate", T("Retention rate", "客户保有率"), "§1", requires=("retention_rate",))
def retention_rate(rng):
    start, lost, new, end = customer_base(rng)
    answer = metrics.retention_rate(start, end, new)
    kept = end - new
    return dict(
        text=T(f"A broadband provider had {start:,} customers on 1 January and {end:,} on 31 December. "
               f"{new:,} of the December customers joined during the year. What is the retention rate, "
               "in percent to one decimal?",
               f"某宽带运营商 1 月 1 日有客户 {start:,} 户，12 月 31 日有 {end:,} 户，其中 {new:,} 户是年内新发展的客户。"
               "求该年的客户保有率（%，保留一位小数）。"),
        answer=answer, unit=T("%", "%"), decimals=1,
        steps=[T("Retention rate = (customers at the end − new customers) ÷ customers at the start × 100.",
                 "客户保有率 = （期末客户数 − 新增客户数）÷ 期初客户数 × 100%。"),
               T(f"Kept customers = {end:,} − {new:,} = {kept:,}.", f"保留下来的老客户 = {end:,} − {new:,} = {kept:,} 户。"),
               T(f"Retention rate = {kept:,} ÷ {start:,} × 100 = {fmt(answer, 2)}%.",
                 f"客户保有率 = {kept:,} ÷ {start:,} × 100% = {fmt(answer, 2)}%。")],
        data={"start": start, "end": end, "new": new},
        mistakes=[
            (100 * end / start, T("you counted the new customers as kept; subtract them first.",
                                  "你把新增客户也算作保留的客户；要先减去新增客户。")),
            (100 - answer, T("that is the churn rate; retention is the share kept.", "这是客户流失率；保有率是留下来的比例。")),
            (100 * kept / end, T("divide by the customers at the start of the year, not at the end.",
                                 "分母应是期初客户数，而不是期末客户数。")),
        ],
    )


@topic("churn_rate", T("Churn rate", "客户流失率"), "§1", requires=("churn_rate",))
def churn_rate(rng):
    start, lost, new, end = customer_base(rng)
    answer = metrics.churn_rate(start, lost)
    return dict(
        text=T(f"A mobile operator's prepaid brand began the year with {start:,} subscribers, won {new:,} new ones "
               f"and ended with {end:,}. None of the new subscribers left during the year. What is the annual "
               "churn rate, in percent to one decimal?",
               f"某移动运营商的预付费品牌年初有用户 {start:,} 户，年内新增 {new:,} 户，年末有 {end:,} 户；"
               "新增用户年内均未流失。求该年的客户流失率（%，保留一位小数）。"),
        answer=answer, unit=T("%", "%"), decimals=1,
        steps=[T(f"Lost subscribers = start + new − end = {start:,} + {new:,} − {end:,} = {lost:,}.",
                 f"流失用户数 = 年初用户数 + 新增用户数 − 年末用户数 = {start:,} + {new:,} − {end:,} = {lost:,} 户。"),
               T(f"Churn rate = lost ÷ start × 100 = {lost:,} ÷ {start:,} × 100 = {fmt(answer, 2)}%.",
                 f"客户流失率 = 流失用户数 ÷ 年初用户数 × 100% = {lost:,} ÷ {start:,} × 100% = {fmt(answer, 2)}%。")],
        data={"start": start, "lost": lost, "new": new, "end": end},
        mistakes=[
            (metrics.churn_rate(start, abs(start - end)) if start != end else float("nan"),
             T("you forgot the new subscribers: lost = start + new − end.",
               "你漏算了新增用户：流失数 = 年初 + 新增 − 年末。")),
            (100 * lost / end, T("divide by the subscribers at the start of the year, not at the end.",
                                 "分母应是年初用户数，而不是年末用户数。")),
            (100 - answer, T("that is the retention rate; churn is the share lost.", "这是客户保有率；流失率是流失的比例。")),
        ],
    )


@topic("customer_lifetime", T("Average customer lifetime", "平均客户生命周期"), "§1", requires=("expected_lifetime",))
def customer_lifetime(rng):
    churn = int(rng.integers(8, 41))
    retention = 1 - churn / 100
    answer = metrics.expected_lifetime(retention)
    return dict(
        text=T(f"A bank loses {churn}% of its credit-card holders every year and keeps the rest. On average, how "
               "many years does a new card holder stay, to two decimals? Count the year in which a holder leaves "
               "as a whole year.",
               f"某银行每年流失 {churn}% 的信用卡持卡人，其余继续持卡。平均而言，一位新持卡人会持卡多少年"
               "（流失当年按一整年计，保留两位小数）？"),
        answer=answer, unit=T("years", "年"), decimals=2,
        steps=[T(f"Retention r = 1 − {churn / 100:g} = {retention:g}.", f"保有率 r = 1 − {churn / 100:g} = {retention:g}。"),
               T(f"Average lifetime = 1 ÷ (1 − r) = 1 ÷ {churn / 100:g} = {fmt(answer, 4)} years.",
                 f"平均客户生命周期 = 1 ÷ (1 − r) = 1 ÷ {churn / 100:g} = {fmt(answer, 4)} 年。")],
        data={"retention": retention},
        mistakes=[
            (1 / retention, T("you divided by the retention rate; the lifetime is 1 ÷ churn = 1 ÷ (1 − r).",
                              "你除以的是保有率；平均生命周期 = 1 ÷ 流失率 = 1 ÷ (1 − r)。")),
            (retention / (1 - retention), T("you counted only the years after the first; the first year counts too.",
                                            "你只算了第一年之后的年数；第一年也要计入。")),
            (1 / churn, T("you used the churn rate in percent; use it as a fraction.",
                          "你用了百分数形式的流失率；应使用小数形式。")),
        ],
    )


def clv_inputs(rng):
    margin = int(rng.integers(20, 301)) * 10
    retention = round(float(rng.uniform(0.55, 0.92)), 2)
    discount = float(rng.choice([0.06, 0.08, 0.10, 0.12]))
    acquisition = int(round(margin * float(rng.choice([0, 0, 0.3, 0.6, 1.0])), -1))
    return margin, retention, discount, acquisition


#: When the money comes and when retention starts, as every CLV question states it.
CLV_CONVENTION = T("The margin is paid at the end of each year. Every customer stays through year 1; from year 2 on, "
                   "{r:.0%} of the customers of the year before stay on, so a customer is still there in year t with "
                   "probability r^(t−1). The discount rate is {d:.0%} a year.",
                   "利润于每年年末取得。第 1 年客户一定在；从第 2 年起，每年有 {r:.0%} 的上年客户留下，"
                   "即第 t 年客户仍在的概率为 r^(t−1)。年折现率为 {d:.0%}。")


def clv_text(margin, retention, discount, acquisition, horizon: T) -> T:
    cost = (T(f" Winning a customer costs {acquisition:,} yuan.", f"获取一位客户的成本为 {acquisition:,} 元。")
            if acquisition else T(" Ignore acquisition cost.", "不考虑获客成本。"))
    return join(T(f"A customer brings a margin of {margin:,} yuan a year. ", f"每位客户每年带来利润 {margin:,} 元。"),
                CLV_CONVENTION.format(r=retention, d=discount), cost,
                T(f" What is the customer lifetime value {horizon.en}, to the nearest yuan?",
                  f"求{horizon.zh}的客户终身价值（精确到元）。"))


FIRST_PERIOD = T("you did not discount the first period: the first margin arrives at the end of year 1, so divide it "
                 "by (1 + d).",
                 "你没有对第一期折现：第 1 年的利润在年末取得，要除以 (1 + d)。")
RETENTION_YEAR_1 = T("you applied retention to the first year too; the question says every customer stays through "
                     "year 1, so use r^(t−1).",
                     "你在第 1 年就乘了保有率；题目规定第 1 年客户一定在，应使用 r^(t−1)。")
ROUNDED_FACTORS = T("you rounded the retention or discount factors too early; keep four decimals in them.",
                    "保有概率或折现系数取舍过早；请保留四位小数。")


@topic("clv_finite", T("Customer lifetime value, finite horizon", "客户终身价值（有限期）"), "§7", requires=("clv",))
def clv_finite(rng):
    margin, retention, discount, acquisition = clv_inputs(rng)
    periods = int(rng.integers(3, 9))
    answer = metrics.clv(margin, retention, discount, periods=periods, acquisition_cost=acquisition)
    cumulative = [0.0] + [metrics.clv(margin, retention, discount, periods=t) for t in range(1, periods + 1)]
    rows = []
    for t in range(1, periods + 1):
        rows.append([t, f"{retention ** (t - 1):.4f}", f"{1 / (1 + discount) ** t:.4f}",
                     fmt(cumulative[t] - cumulative[t - 1], 2)])
    gross = answer + acquisition
    try:
        undiscounted = metrics.clv(margin, retention, 0.0, periods=periods, acquisition_cost=acquisition)
    except ValueError:
        undiscounted = float("nan")
    rounded = sum(margin * round(retention ** (t - 1), 3) * round(1 / (1 + discount) ** t, 3)
                  for t in range(1, periods + 1)) - acquisition
    mistakes = [
        (gross * (1 + discount) - acquisition, FIRST_PERIOD),
        (gross * retention - acquisition, RETENTION_YEAR_1),
        (undiscounted, T("you did not discount the future margins.", "你没有对未来的利润折现。")),
        (metrics.clv(margin, retention, discount, periods=periods - 1, acquisition_cost=acquisition),
         T(f"you stopped a year early: the horizon is {periods} years, t = 1 … {periods}.",
           f"你少算了一年：期限为 {periods} 年，t = 1 … {periods}。")),
        (rounded, ROUNDED_FACTORS),
    ]
    if acquisition:
        mistakes.append((gross, T("you forgot to subtract the acquisition cost.", "你忘了减去获客成本。")))
    grid = tables([T("t", "t"), T("rᵗ⁻¹", "rᵗ⁻¹"), T("1/(1+d)ᵗ", "1/(1+d)ᵗ"), T("value", "现值")], rows)
    return dict(
        text=clv_text(margin, retention, discount, acquisition, T(f"over {periods} years", f" {periods} 年期")),
        answer=answer, unit=T("yuan", "元"), decimals=0, tolerance=2.0,
        steps=[T(f"CLV = Σₜ₌₁..{periods} m·rᵗ⁻¹/(1 + d)ᵗ − acquisition cost, with m = {margin}, r = {retention:g}, "
                 f"d = {discount:g}.",
                 f"CLV = Σₜ₌₁..{periods} m·rᵗ⁻¹/(1 + d)ᵗ − 获客成本，其中 m = {margin}，r = {retention:g}，d = {discount:g}。"),
               T("Year by year:\n" + grid.en, "逐年计算：\n" + grid.zh),
               T(f"Sum = {fmt(gross, 2)} yuan" + (f"; minus acquisition cost {acquisition:,} = {fmt(answer, 2)} yuan."
                                                  if acquisition else "."),
                 f"合计 = {fmt(gross, 2)} 元" + (f"；减去获客成本 {acquisition:,} 元 = {fmt(answer, 2)} 元。"
                                                if acquisition else "。"))],
        data={"margin": margin, "retention": retention, "discount": discount, "periods": periods,
              "acquisition_cost": acquisition},
        mistakes=mistakes,
        close=abs(rounded - answer) + 2.0, close_message=ROUNDED_FACTORS,
    )


@topic("clv_infinite", T("Customer lifetime value, infinite horizon", "客户终身价值（无限期）"), "§7", requires=("clv",))
def clv_infinite(rng):
    margin, retention, discount, acquisition = clv_inputs(rng)
    answer = metrics.clv(margin, retention, discount, acquisition_cost=acquisition)
    gross = answer + acquisition
    base = 1 + discount - retention
    mistakes = [
        (gross * (1 + discount) - acquisition,
         T("you did not discount the first period: with the margin paid at the end of the year, "
           "CLV = m ÷ (1 + d − r), not m(1 + d) ÷ (1 + d − r).",
           "你没有对第一期折现：利润在年末取得，CLV = m ÷ (1 + d − r)，而不是 m(1 + d) ÷ (1 + d − r)。")),
        (gross * retention - acquisition, RETENTION_YEAR_1),
        (metrics.clv(margin, retention, 0.0, acquisition_cost=acquisition),
         T("you did not discount: m ÷ (1 − r) ignores d.", "你没有折现：m ÷ (1 − r) 忽略了折现率 d。")),
        (margin / discount - acquisition,
         T("you left out retention: m ÷ d values a customer who never leaves.",
           "你漏掉了保有率：m ÷ d 相当于客户永不流失。")),
    ]
    if acquisition:
        mistakes.append((gross, T("you forgot to subtract the acquisition cost.", "你忘了减去获客成本。")))
    return dict(
        text=clv_text(margin, retention, discount, acquisition,
                      T("if the relationship could last for ever", "按无限期（客户关系可无限延续）计算")),
        answer=answer, unit=T("yuan", "元"), decimals=0, tolerance=1.0,
        steps=[T("Infinite horizon: CLV = m ÷ (1 + d − r) − acquisition cost.", "无限期：CLV = m ÷ (1 + d − r) − 获客成本。"),
               T(f"1 + d − r = 1 + {discount:g} − {retention:g} = {base:.4f}.",
                 f"1 + d − r = 1 + {discount:g} − {retention:g} = {base:.4f}。"),
               T(f"m ÷ (1 + d − r) = {margin:,} ÷ {base:.4f} = {fmt(gross, 2)} yuan"
                 + (f"; minus {acquisition:,} = {fmt(answer, 2)} yuan." if acquisition else "."),
                 f"m ÷ (1 + d − r) = {margin:,} ÷ {base:.4f} = {fmt(gross, 2)} 元"
                 + (f"；减去 {acquisition:,} 元 = {fmt(answer, 2)} 元。" if acquisition else "。"))],
        data={"margin": margin, "retention": retention, "discount": discount, "acquisition_cost": acquisition},
        mistakes=mistakes,
    )


@topic("rfm_score", T("RFM score", "RFM 评分"), "§7", requires=("rfm_scores",))
def rfm_score(rng):
    customers = [f"C{i:02d}" for i in range(1, 11)]
    now = pd.Timestamp("2025-12-31")
    recency = rng.choice(np.arange(1, 181), size=10, replace=False)
    frequency = rng.choice(np.arange(1, 25), size=10, replace=False)
    # Each customer's last purchase was ``recency`` days ago; the earlier ones fall before it.
    ages = np.concatenate([days + np.concatenate([[0], rng.choice(np.arange(1, 180), size=count - 1, replace=False)])
                           for days, count in zip(recency, frequency)])
    transactions = pd.DataFrame({
        "customer_id": np.repeat(customers, frequency),
        "date": now - pd.to_timedelta(ages, unit="D"),
        "amount": np.round(rng.uniform(80, 900, size=int(frequency.sum())), -1),
    })
    scores = metrics.rfm_scores(transactions, now=now)
    who = str(rng.choice(customers))
    r, f, m = (int(scores.loc[who, letter]) for letter in "RFM")
    answer = int(scores.loc[who, "score"])
    summary = [[c, int(d), int(n), f"{s:,.0f}"] for c, d, n, s in
               zip(customers, scores["recency_days"], scores["frequency"], scores["monetary"])]
    names = np.asarray(scores.index)
    ranked = {letter: list(names[np.lexsort((sign * scores[column].to_numpy(), -scores[letter].to_numpy()))])
              for letter, column, sign in (("R", "recency_days", 1), ("F", "frequency", -1), ("M", "monetary", -1))}
    grid = tables([T("customer", "客户"), T("days since last purchase", "距最近一次消费天数"),
                   T("purchases", "消费次数"), T("total spend (yuan)", "消费总额（元）")], summary)
    return dict(
        text=T("Ten customers' purchases this year, summarised on 31 December:\n\n" + grid.en
               + "\n\nScore recency, frequency and money spent in quintiles (5 = best, two customers per quintile; "
                 f"customers with equal values share the lower score). What is customer {who}'s RFM score R + F + M?",
               "十位客户今年的消费情况（12 月 31 日汇总）如下：\n\n" + grid.zh
               + "\n\n按五分位分别为最近一次消费（R）、消费频率（F）和消费金额（M）打分（最好的为 5 分，每档两位客户；"
                 f"数值相同的客户取较低的分数）。求客户 {who} 的 RFM 总分 R + F + M。"),
        answer=answer, unit=T("points", "分"), decimals=0,
        steps=[T("Rank the ten customers on each measure and give the best two 5, the next two 4, and so on; "
                 "for recency the best is the fewest days; equal values share the lower score.",
                 "按每项指标给十位客户排序：最好的两位得 5 分，其次两位得 4 分，依此类推；最近一次消费天数越少越好；"
                 "数值相同的取较低的分数。"),
               T("Best to worst on recency: " + ", ".join(ranked["R"]) + ".",
                 "最近一次消费，由好到差：" + "、".join(ranked["R"]) + "。"),
               T("Best to worst on frequency: " + ", ".join(ranked["F"]) + ".",
                 "消费频率，由好到差：" + "、".join(ranked["F"]) + "。"),
               T("Best to worst on money spent: " + ", ".join(ranked["M"]) + ".",
                 "消费金额，由好到差：" + "、".join(ranked["M"]) + "。"),
               T(f"{who}: R = {r}, F = {f}, M = {m}; R + F + M = {answer}.",
                 f"{who}：R = {r}，F = {f}，M = {m}；R + F + M = {answer}。")],
        data={"transactions": transactions, "now": now, "customer": who},
        mistakes=[
            (6 - r + f + m, T("recency scores the other way: the most recent buyers (fewest days) get 5.",
                              "最近一次消费的评分方向相反：距今天数最少的客户得 5 分。")),
            (int(scores.loc[who, "rfm"]), T("you wrote the three digits side by side; the score is their sum.",
                                            "你把三个分数并排写成了三位数；总分是三者之和。")),
        ],
    )


ROUNDED_CLV = T("you rounded the lifetime value of one customer before multiplying; keep two decimals in it.",
                "你在相乘之前把单个客户的终身价值取整了；请保留两位小数。")


@topic("word_of_mouth", T("Word-of-mouth loss (the 250 law)", "口碑损失（250 定律）"), "§8",
       requires=("word_of_mouth_loss", "clv"))
def word_of_mouth(rng):
    lost = int(rng.integers(5, 41))
    margin = int(rng.integers(30, 301)) * 10
    retention = round(float(rng.uniform(0.6, 0.9)), 2)
    discount = float(rng.choice([0.08, 0.10, 0.12]))
    conversion = float(rng.choice([0.005, 0.01, 0.02]))
    answer = metrics.word_of_mouth_loss(lost, margin, retention, discount, influence=250, conversion=conversion)
    value = metrics.clv(margin, retention, discount)
    prospects = lost * 250 * conversion
    rounded = (lost + prospects) * round(value)
    tolerance = max(1.0, answer * 1e-4)
    return dict(
        text=join(T(f"A car dealer lost {lost} customers this year through poor after-sales service. Each customer was "
                    f"worth a margin of {margin:,} yuan a year. ",
                    f"某汽车经销商今年因售后服务不佳流失了 {lost} 位客户。每位客户每年带来利润 {margin:,} 元。"),
                  CLV_CONVENTION.format(r=retention, d=discount),
                  T(f" By Girard's 250 law each lost customer talks to 250 people, and {conversion:.1%} of them would "
                    "otherwise have become customers, each worth the same lifetime value. What is the total value lost "
                    "(the lost customers' own lifetime value and the prospects'), in yuan, over an infinite horizon?",
                    f"按吉拉德的 250 定律，每位流失的客户会影响 250 人，其中 {conversion:.1%} 本会成为客户，"
                    "每人的终身价值与老客户相同。按无限期计算，流失客户自身及其影响的潜在客户合计损失多少元（精确到元）？")),
        answer=answer, unit=T("yuan", "元"), decimals=0, tolerance=tolerance,
        steps=[T(f"CLV of one customer = m ÷ (1 + d − r) = {margin:,} ÷ {1 + discount - retention:.2f} = {fmt(value, 2)} yuan.",
                 f"单个客户的终身价值 = m ÷ (1 + d − r) = {margin:,} ÷ {1 + discount - retention:.2f} = {fmt(value, 2)} 元。"),
               T(f"Prospects lost = {lost} × 250 × {conversion:g} = {prospects:g}.",
                 f"损失的潜在客户 = {lost} × 250 × {conversion:g} = {prospects:g} 人。"),
               T(f"Loss = (customers + prospects) × CLV = ({lost} + {prospects:g}) × {fmt(value, 2)} = {fmt(answer, 2)} yuan.",
                 f"损失 = （流失客户 + 潜在客户）× CLV = ({lost} + {prospects:g}) × {fmt(value, 2)} = {fmt(answer, 2)} 元。")],
        data={"lost_customers": lost, "margin": margin, "retention": retention, "discount": discount,
              "conversion": conversion},
        mistakes=[
            (lost * value, T("you counted only the customers lost, not the prospects they talk out of buying.",
                             "你只算了流失的客户，漏了被他们劝阻的潜在客户。")),
            (lost * 250 * value, T("not everyone they talk to would have bought: multiply by the conversion share.",
                                   "受影响的人并非都会购买：要乘以转化比例。")),
            (prospects * value, T("the lost customers themselves count too, not only the prospects.",
                                  "流失的客户本身也要计入，而不只是潜在客户。")),
            (rounded, ROUNDED_CLV),
        ],
        close=abs(rounded - answer) + tolerance, close_message=ROUNDED_CLV,
    )
