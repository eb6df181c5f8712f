"""The Docker set-up validates without a Docker engine."""

import re
import shutil
import subprocess

import pytest
import yaml
from conftest import ROOT

COMPOSE = ROOT / "docker" / "compose.yaml"


def test_compose_structure():
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) >= {"db", "odoo", "mail"}
    assert services["db"]["image"] == "postgres:16"
    build = services["odoo"]["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve().is_file()
    assert "8069:8069" in services["odoo"]["ports"]
    # the mail catcher's web inbox is published for people to click invitation links
    assert any(port.endswith(":8025") for port in services["mail"]["ports"])
    assert services["odoo"]["environment"]["SMTP_HOST"] == "mail"


def test_dockerfile_copies_existing_paths():
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM odoo:19\.0\b", dockerfile, re.M)
    for source in re.findall(r"^COPY (\S+) ", dockerfile, re.M):
        assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose is not installed")
def test_compose_config_validates():
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
