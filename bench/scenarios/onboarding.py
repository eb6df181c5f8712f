"""Portal onboarding: sending one wave of invitations, as the cron does."""

from harness import Scenario


def _setup_wave(env, size):
    audience = env["portal.onboarding.audience"].create(
        {"name": "Bench audience", "code": f"bench-{size}", "batch_size": 500}
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench person {i}", "email": f"bench.{size}.{i}@example.com"}
            for i in range(size)
        ]
    )
    wave = env["portal.onboarding.wave"].create(
        {"name": "Bench wave", "audience_id": audience.id, "planned_date": "2020-01-01 00:00:00"}
    )
    env["portal.onboarding.member"].create(
        [{"partner_id": p.id, "audience_id": audience.id, "wave_id": wave.id} for p in partners]
    )
    wave.is_scheduled = True
    return {"wave": wave.id}


def _send_wave(env, context):
    env["portal.onboarding.wave"]._cron_send_due_waves()
    wave = env["portal.onboarding.wave"].browse(context["wave"])
    sent = env["portal.onboarding.member"].search_count(
        [("wave_id", "=", wave.id), ("invited_on", "!=", False)]
    )
    assert wave.state == "done", wave.state
    return sent


SCENARIOS = [Scenario("onboarding: send a wave of invitations", 5000, _setup_wave, _send_wave)]
