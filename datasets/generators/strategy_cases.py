"""The case datasets of lessons 01 and 02 (syllabus sections 2 and 8).

- ``vmi_hospitals``: a medical-supplies distributor's monthly deliveries, stock and sales at 12
  hospitals, one year before and one year after vendor-managed inventory (VMI). About 6 deliveries
  a day fall to 1-2; hospitals hold less safety stock; sales in the VMI year are exactly 35 % above
  the year before, as in the published story.
- ``airline_routes``: fares, load factors, costs and service features of a low-cost carrier and its
  full-service rivals on ten routes out of Shanghai (fictional carriers).
- ``new_coke_1985``: the published figures of the 1985 New Coke episode, with clearly marked
  illustrative points in between.
- ``sms_jiangsu_2003`` and ``sms_industry_uses``: text messaging at a Jiangsu mobile operator in
  2003: the published totals, split (illustratively) by city and brand, and the published industry
  applications.
"""

import numpy as np
import pandas as pd

SEED = 20260502

# --- VMI ------------------------------------------------------------------------------------

HOSPITALS = 12
MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
SALES_GROWTH = 1.35  # sales in the VMI year ÷ sales in the year before (the published +35 %)


def _vmi(rng) -> pd.DataFrame:
    ids = [f"H{i:02d}" for i in range(1, HOSPITALS + 1)]
    kind = rng.choice(["general", "general", "specialist", "maternity and child"], size=HOSPITALS)
    beds = np.round(rng.uniform(300, 1500, HOSPITALS) / 10).astype(int) * 10
    distance = np.round(rng.uniform(6, 40, HOSPITALS), 1)
    cost_per_trip = np.rint(45 + 3.2 * distance).astype(int)  # vehicle, fuel and driver time for one run
    rate_before = np.clip(6 + rng.normal(0, 0.8, HOSPITALS), 4.5, 7.5)
    rate_before += 6 - rate_before.mean()  # the story's average: 6 a day
    rate_after = rng.uniform(1.0, 2.0, HOSPITALS)
    stock_before = beds * rng.uniform(700, 1100, HOSPITALS)  # yuan of supplies held as safety stock
    stock_cut = rng.uniform(0.40, 0.60, HOSPITALS)  # share of safety stock VMI removes
    hard = np.zeros(HOSPITALS, dtype=bool)
    hard[rng.choice(HOSPITALS, size=3, replace=False)] = True  # markets the distributor barely served
    base_sales = beds * rng.uniform(1200, 1800, HOSPITALS) * np.where(hard, 0.35, 1.0)
    growth = np.where(hard, rng.uniform(0.9, 1.3, HOSPITALS), rng.uniform(0.15, 0.40, HOSPITALS))

    months = np.arange(1, 25)
    h_idx, m_idx = np.meshgrid(np.arange(HOSPITALS), months - 1, indexing="ij")
    h_idx, m_idx = h_idx.ravel(), m_idx.ravel()
    after = m_idx >= 12
    days = MONTH_DAYS[m_idx % 12]
    rate = np.where(after, rate_after[h_idx], rate_before[h_idx]) * rng.normal(1, 0.03, h_idx.size)
    deliveries = np.rint(rate * days).astype(int)
    # Small rush orders whose margin does not cover the trip: common before VMI, rare after.
    unprofitable_share = np.where(after, rng.uniform(0.0, 0.05, h_idx.size), rng.uniform(0.28, 0.42, h_idx.size))
    unprofitable = np.rint(deliveries * unprofitable_share).astype(int)
    # Safety stock steps down over the first three VMI months as the on-site staff take over.
    phase_in = np.clip((m_idx - 11) / 3, 0, 1)
    stock = stock_before[h_idx] * (1 - stock_cut[h_idx] * phase_in) * rng.normal(1, 0.02, h_idx.size)
    staff_cost = np.where(after, 4500.0, 0.0)  # one on-site VMI clerk per hospital, yuan a month
    season = 1 + 0.06 * np.sin(2 * np.pi * (m_idx % 12) / 12)
    ramp = np.linspace(0.6, 1.4, 12)[m_idx % 12]  # growth builds up through the VMI year
    sales = base_sales[h_idx] * season * rng.normal(1, 0.03, h_idx.size)
    sales_before_same_month = sales.reshape(HOSPITALS, 24)[:, :12].ravel()
    sales_before_same_month = np.tile(sales_before_same_month.reshape(HOSPITALS, 12), (1, 2)).ravel()
    sales = np.where(after, sales_before_same_month * (1 + growth[h_idx] * ramp), sales)
    # Scale the VMI year so that total sales rise by exactly the published 35 %.
    sales[after] *= SALES_GROWTH * sales[~after].sum() / sales[after].sum()
    sales = np.rint(sales).astype(np.int64)
    sales[np.flatnonzero(after)[-1]] += int(round(SALES_GROWTH * sales[~after].sum())) - sales[after].sum()

    return pd.DataFrame({
        "hospital": np.array(ids)[h_idx],
        "hospital_type": kind[h_idx],
        "beds": beds[h_idx],
        "distance_km": distance[h_idx],
        "previously_hard_to_win": hard[h_idx],
        "month": months[m_idx],
        "phase": np.where(after, "after VMI", "before VMI"),
        "days": days,
        "deliveries": deliveries,
        "unprofitable_deliveries": unprofitable,
        "cost_per_delivery_yuan": cost_per_trip[h_idx],
        "delivery_cost_yuan": deliveries * cost_per_trip[h_idx],
        "safety_stock_yuan": np.rint(stock).astype(np.int64),
        "onsite_staff_cost_yuan": staff_cost,
        "sales_yuan": sales,
    })


