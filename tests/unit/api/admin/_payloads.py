"""Whole admin payloads for the admin api tests.

Many of the docs' admin examples are abridged (``// ...`` lines dropped): an approve
answer without its ``account``, a report whose accounts lack most fields. These
helpers fill what an example leaves out from the docs' whole entity examples, keeping
every value the example does give, so a test can still check the example's own data.
"""

from __future__ import annotations

from typing import Any

from .._helpers import account, entity_example, method_example, status


def filled(example: Any, base: Any) -> Any:
    """``example`` with what it lacks taken from ``base``, key by key, at every depth."""
    if not (isinstance(example, dict) and isinstance(base, dict)):
        return example
    merged = dict(base)
    for key, value in example.items():
        merged[key] = filled(value, base.get(key))
    return merged


def admin_account(account_id: str, **changes: Any) -> dict[str, Any]:
    """The docs' whole Admin::Account example, with another id (its account's too)."""
    base = entity_example("Admin::Account")
    return {**base, "id": account_id, "account": account(account_id), **changes}


def admin_account_from(example: dict[str, Any]) -> dict[str, Any]:
    """An abridged Admin::Account example made whole."""
    return filled(example, admin_account(example["id"]))


def admin_report(report_id: str, **changes: Any) -> dict[str, Any]:
    """A whole Admin::Report: the docs' example, with whole accounts."""
    return {**admin_report_from(entity_example("Admin::Report")), "id": report_id, **changes}


def admin_report_from(example: dict[str, Any]) -> dict[str, Any]:
    """An abridged Admin::Report example made whole (its accounts and statuses too)."""
    base = entity_example("Admin::Report")
    report = filled(example, base)
    for key in ("account", "target_account", "assigned_account", "action_taken_by_account"):
        if report.get(key) is not None:
            report[key] = admin_account_from(report[key])
    report["statuses"] = [filled(s, status(s["id"])) for s in report.get("statuses", [])]
    return report


def account_example(method_id: str) -> dict[str, Any]:
    """The docs' answer of an admin accounts method, made whole."""
    return admin_account_from(method_example(method_id))


def report_example(method_id: str) -> dict[str, Any]:
    """The docs' answer of an admin reports method, made whole."""
    return admin_report_from(method_example(method_id))
