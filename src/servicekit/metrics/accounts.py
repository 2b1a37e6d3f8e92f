"""The account-manager system (lesson 10): which organisation form fits a firm, how customers are
assigned to account managers, and the KPIs that judge them.

Customers and managers are DataFrames. The bank case's columns are the defaults:

- managers: ``manager_id``, ``level`` (senior / regular / assistant), ``specialism``, ``capacity``
  (the most customers a manager can serve well);
- customers: ``customer_id``, ``need`` (the specialism a customer mainly needs), ``manager_id``,
  ``new``, ``lost``, ``tier_start``, ``tier_end`` (value-pyramid tier), ``revenue_last_year``,
  ``revenue_this_year``, ``transactions``, ``complaints``, ``praise``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "FORM_ANSWERS",
    "FORM_REASONS",
    "MANAGER_LEVELS",
    "ORGANISATION_FORMS",
    "ORGANISATION_FORMS_ZH",
    "OWN_UNITS_NOTE",
    "TIERS",
    "assign_by_relationship",
    "assign_by_specialism",
    "assign_by_tier",
    "manager_kpis",
    "organisation_forms",
    "projected_revenue",
    "recommend_organisation_form",
    "revenue_effects",
]

#: Manager levels, most able first (a bank's vertical certification).
MANAGER_LEVELS = ("senior", "regular", "assistant")
#: Value-pyramid tiers, base to tip (the same names as ``servicekit.metrics.rfm_scores``).
TIERS = ("low", "medium", "high", "top")

#: The four ways to organise account managers, with what speaks for and against each and where each fits.
ORGANISATION_FORMS = {
    "existing_staff": {
        "name": "Existing staff each take some key accounts",
        "chinese": "扩大工作范围",
        "pros": "needs the least extra resource; quick to start; everyone gets involved with customers",
        "cons": "not everyone is able to do it; part-timers have little time for their accounts",
        "fits": "small firms with a narrow business and customers whose needs are simple",
    },
    "dedicated_posts": {
        "name": "New, dedicated account-manager posts",
        "chinese": "增设独立岗位",
        "pros": "managers work on customers full time, with clear targets",
        "cons": "training takes long; results depend heavily on the individual manager",
        "fits": "firms with a broad business, a large customer base and varied needs",
    },
    "department": {
        "name": "A separate customer-management department",
        "chinese": "增设独立部门",
        "pros": "one customer strategy for the whole group; service across business lines; a professional team",
        "cons": "costly; must coordinate with the other departments",
        "fits": "large firms with many business lines and a huge, complex customer base",
    },
    "department_with_units": {
        "name": "A customer-management department with its own operating units",
        "chinese": "下设独立操作部门",
        "pros": "independent and fast; its results are easy to assess",
        "cons": "the highest cost; no economies of scale; weak checks and balances",
        "fits": ("large customer groups that bring very large profits; customer groups that need special expertise; "
                 "customer groups that need special care, separation or confidentiality"),
    },
}

#: The same four forms in Chinese, in S4's words (its names are the ``chinese`` entries above);
#: ``name`` says in a few words who looks after the key customers.
ORGANISATION_FORMS_ZH = {
    "existing_staff": {
        "name": "各业务岗位的主管和员工兼管部分重要客户",
        "pros": "最大限度地节约投入的资源；很短时间内就能推行；调动全员参与",
        "cons": "并非每个人都能胜任；身兼数职的人时间和精力有限，难以全身心投入",
        "fits": "规模不大、业务覆盖范围较窄、客户需求比较单一的企业",
    },
    "dedicated_posts": {
        "name": "在岗位设置中新增专职的客户经理岗位",
        "pros": "专人专职，全面管理客户关系，工作目标和考核指标明确",
        "cons": "前期培训等准备工作时间长；成效在很大程度上取决于客户经理个人",
        "fits": "业务覆盖范围较广、客户基数大、需求多样的企业",
    },
    "department": {
        "name": "在组织结构中增设专门的客户管理部门",
        "pros": "统一管理集团层面的所有客户，贯彻统一的客户战略；为跨业务线的客户提供全面服务；有利于培养专业队伍",
        "cons": "资源成本和时间成本高；须与其他部门和业务线协作",
        "fits": "规模大、业务线多、客户数量巨大且需求复杂的企业",
    },
    "department_with_units": {
        "name": "客户管理部门之下再设独立操作部门",
        "pros": "独立性强、反应迅速，业绩容易考核",
        "cons": "成本最高；不能发挥规模效益；部门之间难以互相制衡",
        "fits": "利润贡献巨大的大型客户群；需要特别专业知识处理的客户群；需要特别关注、隔离、保密的客户群",
    },
}

#: Why the rule chose a form, in both languages (``recommend_organisation_form`` gives both).
FORM_REASONS = {
    "department_with_units": {
        "en": "a large, broad firm that can afford (and needs) independent units for its key customers",
        "zh": "这是一家业务覆盖面广的大型企业，既负担得起、也需要为重点客户群设立独立的操作部门",
    },
    "department": {
        "en": "a large firm with many business lines and a complex customer base needs one group-wide customer strategy",
        "zh": "业务线多、客户需求复杂的大型企业，需要一个统管全集团的客户战略",
    },
    "existing_staff": {
        "en": "a small, narrow business with simple customers does not need full-time posts yet",
        "zh": "企业规模小、业务窄、客户需求简单，暂时不需要专职岗位",
    },
    "dedicated_posts": {
        "en": "the business is too broad or its customers too varied for part-timers, but not big enough for a department",
        "zh": "业务太广或客户需求太多样，兼职难以胜任，但规模还不足以设立专门部门",
    },
}
#: Added to the reason when own units are asked for but the firm is not a large, broad group.
OWN_UNITS_NOTE = {
    "en": " Own operating units only pay off in a large group with a broad business; this firm is not one.",
    "zh": "只有业务覆盖面广的大型集团，下设独立操作部门才划算；这家企业不属于这种情况。",
}

#: The answers the decision asks for, lowest first.
FORM_ANSWERS = {
    "firm_size": ("small", "medium", "large"),
    "business_breadth": ("narrow", "moderate", "broad"),
    "customer_complexity": ("simple", "varied", "complex"),
}


def organisation_forms() -> pd.DataFrame:
    """The four organisation forms as a table: name, Chinese name, pros, cons, where each fits."""
    return pd.DataFrame.from_dict(ORGANISATION_FORMS, orient="index")


def _answer(value, parameter: str) -> int:
    allowed = FORM_ANSWERS[parameter]
    if value not in allowed:
        raise ValueError(f"{parameter} must be one of {list(allowed)}, got {value!r}")
    return allowed.index(value)


def recommend_organisation_form(firm_size: str, business_breadth: str, customer_complexity: str,
                                own_units: bool = False) -> dict:
    """The organisation form that fits a firm, with its pros, cons and the reason for the choice.

    Each answer is a step 0, 1 or 2 (e.g. small / medium / large). The rule, in order:

    1. a large firm with a broad business and customers that are not simple → a separate
       customer-management department; with ``own_units`` (a very profitable group, or a
       specialist or confidential business) → that department with its own operating units;
    2. otherwise, if the three steps add up to at most 1 (everything small, narrow and simple,
       or one step above) → existing staff take key accounts on the side;
    3. otherwise → dedicated account-manager posts.

    Returns a dict: ``form`` (a key of ``ORGANISATION_FORMS``), ``name``, ``chinese``, ``pros``,
    ``cons``, ``fits`` and ``reason``, in English, and ``zh``: the same ``name``, ``pros``, ``cons``,
    ``fits`` and ``reason`` in Chinese.
    """
    size = _answer(firm_size, "firm_size")
    breadth = _answer(business_breadth, "business_breadth")
    complexity = _answer(customer_complexity, "customer_complexity")
    if not isinstance(own_units, (bool, np.bool_)):
        raise TypeError(f"own_units must be True or False, got {own_units!r}")
    if size == 2 and breadth == 2 and complexity >= 1:
        form = "department_with_units" if own_units else "department"
    elif size + breadth + complexity <= 1:
        form = "existing_staff"
    else:
        form = "dedicated_posts"
    noted = own_units and form != "department_with_units"
    reason = {code: FORM_REASONS[form][code] + ("." if code == "en" else "。") + (OWN_UNITS_NOTE[code] if noted else "")
              for code in ("en", "zh")}
    return {"form": form, **ORGANISATION_FORMS[form], "reason": reason["en"],
            "zh": {**ORGANISATION_FORMS_ZH[form], "reason": reason["zh"]}}


# --------------------------------------------------------------------------- assigning customers


def _frame(value, name: str, columns) -> pd.DataFrame:
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(value).__name__}")
    for column in columns:
        if column not in value.columns:
            raise ValueError(f"{name} has no column {column!r}; columns are {list(value.columns)}")
    if value.empty:
        raise ValueError(f"{name} is empty")
    return value


def _slots(managers: pd.DataFrame, manager: str, level: str, capacity: str) -> np.ndarray:
    """Manager ids, one per place they can take, best level first and dealt round-robin within a level."""
    order = managers[level].astype(object).map({name: rank for rank, name in enumerate(MANAGER_LEVELS)}).astype(float)
    if order.isna().any():
        bad = managers.loc[order.isna(), level].iloc[0]
        raise ValueError(f"managers[{level!r}] must be one of {list(MANAGER_LEVELS)}, got {bad!r}")
    places = pd.to_numeric(managers[capacity], errors="coerce")
    if places.isna().any() or (places < 0).any() or (places != places.round()).any():
        raise ValueError(f"managers[{capacity!r}] must hold whole numbers ≥ 0")
    # One row per place; the manager is given by its row in ``managers``, which also keeps the
    # managers' own order within a round of dealing.
    row = np.repeat(np.arange(len(managers)), places.astype(int))
    table = pd.DataFrame({"row": row, "rank": order.to_numpy()[row]})
    table["turn"] = table.groupby("row").cumcount()  # the round in which the place is dealt
    dealt = table.sort_values(["rank", "turn", "row"])["row"].to_numpy()
    return managers[manager].to_numpy()[dealt]


def assign_by_tier(customers: pd.DataFrame, managers: pd.DataFrame, value: str = "revenue_this_year",
                   manager: str = "manager_id", level: str = "level", capacity: str = "capacity") -> pd.Series:
    """Match the most valuable customers with the most able managers ("by competence tier").

    Customers are ranked by ``value`` (highest first); managers' places are ordered senior, then
    regular, then assistant, dealt round-robin among the managers of a level so that each senior
    manager gets a similar share of the top customers. Customer k gets place k. Returns the manager
    id per customer (same index as ``customers``). Raises ValueError if there are fewer places than
    customers.
    """
    _frame(customers, "customers", [value])
    _frame(managers, "managers", [manager, level, capacity])
    slots = _slots(managers, manager, level, capacity)
    if len(slots) < len(customers):
        raise ValueError(f"managers' capacity ({len(slots)} places) is below the {len(customers)} customers to assign")
    ranked = pd.to_numeric(customers[value], errors="coerce")
    if ranked.isna().any():
        raise ValueError(f"customers[{value!r}] must hold numbers")
    order = np.argsort(-ranked.to_numpy(), kind="stable")
    assigned = np.empty(len(customers), dtype=object)
    assigned[order] = slots[: len(customers)]
    return pd.Series(assigned, index=customers.index, name=manager)


def assign_by_specialism(customers: pd.DataFrame, managers: pd.DataFrame, need: str = "need",
                         specialism: str = "specialism", value: str = "revenue_this_year",
                         manager: str = "manager_id", level: str = "level", capacity: str = "capacity") -> pd.Series:
    """Give each customer a manager of the specialism they need, the best managers to the most valuable.

    Within each specialism (credit, deposits, new business, ...) the rule of ``assign_by_tier``
    applies. Raises ValueError if a need has no manager or too few places.
    """
    _frame(customers, "customers", [need, value])
    _frame(managers, "managers", [manager, level, capacity, specialism])
    missing = sorted(set(customers[need].unique()) - set(managers[specialism]))
    if missing:
        raise ValueError(f"no manager has the specialism {missing[0]!r} that customers[{need!r}] asks for")
    parts = [
        assign_by_tier(group, managers[managers[specialism] == kind], value=value,
                       manager=manager, level=level, capacity=capacity)
        # one pass per specialism, not per customer; the rule needs only each customer's value
        for kind, group in customers[[need, value]].groupby(need, sort=True)
    ]
    return pd.concat(parts).reindex(customers.index)


def assign_by_relationship(customers: pd.DataFrame, acquired_by: str = "acquired_by") -> pd.Series:
    """"Whoever brought the customer in serves them": the manager id in ``acquired_by``."""
    _frame(customers, "customers", [acquired_by])
    return customers[acquired_by].rename("manager_id")


# --------------------------------------------------------------------------- KPIs and payoff


def manager_kpis(customers: pd.DataFrame, manager: str = "manager_id") -> pd.DataFrame:
    """The account-manager KPIs, one row per manager.

    customers = customers served; new = customers won this year; lost = customers who left;
    spend = Σ revenue_this_year (yuan); frequency = mean transactions per customer;
    upgrades / downgrades = customers whose value tier rose / fell (both tiers known);
    complaints, praise = totals; complaints_per_100 = complaints ÷ customers × 100.
    """
    needed = [manager, "new", "lost", "revenue_this_year", "transactions", "tier_start", "tier_end",
              "complaints", "praise"]
    frame = _frame(customers, "customers", needed)
    rank = {tier: i for i, tier in enumerate(TIERS)}
    # Work on plain text: the tiers may come as (unordered) categoricals.
    start = frame["tier_start"].astype(object).map(rank).astype(float)
    end = frame["tier_end"].astype(object).map(rank).astype(float)
    both = start.notna() & end.notna()
    grouped = frame.assign(upgrade=both & (end > start), downgrade=both & (end < start)).groupby(manager)
    table = grouped.agg(customers=(manager, "size"), new=("new", "sum"), lost=("lost", "sum"),
                        spend=("revenue_this_year", "sum"), frequency=("transactions", "mean"),
                        upgrades=("upgrade", "sum"), downgrades=("downgrade", "sum"),
                        complaints=("complaints", "sum"), praise=("praise", "sum"))
    table["complaints_per_100"] = table["complaints"] / table["customers"] * 100
    return table


def revenue_effects(customers: pd.DataFrame, managers: pd.DataFrame, manager: str = "manager_id",
                    level: str = "level", need: str = "need", specialism: str = "specialism") -> pd.DataFrame:
    """What a year with each kind of manager did to revenue: ratio = Σ revenue_this_year ÷ Σ revenue_last_year.

    Computed over the customers who were already customers a year ago (lost ones included, with
    what they paid before leaving), by manager ``level`` and by whether the manager's specialism
    matched the customer's need (``matched``). Returns columns level, matched, customers, ratio.
    """
    frame = _frame(customers, "customers", [manager, need, "new", "revenue_last_year", "revenue_this_year"])
    _frame(managers, "managers", [manager, level, specialism])
    existing = frame[~frame["new"].astype(bool)]
    joined = existing.merge(managers[[manager, level, specialism]], on=manager, how="left", validate="many_to_one")
    if joined[level].isna().any():
        unknown = joined.loc[joined[level].isna(), manager].iloc[0]
        raise ValueError(f"customers[{manager!r}] has {unknown!r}, which is not in managers")
    joined["matched"] = joined[need] == joined[specialism]
    table = joined.groupby([level, "matched"]).agg(customers=(manager, "size"), last=("revenue_last_year", "sum"),
                                                   this=("revenue_this_year", "sum")).reset_index()
    table["ratio"] = table["this"] / table["last"]
    table[level] = pd.Categorical(table[level], categories=MANAGER_LEVELS, ordered=True)
    return table.sort_values([level, "matched"])[[level, "matched", "customers", "ratio"]].reset_index(drop=True)


def projected_revenue(customers: pd.DataFrame, managers: pd.DataFrame, assignment: pd.Series,
                      effects: pd.DataFrame, value: str = "revenue_this_year", manager: str = "manager_id",
                      level: str = "level", need: str = "need", specialism: str = "specialism") -> pd.Series:
    """Next year's revenue per customer if served as in ``assignment``.

        projected = value × ratio(level of the assigned manager, specialism matched or not)

    ``effects`` is the table of ``revenue_effects``. Compare the totals of two assignments to see
    what a rule is worth.
    """
    _frame(customers, "customers", [value, need])
    _frame(managers, "managers", [manager, level, specialism])
    _frame(effects, "effects", [level, "matched", "ratio"])
    if not isinstance(assignment, pd.Series) or not assignment.index.equals(customers.index):
        raise ValueError("assignment must be a Series with the same index as customers (one manager per customer)")
    served = managers.set_index(manager).reindex(assignment.to_numpy())
    if served[level].isna().any():
        unknown = assignment[served[level].isna().to_numpy()].iloc[0]
        raise ValueError(f"assignment names manager {unknown!r}, which is not in managers")
    keys = pd.DataFrame({level: served[level].astype(str).to_numpy(),
                         "matched": customers[need].to_numpy() == served[specialism].to_numpy()})
    lookup = effects.assign(**{level: effects[level].astype(str)}).set_index([level, "matched"])["ratio"]
    ratio = lookup.reindex(pd.MultiIndex.from_frame(keys)).to_numpy()
    if np.isnan(ratio).any():
        raise ValueError("effects has no ratio for some (level, matched) pair the assignment uses")
    return pd.Series(customers[value].to_numpy() * ratio, index=customers.index, name="projected_revenue")
