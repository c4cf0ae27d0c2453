"""The roles file (``accounts.roles``): claims → role, areas, departments; first match wins; the
default; refusals of an invalid file. And the roles of local accounts (``users add --role``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipdash.accounts import auth, roles
from ipdash.ingest import commit
from tests.corpus import helpers

AREAS = {"pudong", "jingan", "yangpu", "shanghai"}
FILE = """
groups_claim = "roles"

[[rule]]
name = "the director"
email = "Chen@Example.gov.cn"
role = "admin"

[[rule]]
email_domain = ["pudong.example.gov.cn", "@pd.example.cn"]
groups = ["ip-analysts", "ip-leads"]
role = "analyst"
areas = ["pudong"]
departments = "保护处"

[[rule]]
claims = { department = ["知识产权局", "IP office"], level = "3" }
role = "analyst"
areas = ["jingan", "yangpu"]

[[rule]]
email_domain = "pudong.example.gov.cn"
role = "viewer"
areas = ["pudong"]
"""


@pytest.fixture
def rules() -> roles.Rules:
    return roles.parse(FILE, AREAS)


def test_first_matching_rule_decides(rules):
    g = roles.grant(rules, {"sub": "1", "email": "chen@example.gov.cn"})  # e-mail case-insensitive
    assert (g.role, g.areas, g.rule) == ("admin", ("*",), "the director")
    g = roles.grant(rules, {"sub": "2", "email": "li@pudong.example.gov.cn", "roles": ["x", "ip-leads"]})
    assert (g.role, g.areas, g.departments, g.rule) == ("analyst", ("pudong",), ("保护处",), "rule 2")
    g = roles.grant(rules, {"sub": "3", "email": "li@PD.example.cn", "roles": "ip-analysts"})  # one string
    assert g.role == "analyst"
    # the same domain without the group falls through to the viewer rule (a viewer has no areas)
    g = roles.grant(rules, {"sub": "4", "email": "wu@pudong.example.gov.cn", "roles": ["other"]})
    assert (g.role, g.areas, g.rule) == ("viewer", (), "rule 4")


def test_every_condition_of_a_rule_must_hold(rules):
    g = roles.grant(rules, {"sub": "5", "department": "IP office", "level": 3})
    assert (g.role, g.areas) == ("analyst", ("jingan", "yangpu"))
    g = roles.grant(rules, {"sub": "5", "department": ["财务", "知识产权局"], "level": "3"})
    assert g.role == "analyst"
    assert roles.grant(rules, {"sub": "5", "department": "IP office", "level": "2"}).rule == "default"
    # the groups claim is the file's ("roles"), not "groups"
    assert roles.grant(rules, {"sub": "6", "email": "a@pd.example.cn", "groups": ["ip-leads"]}).rule == "default"


def test_unverified_email_never_matches(rules):
    claims = {"sub": "7", "email": "chen@example.gov.cn", "email_verified": False}
    assert roles.grant(rules, claims) == roles.Grant("viewer", rule="default")
    assert roles.identity(claims) == "sub:7"
    assert roles.identity({"sub": "7", "email": "Chen@Example.gov.cn"}) == "chen@example.gov.cn"


def test_default_viewer_or_refuse():
    assert roles.grant(roles.parse(""), {"sub": "x"}) == roles.Grant("viewer", rule="default")
    refuse = roles.parse('default = "refuse"\n[[rule]]\ngroups = "ip"\nrole = "analyst"\nareas = "*"\n')
    assert roles.grant(refuse, {"sub": "x", "groups": ["other"]}) is None
    assert roles.grant(refuse, {"sub": "x", "groups": ["ip"]}).areas == ("*",)


def test_a_rule_without_conditions_matches_everyone():
    r = roles.parse('[[rule]]\nrole = "analyst"\nareas = ["jingan"]\n', AREAS)
    assert roles.grant(r, {"sub": "anyone"}).areas == ("jingan",)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("default = 'admin'", "default must be"),
        ("[[rule]]\nrole = 'boss'", "role must be one of"),
        ("[[rule]]\nrole = 'analyst'", "needs areas"),
        ("[[rule]]\nrole = 'analyst'\nareas = ['mars']", "unknown area codes mars"),
        ("[[rule]]\nrole = 'viewer'\nemial = 'a@b.c'", "unknown keys emial"),
        ("[[rule]]\nrole = 'viewer'\ngroups = [1.5]", "rule 1.groups"),
        ("rules = []", "unknown top-level keys rules"),
        ("[[rule]\n", "not TOML"),
    ],
)
def test_invalid_files_are_refused_with_where(text, says):
    with pytest.raises(roles.RolesError, match=says):
        roles.parse(text, AREAS)


def test_load_names_the_file_and_a_missing_file_is_no_rules(tmp_path):
    assert roles.load(tmp_path / "none.toml") == roles.Rules()
    bad = tmp_path / "roles.toml"
    bad.write_text("default = 1\n", encoding="utf-8")
    with pytest.raises(roles.RolesError, match=str(bad)):
        roles.load(bad)


def test_shipped_example_is_valid():
    example = Path(__file__).resolve().parent.parent / "deploy" / "roles.example.toml"
    r = roles.load(example, AREAS)
    assert r.rules and all(rule.grant.role in roles.ROLES for rule in r.rules)


def test_sso_user_carries_the_grant(rules):
    u = auth.sso_user({"sub": "2", "email": "li@pudong.example.gov.cn", "roles": ["ip-leads"]}, rules)
    assert u == auth.User("li@pudong.example.gov.cn", ("pudong",), ("保护处",), "analyst", "oidc")
    assert u.may_write("pudong") and not u.may_write("jingan")
    assert auth.sso_user({"email": "chen@example.gov.cn"}, rules) is None  # no subject: nobody


def test_viewer_writes_nothing_admin_everything():
    viewer = auth.User("v", ("pudong",), role="viewer")
    assert not viewer.may_edit and not viewer.may_write("pudong") and viewer.allowed(AREAS) == set()
    assert not auth.may_report(viewer, {"area": "pudong", "lead_department": "保护处"})
    admin = auth.User("a", (), ("办公室",), role="admin")
    assert admin.may_write("jingan") and admin.allowed(AREAS) == AREAS
    assert auth.may_report(admin, {"area": "jingan", "lead_department": "保护处"})


def test_local_roles_and_a_viewer_commit_is_refused(fresh_data):
    assert helpers.add_user("wang").role == "analyst"
    assert auth.add_user("zhao", helpers.PASSWORD, [], role="admin").areas == ("*",)
    auth.add_user("qian", helpers.PASSWORD, [], role="viewer")
    with pytest.raises(auth.AuthError, match="drop --areas"):
        auth.add_user("sun", helpers.PASSWORD, ["pudong"], role="viewer")
    with pytest.raises(auth.AuthError, match="--role takes"):
        auth.add_user("sun", helpers.PASSWORD, ["pudong"], role="root")
    assert auth.authenticate("zhao", helpers.PASSWORD).role == "admin"
    assert auth.get_user("qian") == auth.User("qian", (), (), "viewer")
    viewer = auth.authenticate("qian", helpers.PASSWORD)
    from ipdash.ingest import validate

    data = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT", 2016, 77]])
    v = validate.validate(data, "pd.csv")
    with pytest.raises(commit.CommitError) as exc:
        commit.commit(v, data, viewer)
    assert exc.value.code == "no_permission"


def test_users_cli_role(fresh_data):
    r = helpers.cli("users", "add", "zhao", "--role", "admin", "--password-stdin", stdin=helpers.PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    out = helpers.cli("users", "list").stdout.splitlines()
    assert out[0] == "user,areas,created_at,role" and out[1].startswith("zhao,*,") and out[1].endswith(",admin")
