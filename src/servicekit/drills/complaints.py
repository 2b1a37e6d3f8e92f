"""Drills on complaint handling (lesson 05, syllabus §6): Pareto analysis of causes, complaint KPIs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import DECIMALS, T, fmt, tables, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 5

CAUSES = [T("billing error", "账单错误"), T("late delivery", "送货延误"), T("rude staff", "员工态度差"),
          T("long hold time", "电话等待时间长"), T("faulty product", "产品故障"), T("wrong item", "发错货"),
          T("no call-back", "未按约回电"), T("meter misread", "抄表错误"), T("repair delay", "维修不及时"),
          T("website outage", "网站故障")]

#: The rule the question states: the kit's (the cause that crosses 80 % is in), and the ABC rule beside it.
PARETO_RULE = T(
    "Sort the causes by count, largest first, and add up their shares. A cause belongs to the vital few while "
    "the cumulative share of the causes before it is below 80%, so the cause that takes the cumulative share "
    "past 80% counts too. (The common ABC rule puts in class A only the causes within 0–80% of the cumulative "
    "share, without that cause.)",
    "按投诉件数从多到少排序并计算累计百分比。某项原因之前各项的累计百分比低于 80% 时，该项计入关键少数，"
    "因此使累计百分比越过 80% 的那一项也计入。（常见的 ABC 分类法只把累计百分比在 0–80% 以内的原因列为 A 类，"
    "不含越过 80% 的那一项。）")


@topic("pareto_vital_few", T("Pareto analysis of complaint causes", "投诉原因的帕累托分析"), "§6",
       requires=("pareto",))
def pareto_vital_few(rng):
    k = int(rng.integers(6, 10))
    chosen = [CAUSES[i] for i in rng.choice(len(CAUSES), size=k, replace=False)]
    causes = [c.en for c in chosen]
    zh_of = {c.en: c.zh for c in chosen}
    while True:
        weights = np.sort(rng.pareto(1.2, size=k) + 0.05)[::-1]
        counts = np.maximum(1, np.round(weights / weights.sum() * rng.integers(300, 1501))).astype(int)
        counts = rng.permutation(counts)
        # Distinct counts (no ties to settle), a real split between the few and the many, and no
        # cumulative share within half a point of 80% (no doubt which side of the line a cause is);
        # screened here, computed by servicekit.metrics.pareto below.
        cumulative = np.cumsum(np.sort(counts)[::-1]) / counts.sum() * 100
        few = int(np.sum(np.concatenate([[0.0], cumulative[:-1]]) < 80))
        if len(set(counts)) == k and 2 <= few <= k - 2 and np.all(np.abs(cumulative - 80) >= 0.5):
            break
    frame = metrics.pareto(dict(zip(causes, (int(c) for c in counts))))
    answer = int(frame["vital_few"].sum())
    # Wrong variant: walking the list in the order given, without sorting.
    unsorted_share = np.cumsum(counts) / counts.sum() * 100
    unsorted = int(np.sum(np.concatenate([[0.0], unsorted_share[:-1]]) < 80))
    yes = {True: T("yes", "是"), False: T("no", "否")}

    def rows(code):
        return [[cause if code == "en" else zh_of[cause], f"{row['count']}", f"{row['share']:.1f}",
                 f"{row['cumulative_share']:.1f}", yes[bool(row["vital_few"])].in_(code)]
                for cause, row in frame.iterrows()]

    given = tables([T("cause", "投诉原因"), T("complaints", "件数")],
                   [[c.en, n] for c, n in zip(chosen, counts)], [[c.zh, n] for c, n in zip(chosen, counts)])
    worked = tables([T("cause", "原因"), T("count", "件数"), T("share %", "占比 %"), T("cumulative %", "累计 %"),
                     T("vital few", "关键少数")], rows("en"), rows("zh"))
    return dict(
        text=T(f"Last quarter's {counts.sum():,} complaints by cause:\n\n{given.en}\n\n{PARETO_RULE.en}\n"
               "How many causes are the vital few?",
               f"上季度共受理投诉 {counts.sum():,} 件，按原因统计如下：\n\n{given.zh}\n\n进行帕累托分析：{PARETO_RULE.zh}\n"
               "求关键少数共有几项原因？"),
        answer=answer, unit=T("causes", "项"), decimals=0,
        steps=[T("Sort the causes by count, largest first, and add up their shares.",
                 "按件数从多到少排序，逐项累计占比。"),
               T("A cause belongs to the vital few while the cumulative share before it is below 80%:\n" + worked.en,
                 "某项之前的累计百分比低于 80% 时，该项属于关键少数：\n" + worked.zh),
               T(f"{answer} causes are the vital few.", f"关键少数共 {answer} 项。")],
        data={"counts": dict(zip(causes, (int(c) for c in counts)))},
        mistakes=[
            (answer - 1, T("that is the count of the ABC rule (the causes within 0–80% of the cumulative share); "
                           "this question's rule counts the cause that takes the cumulative share past 80% too.",
                           "这是 ABC 分类法的结果（累计百分比 0–80% 以内的原因）；本题规则规定，"
                           "使累计百分比越过 80% 的那一项也计入关键少数。")),
            (answer + 1, T("the cause after the one that takes the cumulative share past 80% already has 80% or more "
                           "before it: it belongs to the trivial many.",
                           "越过 80% 那一项之后的原因，其前面的累计百分比已不低于 80%，属于次要多数，不计入。")),
            (unsorted, T("sort the causes by count, largest first, before adding up the shares.",
                         "累计占比之前，要先按件数从多到少排序。")),
        ],
    )


KPI_NAMES = {"complaint_rate": T("complaint rate (complaints per 100 customers)", "投诉率"),
             "first_contact_resolution": T("first-contact resolution rate", "首次解决率"),
             "sla_compliance": T("SLA compliance", "服务时限达标率"),
             "escalation_rate": T("escalation rate", "升级率"),
             "reopen_rate": T("reopen rate", "重开率")}

#: The base of each rate, as the question states it (the kit's conventions, servicekit.metrics.complaint_kpis).
KPI_BASES = {
    "complaint_rate": T("complaints logged ÷ customers served × 100",
                        "登记投诉件数 ÷ 服务顾客数 × 100%，即每百名顾客的投诉件数"),
    "first_contact_resolution": T("complaints resolved at the first contact ÷ all complaints logged × 100 "
                                  "(open complaints stay in the base)",
                                  "首次接触即解决的投诉数 ÷ 全部登记投诉数 × 100%（未结案的投诉也计入基数）"),
    "sla_compliance": T("complaints resolved within the time limit ÷ complaints whose outcome is decided × 100; "
                        "an open complaint already past the limit counts as a breach, one still inside it is left out",
                        "在时限内解决的投诉数 ÷ 已能判定是否达标的投诉数 × 100%；未结案但已超时的投诉计为未达标，"
                        "未结案且未超时的投诉不计入"),
    "escalation_rate": T("complaints escalated ÷ all complaints logged × 100",
                         "升级处理的投诉数 ÷ 全部登记投诉数 × 100%"),
    "reopen_rate": T("complaints reopened ÷ all complaints logged × 100 (this course's convention; some firms "
                     "divide by the resolved complaints only)",
                     "重开的投诉数 ÷ 全部登记投诉数 × 100%（本课程口径；有的企业只以已解决的投诉为基数）"),
}

#: The same formulas, short, for the worked steps.
KPI_FORMULAS = {
    "complaint_rate": T("complaints ÷ customers × 100", "投诉件数 ÷ 服务顾客数 × 100%"),
    "first_contact_resolution": T("resolved at the first contact ÷ all complaints × 100",
                                  "首次接触即解决数 ÷ 全部投诉数 × 100%"),
    "sla_compliance": T("resolved within the limit ÷ complaints decided × 100", "时限内解决数 ÷ 可判定的投诉数 × 100%"),
    "escalation_rate": T("escalated ÷ all complaints × 100", "升级数 ÷ 全部投诉数 × 100%"),
    "reopen_rate": T("reopened ÷ all complaints × 100", "重开数 ÷ 全部投诉数 × 100%"),
}


def complaint_log(rng, n, first_contact, within_sla, open_late, open_recent, escalated, reopened, sla_hours, as_of):
    """A complaint log with exactly the given counts; resolved complaints come first."""
    resolved = n - open_late - open_recent
    received = as_of - pd.to_timedelta(rng.uniform(3 * sla_hours, 30 * 24, size=n), unit="h")
    # The last open_recent complaints arrived recently enough to be inside their deadline.
    received = received.to_numpy().copy()
    received[resolved + open_late:] = (as_of - pd.to_timedelta(rng.uniform(1, sla_hours - 1, size=open_recent), unit="h")).to_numpy()
    hours = np.where(np.arange(resolved) < within_sla, rng.uniform(1, sla_hours - 0.5, size=resolved),
                     rng.uniform(sla_hours + 0.5, 2 * sla_hours, size=resolved))
    resolved_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    resolved_at[:resolved] = received[:resolved] + pd.to_timedelta(hours, unit="h").to_numpy()
    order = rng.permutation(resolved)
    contacts = np.ones(n, dtype=int) * 2
    contacts[order[:first_contact]] = 1
    contacts[order[first_contact:]] = rng.integers(2, 5, size=resolved - first_contact)
    return pd.DataFrame({
        "complaint_id": np.arange(1, n + 1),
        "received_at": received,
        "first_response_at": received + pd.to_timedelta(rng.uniform(0.2, 0.9, size=n), unit="h").to_numpy(),
        "resolved_at": resolved_at,
        "contacts": contacts,
        "escalated": np.isin(np.arange(n), rng.choice(n, size=escalated, replace=False)),
        "reopened": np.isin(np.arange(n), rng.choice(resolved, size=reopened, replace=False)),
    })


@topic("complaint_kpis", T("Complaint KPIs (rate, FCR, SLA, escalation, reopen)",
                           "投诉指标（投诉率、首次解决率、时限达标率、升级率、重开率）"), "§6",
       requires=("complaint_kpis",))
def complaint_kpis(rng):
    n = int(rng.integers(300, 901))
    customers = int(rng.integers(20, 201)) * 1000
    sla_hours = float(rng.choice([24, 48, 72]))
    open_late, open_recent = int(rng.integers(3, 21)), int(rng.integers(5, 31))
    resolved = n - open_late - open_recent
    first_contact = int(resolved * rng.uniform(0.45, 0.8))
    within_sla = int(resolved * rng.uniform(0.7, 0.95))
    escalated = int(n * rng.uniform(0.03, 0.15))
    reopened = int(resolved * rng.uniform(0.02, 0.1))
    as_of = pd.Timestamp("2025-06-30 18:00")
    log = complaint_log(rng, n, first_contact, within_sla, open_late, open_recent, escalated, reopened, sla_hours, as_of)
    kpis = metrics.complaint_kpis(log, customers=customers, sla_hours=sla_hours, as_of=as_of)
    kpi = str(rng.choice(list(KPI_NAMES)))
    answer = float(kpis[kpi])
    decided = resolved + open_late
    all_base = T("all complaints logged are the base of this rate, open ones included, not only the resolved ones.",
                 "本指标以全部登记投诉为基数（含未结案的），而不是只算已解决的投诉。")
    formulas = {
        "complaint_rate": (f"{n} ÷ {customers:,} × 100",
                           [(1000 * n / customers, T("the rate is per 100 customers (a percent), not per 1,000.",
                                                     "投诉率按每百名顾客计（百分数），不是每千名。"))]),
        "first_contact_resolution": (f"{first_contact} ÷ {n} × 100", [(100 * first_contact / resolved, all_base)]),
        "sla_compliance": (f"{within_sla} ÷ ({resolved} + {open_late}) × 100",
                           [(100 * within_sla / n, T("complaints still open but inside their deadline are undecided: "
                                                     "leave them out of the denominator.",
                                                     "未结案且未超时的投诉尚无法判定是否达标，不计入分母。")),
                            (100 * within_sla / resolved, T("open complaints past their deadline are breaches: "
                                                            "keep them in the denominator.",
                                                            "未结案但已超时的投诉计为未达标，要计入分母。"))]),
        "escalation_rate": (f"{escalated} ÷ {n} × 100", [(100 * escalated / resolved, all_base)]),
        "reopen_rate": (f"{reopened} ÷ {n} × 100",
                        [(100 * reopened / resolved,
                          T("this question's reopen rate divides by all complaints logged (the course's convention), "
                            "not by the resolved ones.",
                            "本题的重开率以全部登记投诉数为分母（本课程口径），而不是已解决的投诉数。"))]),
    }
    formula, mistakes = formulas[kpi]
    decimals = 2 if kpi == "complaint_rate" else 1
    h = f"{sla_hours:g}"
    labels = [T("customers served", "服务顾客数"), T("complaints logged", "登记投诉数"), T("resolved", "已解决"),
              T("resolved at the first contact", "首次接触即解决"), T(f"resolved within {h} h", f"{h} 小时内解决"),
              T(f"still open, older than {h} h", f"未结案，已超过 {h} 小时"),
              T(f"still open, younger than {h} h", f"未结案，未满 {h} 小时"),
              T("escalated", "升级处理"), T("reopened after resolution", "解决后重开")]
    values = [f"{customers:,}", n, resolved, first_contact, within_sla, open_late, open_recent, escalated, reopened]
    facts = tables([T("figure", "项目"), T("value", "数值")], [[lab.en, v] for lab, v in zip(labels, values)],
                   [[lab.zh, v] for lab, v in zip(labels, values)])
    name, base = KPI_NAMES[kpi], KPI_BASES[kpi]
    short = KPI_FORMULAS[kpi]
    steps = [T(f"{name.en[0].upper() + name.en[1:]} = {short.en} = {formula} = {fmt(answer, decimals + 1)}%.",
               f"{name.zh} = {short.zh} = {formula}% = {fmt(answer, decimals + 1)}%。")]
    if kpi == "sla_compliance":
        steps.append(T(f"Open complaints inside their deadline ({open_recent}) are undecided; the {open_late} open "
                       f"past it are breaches: {decided} decided.",
                       f"未结案且未超时的 {open_recent} 件尚无法判定；未结案但已超时的 {open_late} 件计为未达标："
                       f"可判定的共 {decided} 件。"))
    return dict(
        text=T(f"A service centre's complaint log for the half-year, read at the end of the period "
               f"(time limit: resolve within {h} hours):\n\n{facts.en}\n\n"
               f"What is the {name.en}, in percent {DECIMALS[decimals].en}? Use {base.en}.",
               f"某服务中心上半年的投诉登记情况如下（期末统计；处理时限：{h} 小时内解决）：\n\n{facts.zh}\n\n"
               f"求{name.zh}（%，{DECIMALS[decimals].zh}）。计算口径：{base.zh}。"),
        answer=answer, unit=T("%", "%"), decimals=decimals,
        steps=steps,
        data={"log": log, "customers": customers, "sla_hours": sla_hours, "as_of": as_of, "kpi": kpi},
        mistakes=[*mistakes, (100 - answer, T("that is the complement: the share that did not meet the definition.",
                                              "这是它的补数，即不符合该定义的比例。"))],
    )
