"""Drills on contact-centre staffing (lesson 06, syllabus §6): Erlang C agents and service level."""

from __future__ import annotations

import math

import numpy as np

from .. import metrics
from ._core import T, fmt, tables, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 6

#: Columns of the waiting-probability table of ``erlang_agents``.
COLUMNS = 6

SERVICE_LEVEL = T("Service level = 1 − P_wait · e^(−(N − A)·t/AHT), with the traffic A = calls per hour × AHT ÷ 3600 "
                  "Erlangs and t the target time.",
                  "服务水平 = 1 − P_wait · e^(−(N − A)·t/AHT)，其中话务量 A = 每小时呼入量 × AHT ÷ 3600（爱尔兰），"
                  "t 为目标接听时间。")


def call_centre(rng):
    rate = int(rng.integers(12, 49)) * 10
    aht = int(rng.integers(15, 43)) * 10
    target_time = int(rng.choice([15, 20, 30]))
    target_level = int(rng.choice([80, 85, 90]))
    return rate, aht, target_time, target_level


@topic("erlang_agents", T("Erlang C: agents for a target service level", "爱尔兰C公式：达到服务水平目标的座席数"), "§6",
       requires=("agents_needed", "service_level", "erlang_c", "traffic_intensity"))
def erlang_agents(rng):
    rate, aht, target_time, target_level = call_centre(rng)
    answer = metrics.agents_needed(rate, aht, target_time, target_level)
    traffic = metrics.traffic_intensity(rate, aht)
    first = math.floor(traffic) + 1
    # The table's span does not give the answer away: it sits at any column, first to last, as far
    # as the first stable staffing (N > A) allows.
    position = int(rng.integers(0, min(COLUMNS - 1, answer - first) + 1))
    columns = list(range(answer - position, answer - position + COLUMNS))
    waits = [f"{p:.4f}" for p in metrics.erlang_c(rate, aht, np.array(columns))]
    shown = tables([T("agents N", "座席数 N")] + [T(str(n), str(n)) for n in columns],
                   [["P_wait"] + waits])
    levels = [float(level) for level in metrics.service_level(rate, aht, np.array(columns), target_time)]
    tried = tables([T("N", "N"), T("service level %", "服务水平 %")],
                   [[n, f"{level:.1f}"] for n, level in zip(columns, levels)])
    short = float(metrics.service_level(rate, aht, answer - 1, target_time))
    # Leaving out the answer-time term: the first N whose 1 − P_wait (calls answered at once) reaches the
    # target. It overstaffs, since calls that wait less than the target time are answered in time too.
    no_wait = first
    while 100 * (1 - float(metrics.erlang_c(rate, aht, no_wait))) < target_level:
        no_wait += 1
    mistakes = [
        (math.ceil(traffic), T("that only covers the traffic in Erlangs; with so few agents the queue grows "
                               "and few calls are answered in time. Add agents until the service level reaches "
                               "the target.",
                               "这只够承接话务量本身；座席这么少，排队越来越长，能按时接听的电话很少。"
                               "要逐个增加座席，直到服务水平达到目标。")),
        (answer - 1, T(f"one agent short: with {answer - 1} agents the service level is {short:.1f}%, below "
                       f"{target_level}%.",
                       f"少了一个座席：{answer - 1} 个座席时服务水平为 {short:.1f}%，低于 {target_level}%。")),
    ]
    if no_wait != answer:
        mistakes.append((no_wait, T(
            f"you took the first N whose 1 − P_wait reaches {target_level}%, leaving out the factor "
            f"e^(−(N − A)·t/AHT). 1 − P_wait is only the share answered at once; calls that wait less than "
            f"{target_time} seconds are answered in time too, so fewer agents reach the target.",
            f"你取的是 1 − P_wait 首次达到 {target_level}% 的 N，漏掉了因子 e^(−(N − A)·t/AHT)。1 − P_wait "
            f"只是无需等待、立即接听的比例；等待不到 {target_time} 秒就接通的来电也算按时接听，"
            "所以实际需要的座席更少。")))
    return dict(
        text=T(f"A service hotline receives {rate} calls an hour at its peak, with an average handling time (AHT) of "
               f"{aht} seconds. The target is {target_level}% of calls answered within {target_time} seconds. "
               f"Erlang C gives these probabilities that a call has to wait:\n\n{shown.en}\n\n{SERVICE_LEVEL.en} "
               "How many agents are needed (the fewest that reach the target)?",
               f"某服务热线高峰时段每小时呼入 {rate} 个电话，平均处理时长（AHT）为 {aht} 秒，服务水平目标为 "
               f"{target_level}% 的电话在 {target_time} 秒内接听。按爱尔兰C公式，不同座席数下来电需要等待的概率如下："
               f"\n\n{shown.zh}\n\n{SERVICE_LEVEL.zh}求达到目标所需的最少座席数。"),
        answer=answer, unit=T("agents", "个座席"), decimals=0,
        steps=[T(f"Traffic A = {rate} × {aht} ÷ 3600 = {traffic:.3f} Erlangs.",
                 f"话务量 A = {rate} × {aht} ÷ 3600 = {traffic:.3f} 爱尔兰。"),
               T(f"At least {first} agents are needed for the queue to stay finite (N > A).",
                 f"座席数必须大于话务量（N > A），队列才不会无限增长，因此至少 {first} 个座席。"),
               T(f"Service level = 1 − P_wait · e^(−(N − A)·{target_time}/{aht}) for each N of the table:\n{tried.en}",
                 f"对表中每个 N 计算服务水平 = 1 − P_wait · e^(−(N − A)·{target_time}/{aht})：\n{tried.zh}"),
               T(f"The first N at or above {target_level}% is {answer}.",
                 f"服务水平首次达到 {target_level}% 的座席数为 {answer}。")],
        data={"arrival_rate": rate, "aht": aht, "target_time": target_time, "target_level": target_level,
              "columns": columns},
        mistakes=mistakes,
    )


