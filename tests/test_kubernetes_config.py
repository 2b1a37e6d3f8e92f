"""The course's Zero to JupyterHub values (grader/hub/kubernetes/config.yaml): the settings the page
beside it promises are there, and the trainees' image is built from the trainee bundle only.
(Checked by hand against the chart's own values.schema.yaml, which is not shipped with the kit.)"""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1] / "grader" / "hub" / "kubernetes"


def test_the_values_give_each_trainee_their_id_limits_the_exchange_and_culling():
    values = yaml.safe_load((HERE / "config.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["extraEnv"]["SERVICEKIT_TRAINEE_ID"] == "{username}"
    assert single["memory"]["limit"] and single["cpu"]["limit"] == 1
    assert [m["mountPath"] for m in single["storage"]["extraVolumeMounts"]] == ["/srv/nbgrader/exchange"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert values["hub"]["db"]["type"] == "postgres" and values["hub"]["db"]["url"].startswith("postgresql+psycopg://")
    role = values["hub"]["loadRoles"]["formgrader-service-management"]
    assert role["groups"] == ["formgrade-service-management"]
    assert single["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False


def test_the_trainees_image_holds_the_trainee_bundle_not_the_kit():
    dockerfile = (HERE / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY dist/trainee-kit.zip" in dockerfile
    assert "COPY . " not in dockerfile and "solutions" not in dockerfile.replace("no solutions", "")
    assert "requirements.lock" in dockerfile and "setup_lab" in dockerfile