# --- Low-cost airline -----------------------------------------------------------------------

ROUTES = {  # destination from Shanghai: approximate flight distance in km
    "Guangzhou": 1210, "Shenyang": 1190, "Xiamen": 820, "Kunming": 1960, "Chengdu": 1660,
    "Sanya": 1790, "Qingdao": 550, "Harbin": 1680, "Xi'an": 1230, "Shijiazhuang": 990,
}
CARRIERS = {
    # name: type, fare yuan/km, cost yuan/seat-km, load factor %, seats, meal, bag kg, pitch cm, lounge, frequent flyer, service score
    "Sparrow Air": ("low-cost", 0.46, 0.34, 94.5, 180, False, 0, 71, False, False, 61),
    "Crane Airlines": ("full-service", 0.78, 0.58, 78.0, 158, True, 20, 81, True, True, 83),
    "Peony Airways": ("full-service", 0.74, 0.55, 79.5, 150, True, 20, 79, True, True, 79),
    "Jade Sky": ("full-service", 0.80, 0.60, 76.0, 162, True, 20, 82, True, True, 85),
    "Heron Air": ("hybrid", 0.66, 0.53, 74.0, 168, True, 10, 76, False, True, 70),
}


def _airline(rng) -> pd.DataFrame:
    rows = []
    for carrier, (kind, fare_km, cost_km, load, seats, meal, bag, pitch, lounge, ffp, score) in CARRIERS.items():
        # The low-cost carrier flies every route; each rival a subset.
        served = list(ROUTES) if kind == "low-cost" else list(rng.choice(list(ROUTES), size=7, replace=False))
        for city in sorted(served):
            km = ROUTES[city]
            taper = (km / 1200) ** -0.15  # per-km fares and costs fall with distance
            rows.append({
                "route": f"Shanghai-{city}",
                "distance_km": km,
                "carrier": carrier,
                "carrier_type": kind,
                "flights_per_week": int(rng.choice([7, 14, 21, 28] if kind != "hybrid" else [7, 14])),
                "seats_per_flight": seats,
                "average_fare_yuan": round(float(fare_km * km * taper * rng.normal(1, 0.06)), 0),
                "load_factor_pct": round(float(np.clip(load + rng.normal(0, 2.0), 50, 99.5)), 1),
                "cost_per_seat_km": round(float(cost_km * taper * rng.normal(1, 0.03)), 3),
                "free_meal": meal,
                "free_bag_kg": bag,
                "seat_pitch_cm": pitch,
                "lounge_access": lounge,
                "frequent_flyer": ffp,
                "on_time_pct": round(float(np.clip(rng.normal(84 if kind == "low-cost" else 78, 4), 55, 98)), 1),
                "service_score": round(float(np.clip(score + rng.normal(0, 2.5), 0, 100)), 1),
            })
    frame = pd.DataFrame(rows)
    frame.insert(6, "seats_per_week", frame["flights_per_week"] * frame["seats_per_flight"])
    return frame


