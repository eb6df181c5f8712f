"""Static checks of every addon, without Odoo: what would break an install or a screen."""

import ast
import csv
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import ROOT, addon_paths
from lxml import etree

ADDONS = addon_paths()
IDS = [a.name for a in ADDONS]
REQUIRED_KEYS = {
    "name",
    "summary",
    "version",
    "license",
    "author",
    "website",
    "depends",
    "maintainers",
    "development_status",
}
# Fields every model has, and those the mail mixins add.
MAGIC_FIELDS = {"id", "display_name", "create_date", "create_uid", "write_date", "write_uid"}
MIXIN_FIELDS = {
    "mail.thread": {
        "message_ids",
        "message_follower_ids",
        "activity_ids",
        "message_attachment_count",
    },
    "mail.activity.mixin": {"activity_ids", "activity_state", "activity_user_id"},
    "portal.mixin": {"access_url", "access_token", "access_warning"},
    "benefits.dated.mixin": {"date_from", "date_to", "date_end", "source"},
}


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def _models(addon):
    """``{model name: (declared field names, inherited mixins, is new model)}`` of an addon."""
    found = {}
    for path in sorted((addon / "models").glob("*.py")) + sorted((addon / "wizard").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            attrs, fields = {}, set()
            for node in cls.body:
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    target = node.targets[0].id
                    if target in ("_name", "_inherit"):
                        try:
                            attrs[target] = ast.literal_eval(node.value)
                        except ValueError:
                            continue
                    value = node.value
                    if (
                        isinstance(value, ast.Call)
                        and isinstance(value.func, ast.Attribute)
                        and isinstance(value.func.value, ast.Name)
                        and value.func.value.id == "fields"
                    ):
                        fields.add(target)
            inherit = attrs.get("_inherit", [])
            inherit = [inherit] if isinstance(inherit, str) else list(inherit)
            name = attrs.get("_name") or (inherit[0] if inherit else None)
            if not name:
                continue
            # An AbstractModel has no table and no records: no access rule to give.
            abstract = any(
                isinstance(base, ast.Attribute) and base.attr == "AbstractModel"
                for base in cls.bases
            )
            known, mixins, new = found.get(name, (set(), set(), False))
            is_new = new or ("_name" in attrs and name not in inherit and not abstract)
            found[name] = (known | fields, mixins | set(inherit), is_new)
    return found


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_manifest_keys_and_files(addon):
    manifest = _manifest(addon)
    missing = REQUIRED_KEYS - manifest.keys()
    assert not missing, f"{addon.name}: manifest lacks {sorted(missing)}"
    assert manifest["version"].startswith("19.0."), manifest["version"]
    assert len(manifest["version"].split(".")) == 5, manifest["version"]
    assert manifest["license"] in ("LGPL-3", "AGPL-3")
    for key in ("data", "demo"):
        for rel in manifest.get(key, []):
            assert (addon / rel).is_file(), f"{addon.name}: {key} file {rel} is missing"
    for rel in ("readme/DESCRIPTION.md", "README.rst", "static/description/icon.png"):
        assert (addon / rel).is_file(), f"{addon.name}: {rel} is missing"


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_depends_only_on_community_or_ours(addon):
    ours = {a.name for a in ADDONS}
    enterprise = {"account_accountant", "web_studio", "sign", "documents", "account_reports"}
    for dep in _manifest(addon)["depends"]:
        assert dep not in enterprise, f"{addon.name} depends on Enterprise module {dep}"
        assert dep in ours or not dep.startswith(("dito", "servicecheque", "voucher"))


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_xml_well_formed(addon):
    for path in addon.rglob("*.xml"):
        etree.parse(str(path))


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_every_model_has_access_rules(addon):
    csv_path = addon / "security" / "ir.model.access.csv"
    if not csv_path.exists():
        new_models = [model for model, (__, __, new) in _models(addon).items() if new]
        assert not new_models, f"{addon.name}: no security/ir.model.access.csv for {new_models}"
        return
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    covered = {row["model_id:id"].split(".")[-1] for row in rows}
    for model, (__, __, new) in _models(addon).items():
        if new:
            xmlid = "model_" + model.replace(".", "_")
            assert xmlid in covered, f"{addon.name}: no access rule for {model}"


def _view_field_names(arch):
    """Field names of a view's own model: nested x2many sub-views are skipped."""
    names = set()

    def walk(node, nested):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field" and not nested:
                names.add(child.get("name"))
                walk(child, True)
            else:
                walk(child, nested)

    walk(arch, False)
    return names


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_views_reference_existing_fields(addon):
    models = _models(addon)
    for path in addon.rglob("*.xml"):
        tree = etree.parse(str(path))
        for record in tree.iterfind(".//record[@model='ir.ui.view']"):
            model = record.findtext("field[@name='model']")
            arch = record.find("field[@name='arch']")
            if (
                model not in models
                or arch is None
                or record.find("field[@name='inherit_id']") is not None
            ):
                continue
            known, mixins, new = models[model]
            if not new:
                continue
            allowed = set(known) | MAGIC_FIELDS
            for mixin in mixins:
                allowed |= MIXIN_FIELDS.get(mixin, set())
            unknown = _view_field_names(arch) - allowed
            assert not unknown, (
                f"{path.name} ({record.get('id')}): unknown fields {sorted(unknown)}"
            )


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_po_files_parse_and_keep_placeholders(addon):
    for path in sorted((addon / "i18n").glob("*.po")) + sorted((addon / "i18n").glob("*.pot")):
        catalog = polib.pofile(str(path))
        for entry in catalog.translated_entries():
            for placeholder in ("%(", "%s"):
                assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), (
                    f"{path.name}: placeholders differ in {entry.msgid!r}"
                )


@pytest.mark.parametrize("addon", ADDONS, ids=IDS)
def test_translations_for_nl_fr_de(addon):
    i18n = addon / "i18n"
    if not any(i18n.glob("*.pot")):
        pytest.skip(f"{addon.name} has no translatable terms yet")
    for lang in ("nl", "fr", "de"):
        assert (i18n / f"{lang}.po").is_file(), f"{addon.name}: i18n/{lang}.po is missing"


def test_readme_rst_up_to_date():
    result = subprocess.run(
        ["python3", str(ROOT / "scripts" / "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_ci_calls_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme.split("\n## ", 2)[1] or "make test" in readme[:3000]
    assert "make test" in ci


def test_config_files_parse():
    import configparser

    for name in ("odoo.conf", "odoo-test.conf"):
        parser = configparser.ConfigParser()
        assert parser.read(ROOT / "config" / name), name
        assert parser["options"]["list_db"] == "False"


def test_no_odoo_source_in_repo():
    for marker in ("odoo/release.py", "odoo-bin", "addons/base/__manifest__.py"):
        assert not (ROOT / marker).exists(), marker


def test_static_file_paths_exist():
    """Every path mentioned in an addon's assets exists."""
    for addon in ADDONS:
        for bundle, paths in _manifest(addon).get("assets", {}).items():
            for pattern in paths:
                rel = Path(pattern).relative_to(addon.name)
                assert list(addon.glob(str(rel))), f"{addon.name}: {bundle} {pattern}"
