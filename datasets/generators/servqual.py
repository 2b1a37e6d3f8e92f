"""A bank's branch-service survey: SERVQUAL expectations, perceptions and importance, plus a
Kano survey of eight service features (syllabus section 6, lesson 09).

Built so that responsiveness and empathy show the largest gaps between what customers expect
and what they get, reliability (the dimension customers weight most) a moderate one, tangibles
almost none. Within empathy the item with the largest gap is not the one to fix first, because a
slightly smaller gap on a much more important item outweighs it. The Kano features are built to
cover the main categories: must-be, one-dimensional, attractive, indifferent and one that some
customers actively dislike.
"""

import numpy as np
import pandas as pd

SEED = 20261109
RESPONDENTS = 300

# item code, dimension, statement, mean expectation, mean perception, mean importance (1..7)
ITEMS = [
    ("TAN1", "tangibles", "The branch has modern, working equipment (card readers, self-service machines)", 5.3, 5.5, 4.6),
    ("TAN2", "tangibles", "The branch is clean, well lit and pleasant to wait in", 5.6, 5.7, 4.9),
    ("TAN3", "tangibles", "Staff look neat and professional", 5.2, 5.6, 4.2),
    ("TAN4", "tangibles", "Forms, leaflets and statements are clear and easy to read", 5.8, 5.6, 5.3),
    ("REL1", "reliability", "When the bank promises to do something by a certain time, it does so", 6.4, 5.7, 6.5),
    ("REL2", "reliability", "When I have a problem, the bank shows a sincere interest in solving it", 6.3, 5.6, 6.2),
    ("REL3", "reliability", "The bank gets the service right the first time", 6.4, 5.9, 6.4),
    ("REL4", "reliability", "The bank delivers its services at the time it promises", 6.2, 5.7, 6.1),
    ("REL5", "reliability", "The bank keeps error-free records and statements", 6.6, 6.2, 6.6),
    ("RES1", "responsiveness", "Staff tell me exactly when a service will be performed", 6.0, 4.9, 5.8),
    ("RES2", "responsiveness", "Staff give me prompt service; I do not queue for long", 6.2, 4.6, 6.0),
    ("RES3", "responsiveness", "Staff are always willing to help me", 6.1, 5.1, 5.9),
    ("RES4", "responsiveness", "Staff are never too busy to answer my questions or call me back", 5.9, 4.6, 5.6),
    ("ASU1", "assurance", "The behaviour of staff gives me confidence", 6.0, 5.7, 5.8),
    ("ASU2", "assurance", "I feel my money and data are safe with the bank", 6.6, 6.3, 6.7),
    ("ASU3", "assurance", "Staff are consistently courteous", 5.9, 5.6, 5.4),
    ("ASU4", "assurance", "Staff have the knowledge to answer my questions", 6.1, 5.6, 6.0),
    ("EMP1", "empathy", "The bank gives me individual attention", 5.6, 4.6, 5.2),
    ("EMP2", "empathy", "Staff deal with me in a caring way", 5.7, 4.8, 5.3),
    ("EMP3", "empathy", "The branch opening hours suit me", 5.8, 4.2, 4.6),
    ("EMP4", "empathy", "The bank has my best interests at heart", 6.1, 4.8, 6.4),
    ("EMP5", "empathy", "Staff understand my specific needs", 5.8, 4.8, 5.6),
]
DIMENSIONS = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
# Mean share of 100 importance points given to each dimension (reliability first, as usual).
POINTS = {"tangibles": 11, "reliability": 31, "responsiveness": 23, "assurance": 19, "empathy": 16}

# Kano features: name, statement, probabilities of A, O, M, I, R (questionable answers added as noise).
FEATURES = [
    ("accurate_statements", "Statements and records are always accurate", [0.04, 0.20, 0.66, 0.10, 0.00]),
    ("short_queues", "Never more than five minutes in the queue", [0.15, 0.55, 0.15, 0.15, 0.00]),
    ("app_booking", "Book a branch appointment in the mobile app", [0.55, 0.15, 0.05, 0.25, 0.00]),
    ("personal_adviser", "A named personal adviser who knows my situation", [0.45, 0.25, 0.05, 0.25, 0.00]),
    ("sms_alerts", "Text message alerts for every account movement", [0.20, 0.45, 0.15, 0.20, 0.00]),
    ("saturday_opening", "Branches open on Saturday mornings", [0.50, 0.20, 0.05, 0.25, 0.00]),
    ("free_coffee", "Free coffee while waiting", [0.15, 0.05, 0.00, 0.75, 0.05]),
    ("sales_calls", "Staff call me with offers of new products", [0.05, 0.05, 0.00, 0.40, 0.50]),
]


