"""Drills on service strategy (lesson 02, syllabus §2): the VMI case's delivery and inventory savings."""

from __future__ import annotations

from ..metrics import strategy
from ._core import T, times, topic

#: The lesson that teaches these drills (a mock paper's marks are summed by it).
LESSON = 2


@topic("vmi_savings", T("VMI delivery and inventory savings", "VMI 的送货与库存节约"), "§2")
def vmi_savings(rng):
    # The answer comes from lesson 02's vmi_savings; the steps show its arithmetic.
    hospitals = int(rng.integers(8, 41))
    before, after = 6, int(rng.choice([1, 2]))
    cost = int(rng.integers(8, 31)) * 10
    days = int(rng.choice([250, 300, 360]))
    stock_before = int(rng.integers(20, 81)) * 10_000
    cut = float(rng.choice([0.2, 0.25, 0.3, 0.4]))
    holding = float(rng.choice([0.15, 0.2, 0.25]))
    delivery = hospitals * (before - after) * cost * days
    freed = stock_before * cut
    stock = freed * holding * hospitals
    per_hospital = strategy.vmi_savings(before, after, cost, stock_before, stock_before * (1 - cut), holding, days=days)
    answer = hospitals * float(per_hospital["total_yearly_saving"])
    saved = before - after
    return dict(
        text=T(f"A medical-supplies distributor delivers to {hospitals} hospitals about {before} times a day each, "
               f"at {cost} yuan per delivery, on {days} days a year. With vendor-managed inventory (VMI) it will "
               f"deliver {times(after).en} a day, and each hospital can cut its safety stock, worth {stock_before:,} "
               f"yuan, by {cut:.0%}. Holding stock costs {holding:.0%} of its value a year. What is the yearly saving "
               "for distributor and hospitals together, in yuan (to the nearest yuan)?",
               f"某医疗用品分销商为 {hospitals} 家医院供货，平均每天向每家医院送货约 {before} 次，每次送货成本 {cost} 元，"
               f"全年按 {days} 天计。实行供应商管理库存（VMI）后，每天只需向每家医院送货 {after} 次；每家医院原有安全库存"
               f" {stock_before:,} 元，可压减 {cut:.0%}。库存持有成本率为每年 {holding:.0%}（按库存价值计）。"
               "求分销商与各医院合计每年可节约多少元（精确到元）？"),
        answer=answer, unit=T("yuan", "元"), decimals=0, tolerance=1.0,
        steps=[T(f"Deliveries saved per hospital per day: {before} − {after} = {saved}.",
                 f"每家医院每天少送货：{before} − {after} = {saved} 次。"),
               T(f"Delivery saving = {hospitals} × {saved} × {cost} × {days} = {delivery:,.0f} yuan a year.",
                 f"送货节约 = {hospitals} × {saved} × {cost} × {days} = {delivery:,.0f} 元/年。"),
               T(f"Safety stock freed per hospital = {stock_before:,} × {cut:g} = {freed:,.0f} yuan; holding "
                 f"it cost {holding:g} of its value: {freed * holding:,.0f} yuan a year per hospital, "
                 f"{stock:,.0f} yuan for all {hospitals}.",
                 f"每家医院压减的安全库存 = {stock_before:,} × {cut:g} = {freed:,.0f} 元；其持有成本为库存价值的 "
                 f"{holding:g}：每家医院每年节约 {freed * holding:,.0f} 元，{hospitals} 家合计 {stock:,.0f} 元。"),
               T(f"Total = {delivery:,.0f} + {stock:,.0f} = {answer:,.0f} yuan a year.",
                 f"合计 = {delivery:,.0f} + {stock:,.0f} = {answer:,.0f} 元/年。")],
        data={"hospitals": hospitals, "before": before, "after": after, "cost": cost, "days": days,
              "stock_before": stock_before, "cut": cut, "holding": holding},
        mistakes=[
            (delivery, T("you counted only the delivery saving; the hospitals' lower safety stock saves holding cost too.",
                         "你只算了送货节约；医院压减安全库存还能节约库存持有成本。")),
            (delivery + freed * hospitals,
             T("the freed stock saves its holding cost each year, not its whole value: multiply by the holding rate.",
               "压减的库存每年节约的是它的持有成本，而不是库存价值本身：要乘以库存持有成本率。")),
            (hospitals * before * cost * days + stock,
             T("the distributor still makes the new, fewer deliveries: count only the deliveries saved.",
               "实行 VMI 后仍要送货，只是次数减少：只能计算少送的那部分送货成本。")),
            (delivery / days + stock, T("you left the delivery saving per day; multiply it by the days a year.",
                                        "你算的是每天的送货节约，还要乘以全年天数。")),
        ],
    )