# --- New Coke, 1985 --------------------------------------------------------------------------

def _new_coke() -> pd.DataFrame:
    P, B, I = "published", "published bound", "illustrative"
    rows = [
        ("cola_growth", None, "growth before the slowdown", 13, "% a year", P, "growth of the old cola's sales"),
        ("cola_growth", None, "slowdown", 10, "% a year", I, "in-between point; the account gives no dates"),
        ("cola_growth", None, "slowdown", 7, "% a year", I, "in-between point; the account gives no dates"),
        ("cola_growth", None, "slowdown", 4, "% a year", I, "in-between point; the account gives no dates"),
        ("cola_growth", None, "growth before the change", 2, "% a year", P, "against the Pepsi Generation campaign"),
        ("tried_on_launch_day", "1985-04-23", "announcement day", 150, "million people", P,
         "the new formula was announced on 23 April 1985"),
        # Post-launch tracking, not the pre-launch taste tests: the emergency survey about a month after
        # launch found that a month earlier 53 % had said they liked it, that now more than half disliked
        # it, and a month later under 30 % approved of it. The account gives no dates: ours are approximate.
        ("liking_share", "1985-04-23", "a month before the emergency survey", 53, "% who liked it", P,
         "post-launch tracking, not the pre-launch taste tests; date approximate"),
        ("liking_share", "1985-05-23", "emergency survey, a month after launch", 48, "% who liked it", B,
         "the account says: more than half now disliked it; date approximate"),
        ("liking_share", "1985-06-02", "after the emergency survey", 41, "% who liked it", I, ""),
        ("liking_share", "1985-06-12", "after the emergency survey", 35, "% who liked it", I, ""),
        ("liking_share", "1985-06-23", "a month after the emergency survey", 29, "% who liked it", B,
         "the account says: under 30 % approved of it; date approximate"),
        ("protest_calls_per_day", "1985-04-25", "first days", 400, "calls a day", I, ""),
        ("protest_calls_per_day", "1985-05-02", "after launch", 1500, "calls a day", I, ""),
        ("protest_calls_per_day", "1985-05-09", "after launch", 2800, "calls a day", I, ""),
        ("protest_calls_per_day", "1985-05-16", "after launch", 4000, "calls a day", I, ""),
        ("protest_calls_per_day", "1985-05-23", "a month after launch", 5200, "calls a day", B,
         "the account says: more than 5,000 a day"),
        ("hotlines", "1985-05-23", "a month after launch", 83, "telephone lines", P,
         "lines opened to take the calls"),
    ]
    frame = pd.DataFrame(rows, columns=["series", "date", "stage", "value", "unit", "provenance", "note"])
    frame["value"] = frame["value"].astype(float)
    frame["date"] = frame["date"].fillna("")
    frame.insert(1, "point", frame.groupby("series").cumcount() + 1)
    return frame


# --- SMS in Jiangsu, 2003 --------------------------------------------------------------------

