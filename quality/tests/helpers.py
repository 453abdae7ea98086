import datetime as dt

from conftest import TODAY
from quality import catalogue


def evaluation_data(**overrides) -> dict:
    data = {
        "kind": "one_year",
        "date": TODAY - dt.timedelta(days=3),
        "took_part": "part",
        "participants_count": 8,
        "goals": {letter: {"result": "achieved", "note": ""} for letter in catalogue.SUB_GOAL_LETTERS},
        "main_goal": "partly",
        "success_factors": ["stable_core"],
        "failure_factors": ["few_referrals"],
        "recommendations": "Meer werven via de huisarts.",
        "status": "draft",
    }
    data.update(overrides)
    return data


def evaluation_post(**overrides) -> dict:
    post = {
        "kind": "one_year",
        "date": (TODAY - dt.timedelta(days=3)).isoformat(),
        "took_part": "part",
        "participants_count": "8",
        "main_goal": "partly",
        "main_goal_note": "",
        "success_factors": ["stable_core"],
        "failure_factors": [],
        "factors_note": "",
        "sustain": "",
        "recommendations": "Meer werven.",
        "status": "draft",
        "version": "",
    }
    for letter in catalogue.SUB_GOAL_LETTERS:
        post[f"goal_{letter}"] = "achieved"
        post[f"goal_{letter}_note"] = ""
    post.update(overrides)
    return post


def reflection_post(answer="yes", **overrides) -> dict:
    post = {"date": TODAY.isoformat(), "note": ""}
    for key in catalogue.CHECKLIST_KEYS:
        post[f"{key}_answer"] = answer
        post[f"{key}_note"] = ""
    post.update(overrides)
    return post
