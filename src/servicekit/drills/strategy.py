"""Drills on service strategy (lesson 02, syllabus §2): the VMI case's delivery and inventory savings."""

from __future__ import annotations

from ..metrics import strategy
from ._core import times, topic


@topic("vmi_savings", "VMI delivery and inventory savings", "§2")
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
    stock = stock_before * cut * holding * hospitals
    per_hospital = strategy.vmi_savings(before, after, cost, stock_before, stock_before * (1 - cut), holding, days=days)
    answer = hospitals * float(per_hospital["total_yearly_saving"])
    return dict(
        text=(f"A medical-supplies distributor delivers to {hospitals} hospitals about {before} times a day each, "
              f"at {cost} yuan per delivery, on {days} days a year. With vendor-managed inventory it will deliver "
              f"{times(after)} a day, and each hospital can cut its safety stock, worth {stock_before:,} yuan, by "
              f"{cut:.0%}. Holding stock costs {holding:.0%} of its value a year. What is the yearly saving for "
              "distributor and hospitals together, in yuan?"),
        answer=answer, unit="yuan", decimals=0, tolerance=1.0,
        steps=[f"Deliveries saved per hospital per day: {before} − {after} = {before - after}.",
               f"Delivery saving = {hospitals} × {before - after} × {cost} × {days} = {delivery:,.0f} yuan a year.",
               f"Safety stock freed per hospital = {stock_before:,} × {cut:g} = {stock_before * cut:,.0f} yuan; holding "
               f"it cost {holding:g} of its value: {stock_before * cut * holding:,.0f} yuan a year per hospital, "
               f"{stock:,.0f} yuan for all {hospitals}.",
               f"Total = {delivery:,.0f} + {stock:,.0f} = {answer:,.0f} yuan a year."],
        data={"hospitals": hospitals, "before": before, "after": after, "cost": cost, "days": days,
              "stock_before": stock_before, "cut": cut, "holding": holding},
        mistakes=[
            (delivery, "you counted only the delivery saving; the hospitals' lower safety stock saves holding cost too."),
            (delivery + stock_before * cut * hospitals,
             "the freed stock saves its holding cost each year, not its whole value: multiply by the holding rate."),
            (hospitals * before * cost * days + stock, "the distributor still makes the new, fewer deliveries: "
                                                       "count only the deliveries saved."),
            (delivery / days + stock, "you left the delivery saving per day; multiply it by the days a year."),
        ],
    )