CITIES = {  # city: (share of the operator's subscribers, share of them who use SMS)
    "Nanjing": (0.125, 0.90), "Suzhou": (0.150, 0.82), "Wuxi": (0.110, 0.81), "Changzhou": (0.070, 0.78),
    "Nantong": (0.085, 0.74), "Yangzhou": (0.055, 0.74), "Zhenjiang": (0.040, 0.76), "Taizhou": (0.050, 0.71),
    "Xuzhou": (0.090, 0.68), "Yancheng": (0.070, 0.66), "Huai'an": (0.050, 0.64), "Lianyungang": (0.045, 0.64),
    "Suqian": (0.060, 0.61),
}
BRANDS = {  # brand: (share of subscribers, SMS-use factor, relative messages per SMS user, monthly ARPU yuan)
    "Easyown": (0.60, 0.97, 850, 42),
    "M-Zone": (0.20, 1.15, 1750, 55),
    "GoTone": (0.20, 0.92, 560, 150),
}
MESSAGES = 12_000_000_000  # published
MESSAGES_PER_USER = 1_000  # published: the 12 billion spread over all the operator's users, not its SMS users
SUBSCRIBERS = MESSAGES // MESSAGES_PER_USER  # 12 million, implied by the two published figures
SMS_SHARE_OF_REVENUE = 0.10  # published
PRICE_PER_MESSAGE = 0.10  # yuan, illustrative


def _sms(rng) -> pd.DataFrame:
    city, brand = np.meshgrid(list(CITIES), list(BRANDS), indexing="ij")
    city, brand = city.ravel(), brand.ravel()
    city_share = np.array([CITIES[c][0] for c in city])
    city_pen = np.array([CITIES[c][1] for c in city])
    brand_share, brand_use, per_user, arpu = (np.array([BRANDS[b][k] for b in brand]) for k in range(4))
    subscribers = np.rint(SUBSCRIBERS * city_share / sum(v[0] for v in CITIES.values()) * brand_share
                          * rng.normal(1, 0.04, city.size)).astype(np.int64)
    sms_users = np.rint(subscribers * np.clip(city_pen * brand_use, 0, 0.99)).astype(np.int64)
    messages = sms_users * per_user * rng.normal(1, 0.05, city.size)  # relative; scaled to the total next
    messages = np.rint(messages * MESSAGES / messages.sum()).astype(np.int64)
    messages[0] += MESSAGES - messages.sum()  # the published 12 billion exactly
    sms_revenue = messages * PRICE_PER_MESSAGE
    other = subscribers * arpu * 12.0
    # Scale the non-SMS revenue so SMS is exactly the published 10 % of the total.
    other *= sms_revenue.sum() * (1 / SMS_SHARE_OF_REVENUE - 1) / other.sum()
    return pd.DataFrame({
        "city": city,
        "brand": brand,
        "subscribers": subscribers,
        "sms_users": sms_users,
        "messages": messages,
        "sms_revenue_yuan": np.round(sms_revenue, 0),
        "total_revenue_yuan": np.round(sms_revenue + other, 0),
    })


def _sms_uses() -> pd.DataFrame:
    rows = [
        ("wastewater monitoring", "Zhangjiagang", "environmental protection", "GPRS data (not SMS)", 30,
         "polluting firms monitored", None, "published"),
        ("tax-filing receipts", "Yangzhou", "taxation", "SMS", 8000, "firms receiving receipts", 50000, "published"),
        ("notices to tour guides", "Jiangsu", "tourism", "SMS (business-messaging platform)", None, "", None,
         "published"),
        ("flood and water bulletins", "Jiangsu", "flood control", "SMS", None, "", None, "published"),
    ]
    frame = pd.DataFrame(rows, columns=["application", "city", "sector", "channel", "units_served",
                                        "unit_of_service", "messages_per_month", "provenance"])
    for column in ("units_served", "messages_per_month"):
        frame[column] = frame[column].astype("Int64")
    return frame


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    return {
        "vmi_hospitals": _vmi(rng),
        "airline_routes": _airline(rng),
        "new_coke_1985": _new_coke(),
        "sms_jiangsu_2003": _sms(rng),
        "sms_industry_uses": _sms_uses(),
    }