@topic("erlang_service_level", T("Erlang C: service level of a team", "爱尔兰C公式：团队的服务水平"), "§6",
       requires=("erlang_c", "service_level", "traffic_intensity"))
def erlang_service_level(rng):
    rate, aht, target_time, _ = call_centre(rng)
    traffic = metrics.traffic_intensity(rate, aht)
    agents = math.floor(traffic) + int(rng.integers(2, 6))
    answer = metrics.service_level(rate, aht, agents, target_time)
    wait = metrics.erlang_c(rate, aht, agents)
    factor = math.exp(-(agents - traffic) * target_time / aht)
    formula = ("[Aᴺ/N! · N/(N − A)] ÷ [Σₖ₌₀..N₋₁ Aᵏ/k! + Aᴺ/N! · N/(N − A)]")
    return dict(
        text=T(f"A complaint hotline gets {rate} calls an hour with an average handling time of {aht} seconds and "
               f"has {agents} agents on the phones. Erlang C gives a probability of {wait:.4f} that a call has to "
               f"wait. What percentage of calls is answered within {target_time} seconds, to one decimal?",
               f"某投诉热线每小时呼入 {rate} 个电话，平均处理时长为 {aht} 秒，在线座席 {agents} 个。按爱尔兰C公式，"
               f"来电需要等待的概率为 {wait:.4f}。求 {target_time} 秒内接听的电话所占百分比（服务水平，%，保留一位小数）。"),
        answer=answer, unit=T("%", "%"), decimals=1, tolerance=0.15,
        steps=[T(f"Traffic A = calls per hour × AHT ÷ 3600 = {rate} × {aht} ÷ 3600 = {traffic:.4f} Erlangs.",
                 f"话务量 A = 每小时呼入量 × AHT ÷ 3600 = {rate} × {aht} ÷ 3600 = {traffic:.4f} 爱尔兰。"),
               T(f"P_wait (given) comes from the Erlang C formula {formula} with N = {agents}: P_wait = {wait:.4f}.",
                 f"等待概率 P_wait（已给出）由爱尔兰C公式 {formula} 在 N = {agents} 时求得：P_wait = {wait:.4f}。"),
               T(f"e^(−(N − A)·t/AHT) = e^(−({agents} − {traffic:.4f}) × {target_time}/{aht}) = {factor:.4f}.",
                 f"e^(−(N − A)·t/AHT) = e^(−({agents} − {traffic:.4f}) × {target_time}/{aht}) = {factor:.4f}。"),
               T(f"Service level = (1 − {wait:.4f} × {factor:.4f}) × 100 = {fmt(answer, 2)}%.",
                 f"服务水平 = (1 − {wait:.4f} × {factor:.4f}) × 100% = {fmt(answer, 2)}%。")],
        data={"arrival_rate": rate, "aht": aht, "agents": agents, "target_time": target_time},
        mistakes=[
            (100 * (1 - wait), T("that is the share answered at once without waiting; calls that wait less than "
                                 "the target time count as answered in time too.",
                                 "这是无需等待、立即接听的比例；等待时间短于目标时间的来电也算按时接听。")),
            (100 * (1 - wait * math.exp(-agents * target_time / aht)),
             T("the exponent uses the spare capacity N − A, not N.", "指数中应使用富余能力 N − A，而不是 N。")),
            (100 * wait, T("that is the probability of waiting, not the service level.",
                           "这是需要等待的概率，不是服务水平。")),
        ],
    )