def _likert(latent: np.ndarray, low: int = 1, high: int = 7) -> np.ndarray:
    return np.clip(np.rint(latent), low, high).astype(int)


def _points(rng: np.random.Generator, n: int) -> np.ndarray:
    """Whole importance points per respondent, each row summing to exactly 100."""
    shares = rng.dirichlet(np.array(list(POINTS.values()), dtype=float) * 1.5, size=n) * 100
    whole = np.floor(shares).astype(int)
    short = 100 - whole.sum(axis=1)
    # Hand the missing points to the largest remainders, row by row (vectorised via ranks).
    ranks = np.argsort(np.argsort(-(shares - whole), axis=1), axis=1)
    return whole + (ranks < short[:, None]).astype(int)


def _servqual(rng: np.random.Generator) -> pd.DataFrame:
    n = RESPONDENTS
    frame = {"respondent_id": np.arange(1, n + 1),
             "customer_type": rng.choice(["personal", "business"], size=n, p=[0.8, 0.2])}
    expects = rng.normal(0, 0.45, size=n)   # some people expect more of every service
    mood = rng.normal(0, 0.6, size=n)       # and some see every service more kindly
    business = frame["customer_type"] == "business"
    for code, dimension, _, e_mean, p_mean, _ in ITEMS:
        frame[f"E_{code}"] = _likert(e_mean + expects + rng.normal(0, 0.55, size=n))
    for code, dimension, _, e_mean, p_mean, _ in ITEMS:
        # Business customers feel the slow responses more.
        shift = -0.4 * business * (dimension == "responsiveness")
        frame[f"P_{code}"] = _likert(p_mean + shift + mood + rng.normal(0, 0.75, size=n))
    for code, _, _, _, _, i_mean in ITEMS:
        frame[f"I_{code}"] = _likert(i_mean + rng.normal(0, 0.6, size=n))
    points = _points(rng, n)
    for j, dimension in enumerate(DIMENSIONS):
        frame[f"points_{dimension}"] = points[:, j]
    return pd.DataFrame(frame)


# A typical (functional, dysfunctional) answer pair for each category; answers coded
# 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike.
_PAIRS = {
    "A": [(1, 3), (1, 4), (1, 2)],
    "O": [(1, 5)],
    "M": [(3, 5), (2, 5), (4, 5)],
    "I": [(3, 3), (3, 4), (4, 4), (2, 3), (4, 3)],
    "R": [(5, 1), (5, 3), (4, 1)],
}


def _kano(rng: np.random.Generator) -> pd.DataFrame:
    n = RESPONDENTS
    frame = {"respondent_id": np.arange(1, n + 1)}
    letters = np.array(list("AOMIR"))
    for name, _, probabilities in FEATURES:
        category = rng.choice(letters, size=n, p=probabilities)
        functional = np.empty(n, dtype=int)
        dysfunctional = np.empty(n, dtype=int)
        for letter, pairs in _PAIRS.items():
            chosen = category == letter
            pick = rng.integers(0, len(pairs), size=chosen.sum())
            functional[chosen] = np.array([f for f, _ in pairs])[pick]
            dysfunctional[chosen] = np.array([d for _, d in pairs])[pick]
        # About 2 % answer "like" to both questions: the questionable (Q) answers of real surveys.
        careless = rng.random(n) < 0.02
        functional[careless], dysfunctional[careless] = 1, 1
        frame[f"F_{name}"] = functional
        frame[f"D_{name}"] = dysfunctional
    return pd.DataFrame(frame)


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    items = pd.DataFrame([(code, dimension, statement) for code, dimension, statement, *_ in ITEMS],
                         columns=["item", "dimension", "statement"])
    return {"servqual_items": items, "servqual_survey": _servqual(rng), "kano_survey": _kano(rng)}
