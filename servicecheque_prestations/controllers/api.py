# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import json

from odoo import http
from odoo.http import request

MAX_BODY = 4096


class ServiceVoucherApi(http.Controller):
    """The voice-server endpoint: the telephony or app integration encodes a worker's
    performance, step by step, with the same checks and messages as the Job Tracker
    page.

    ``POST /servicecheque/api/v1/performance`` with ``Authorization: Bearer <key>``
    and a JSON body ``{"worker_code", "user_number", "activity", "hours",
    "client_key", "confirm"}``. Without ``confirm`` (or with fields still missing)
    nothing is written: the answer gives the errors of the fields sent, the fields
    still missing, and the read-back summary once all are valid. With ``"confirm":
    true`` and a ``client_key`` the performance is saved; the same client key again
    gets the same answer and saves nothing.
    """

    def _json(self, payload, status=200):
        return request.make_json_response(payload, status=status)

    @http.route(
        "/servicecheque/api/v1/performance",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def api_performance(self, **kw):
        env = request.env
        header = request.httprequest.headers.get("Authorization", "")
        key_sudo = env["sc.api.key"]._authenticate(header.removeprefix("Bearer ").strip())
        if not key_sudo:
            return self._json({"ok": False, "error": env._("Unknown or inactive key.")}, 401)
        if key_sudo._rate_limited():
            return self._json(
                {"ok": False, "error": env._("Too many calls: try again in a minute.")}, 429
            )
        raw = request.httprequest.get_data(cache=False)
        try:
            if len(raw) > MAX_BODY:
                raise ValueError
            data = json.loads(raw or b"{}")
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            return self._json({"ok": False, "error": env._("The body must be a JSON object.")}, 400)
        Call = env["sc.api.call"].sudo()
        client_key = str(data.get("client_key") or "")[:64] or False
        confirm = data.get("confirm") is True
        if confirm and client_key:
            previous = Call.search(
                [("key_id", "=", key_sudo.id), ("client_key", "=", client_key)], limit=1
            )
            if previous:
                return self._json({**previous.response, "replayed": True})
        payload, performance = self._handle(key_sudo, data, confirm, client_key)
        Call.create(
            {
                "key_id": key_sudo.id,
                "client_key": client_key if confirm and performance else False,
                "response": payload,
                "performance_id": performance.id,
            }
        )
        return self._json(payload, 200 if payload["ok"] else 422)

    def _handle(self, key_sudo, data, confirm, client_key):
        """Validate (and save when confirmed); return ``(answer, performance)``."""
        env = request.env
        Performance = env["sc.performance"].sudo()
        company = key_sudo.company_id
        errors = {}
        employee = env["hr.employee"].sudo()
        code = str(data.get("worker_code") or "").strip()
        if code:
            employee = employee.search(
                [("sc_worker_code", "=", code), ("company_id", "=", company.id)], limit=1
            )
            if not employee:
                errors["worker_code"] = env._(
                    "Worker code %(code)s is not known to the company.", code=code[:32]
                )
        fields_sent = [
            field
            for field in ("user_number", "activity", "hours")
            if data.get(field) not in (None, "")
        ]
        missing = ([] if code else ["worker_code"]) + [
            field for field in ("user_number", "activity", "hours") if field not in fields_sent
        ]
        values = {}
        if employee:
            values, field_errors = Performance._check_encoding(
                employee,
                data.get("user_number"),
                data.get("activity"),
                data.get("hours"),
                client_key=client_key or None,
            )
            errors.update({f: m for f, m in field_errors.items() if f in fields_sent})
        elif fields_sent:
            # without a worker, check the fields that do not depend on one
            probe = env["hr.employee"].sudo().new({"company_id": company.id})
            __, field_errors = Performance._check_encoding(
                probe, data.get("user_number"), data.get("activity"), data.get("hours")
            )
            errors.update({f: m for f, m in field_errors.items() if f in fields_sent})
        answer = {"ok": not errors, "errors": errors, "missing": missing}
        if errors or missing:
            return answer, Performance.browse()
        answer["summary"] = Performance._encoding_summary(values)
        if not confirm:
            answer["next"] = env._("Press 1 to confirm, 2 to correct.")
            return answer, Performance.browse()
        if not client_key:
            answer.update(ok=False, errors={"client_key": env._("Send a client key to confirm.")})
            return answer, Performance.browse()
        performance = Performance.create({**values, "channel": "api"})
        answer.update(saved=True, performance_id=performance.id, status=performance.status)
        return answer, performance
