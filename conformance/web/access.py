"""Who may see and change what: one place for every role boundary.

agency: everything. liaison: the prefectures in its scope (their bodies, grids, Excel).
municipality: its own body. vendor: its own vendor page (products, certification, cut-over counts,
never a municipality's plan). Everyone signed in: the registry of conformant products.
"""

from __future__ import annotations

from urllib.parse import quote

from conformance.web.accounts import Principal, Role


def can_see_nation(user: Principal) -> bool:
    """The national overview names at-risk bodies everywhere: agency only."""
    return user.role is Role.AGENCY


def can_see_prefecture(user: Principal, prefecture_code: str) -> bool:
    """A prefecture's grid: agency, or a liaison assigned to it."""
    if user.role is Role.AGENCY:
        return True
    return user.role is Role.LIAISON and prefecture_code in user.scope


def can_see_body(user: Principal, lg_code: str) -> bool:
    """One body's detail: agency, a liaison of its prefecture, or the body itself."""
    if user.role is Role.MUNICIPALITY:
        return lg_code in user.scope
    return can_see_prefecture(user, lg_code[:2])


def can_edit_body(user: Principal, lg_code: str) -> bool:
    """Changing a body's step statuses: the same people who may see it (vendors never)."""
    return can_see_body(user, lg_code)


def can_edit_assignment(user: Principal, lg_code: str) -> bool:
    """Changing an assignment's product or planned cut-over: agency, or a liaison of the prefecture."""
    return user.role in (Role.AGENCY, Role.LIAISON) and can_see_prefecture(user, lg_code[:2])


def can_see_vendor(user: Principal, vendor: str) -> bool:
    """A vendor's page: agency, or that vendor."""
    if user.role is Role.AGENCY:
        return True
    return user.role is Role.VENDOR and vendor in user.scope


def visible_prefectures(user: Principal, all_codes: list[str]) -> list[str]:
    """The prefecture codes this user may open."""
    return [code for code in all_codes if can_see_prefecture(user, code)]


def home_path(user: Principal) -> str:
    """Where a user lands after signing in."""
    if user.role is Role.AGENCY:
        return "/national"
    if user.role is Role.LIAISON and user.scope:
        return f"/prefectures/{user.scope[0]}"
    if user.role is Role.MUNICIPALITY and user.scope:
        return f"/bodies/{user.scope[0]}"
    if user.role is Role.VENDOR and user.scope:
        return f"/vendors/{quote(user.scope[0])}"
    return "/registry"
