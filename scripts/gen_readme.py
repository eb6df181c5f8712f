"""Write each addon's README.rst from its readme/ fragments (as OCA's oca-gen-addon-readme).

Usage: python3 scripts/gen_readme.py [--check]
With --check, exit 1 when a README.rst is missing or out of date.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
]


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [
        f".. |status| replace:: {manifest.get('development_status', 'Alpha')}",
        f".. |license| replace:: {manifest['license']}",
        "",
        f"**Status:** |status| — **License:** |license| — **Version:** {manifest['version']}",
        "",
    ]
    for filename, heading in SECTIONS:
        fragment = addon / "readme" / filename
        if not fragment.exists():
            continue
        text = fragment.read_text(encoding="utf-8").strip()
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [text, ""]
    out += [
        "Credits",
        "=======",
        "",
        f"Authors: {manifest['author']}",
        "",
        "Maintainers: " + ", ".join(manifest.get("maintainers", [])),
        "",
    ]
    return "\n".join(out)


def main(check):
    stale = []
    for manifest in sorted(
        [*ROOT.glob("*/__manifest__.py"), *ROOT.glob("addons/*/__manifest__.py")]
    ):
        addon = manifest.parent
        target = addon / "README.rst"
        text = render(addon)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text, encoding="utf-8")
    if stale:
        print("Out of date (run python3 scripts/gen_readme.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
