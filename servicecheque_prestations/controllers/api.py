# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import logging

from odoo import http
from odoo.addons.benefits_base.inputs import input_error_message
from odoo.addons.benefits_base.tools import inputs
from odoo.http import request

_logger = logging.getLogger(__name__)

#: Largest body accepted (a real call is under 300 bytes).
MAX_BODY = 4096
#: Deepest JSON nesting accepted (a real call is one flat object).
MAX_DEPTH = 2
#: Whole numbers beyond this are malformed (400); within it, the encoding's own
#: checks answer with the voice server's message (422).
WHOLE_LIMIT = 10**6


class ServiceVoucherApi(http.Controller):
    """The voice-server endpoint: the telephony or app integration encodes a worker's
    performance, step by step, with the same checks and messages as the Job Tracker
    page.

    ``POST /servicecheque/api/v1/performance`` with ``Authorization: Bearer <key>``
    and a JSON body ``{"worker_code", "user_number", "activity", "hours",
    "client_key", "confirm"}``: ``worker_code``, ``user_number`` and ``client_key``
    are strings, ``activity`` (1-4) and ``hours`` (1-9) JSON integers, ``confirm``
    a JSON boolean; any other type is refused (400). Without ``confirm`` (or with
    fields still missing) nothing is written: the answer gives the errors of the
    fields sent, the fields still missing, and the read-back summary once all are
    valid. With ``"confirm": true`` and a ``client_key`` the performance is saved;
    the same client key again gets the same answer and saves nothing; the same
    worker, user number, day and activity again is refused (409).

    Every answer is JSON ``{"ok": false, "error"|"errors": ...}`` on failure:
    400 (malformed body or value), 401 (key), 404 (unknown path), 405 (method),
    409 (already encoded), 413 (body too large), 422 (a value the company does
    not know), 429 (rate limit). Every authenticated call counts in the key's rate
    limit, malformed ones included.
    """

    def _json(self, payload, status=200):
        return request.make_json_response(payload, status=status)

    def _error(self, message, status):
        return self._json({"ok": False, "error": message}, status)

    @http.route(
        "/servicecheque/api/v1/performance",
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
    )
    def api_performance(self, **kw):
        env = request.env
        if request.httprequest.method != "POST":
            return self._error(env._("Use POST."), 405)
        header = request.httprequest.headers.get("Authorization", "")
        key_sudo = env["sc.api.key"]._authenticate(header.removeprefix("Bearer ").strip())
        if not key_sudo:
            return self._error(env._("Unknown or inactive key."), 401)
        if key_sudo._rate_limited():
            return self._error(env._("Too many calls: try again in a minute."), 429)
        # counted before anything else: a malformed call uses the limit too
        call_sudo = env["sc.api.call"].sudo().create({"key_id": key_sudo.id})
        length = request.httprequest.content_length or 0
        if length > MAX_BODY:
            return self._too_large(call_sudo)
        raw = request.httprequest.get_data(cache=False)
        if len(raw) > MAX_BODY:
            return self._too_large(call_sudo)
        try:
            data = inputs.parse_json_body(raw or b"{}", max_bytes=MAX_BODY, max_depth=MAX_DEPTH)
        except inputs.InputError as error:
            return self._answer(
                call_sudo, {"ok": False, "error": input_error_message(env, error)}, 400
            )
        try:
            values = self._sc_parse(data)
        except inputs.InputError as error:
            return self._answer(
                call_sudo,
                {"ok": False, "errors": {error.field_key: input_error_message(env, error)}},
                400,
            )
        client_key = values["client_key"] or False
        confirm = values["confirm"]
        if confirm and client_key:
            previous = (
                env["sc.api.call"]
                .sudo()
                .search([("key_id", "=", key_sudo.id), ("client_key", "=", client_key)], limit=1)
            )
            if previous:
                return self._answer(call_sudo, {**previous.response, "replayed": True}, 200)
        payload, performance, status = self._handle(key_sudo, values, confirm, client_key)
        call_sudo.write(
            {
                "client_key": client_key if confirm and performance else False,
                "performance_id": performance.id,
            }
        )
        return self._answer(call_sudo, payload, status)

    @http.route(
        "/servicecheque/api/<path:rest>",
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
    )
    def api_not_found(self, rest=None, **kw):
        return self._error(request.env._("Unknown address."), 404)

    def _too_large(self, call_sudo):
        message = request.env._(
            "The request body is too large: at most %(max)s bytes.", max=MAX_BODY
        )
        return self._answer(call_sudo, {"ok": False, "error": message}, 413)

    def _answer(self, call_sudo, payload, status):
        call_sudo.write({"response": payload})
        return self._json(payload, status)

    def _sc_parse(self, data):
        """The body's values, typed strictly (:mod:`benefits_base.tools.inputs`)."""
        env = request.env
        labels = {
            "worker_code": env._("Worker code"),
            "user_number": env._("User number"),
            "activity": env._("Activity"),
            "hours": env._("Hours"),
            "client_key": env._("Client key"),
            "confirm": env._("Confirm"),
        }

        def tagged(name, parse):
            try:
                return parse(data.get(name), labels[name])
            except inputs.InputError as error:
                error.field_key = name
                raise

        confirm = data.get("confirm")
        if confirm is not None and not isinstance(confirm, bool):
            error = inputs.InputError(
                "%(field)s has a value that is not allowed.", {"field": labels["confirm"]}
            )
            error.field_key = "confirm"
            raise error
        text = {"worker_code": 32, "user_number": 32, "client_key": 64}
        values = {
            name: tagged(
                name,
                lambda value, label, size=size: inputs.clean_text(value, label, max_length=size),
            )
            for name, size in text.items()
        }
        values["activity"] = tagged(
            "activity",
            lambda value, label: inputs.parse_int(
                value, label, minimum=-WHOLE_LIMIT, maximum=WHOLE_LIMIT, required=False, strict=True
            ),
        )
        values["hours"] = tagged(
            "hours",
            lambda value, label: inputs.parse_int(
                value, label, minimum=-WHOLE_LIMIT, maximum=WHOLE_LIMIT, required=False, strict=True
            ),
        )
        values["confirm"] = confirm is True
        return values

    def _handle(self, key_sudo, data, confirm, client_key):
        """Validate (and save when confirmed); return ``(answer, performance, status)``."""
        env = request.env
        Performance = env["sc.performance"].sudo()
        company = key_sudo.company_id
        errors = {}
        employee = env["hr.employee"].sudo()
        code = data["worker_code"]
        if code:
            employee = employee.search(
                [("sc_worker_code", "=", code), ("company_id", "=", company.id)], limit=1
            )
            if not employee:
                errors["worker_code"] = env._(
                    "Worker code %(code)s is not known to the company.", code=code
                )
        fields_sent = [
            field for field in ("user_number", "activity", "hours") if data[field] not in (None, "")
        ]
        missing = ([] if code else ["worker_code"]) + [
            field for field in ("user_number", "activity", "hours") if field not in fields_sent
        ]
        values = {}
        duplicate = False
        if employee:
            values, field_errors = Performance._check_encoding(
                employee,
                data["user_number"],
                data["activity"],
                data["hours"],
                client_key=client_key or None,
            )
            duplicate = "duplicate" in field_errors
            errors.update({f: m for f, m in field_errors.items() if f in fields_sent})
            if duplicate:
                errors["duplicate"] = field_errors["duplicate"]
        elif fields_sent:
            # without a worker, check the fields that do not depend on one
            probe = env["hr.employee"].sudo().new({"company_id": company.id})
            __, field_errors = Performance._check_encoding(
                probe, data["user_number"], data["activity"], data["hours"]
            )
            errors.update({f: m for f, m in field_errors.items() if f in fields_sent})
        answer = {"ok": not errors, "errors": errors, "missing": missing}
        if errors or missing:
            status = 409 if duplicate else 422 if errors else 200
            return answer, Performance.browse(), status
        answer["summary"] = Performance._encoding_summary(values)
        if not confirm:
            answer["next"] = env._("Press 1 to confirm, 2 to correct.")
            return answer, Performance.browse(), 200
        if not client_key:
            answer.update(ok=False, errors={"client_key": env._("Send a client key to confirm.")})
            return answer, Performance.browse(), 422
        performance, save_errors = Performance._sc_encode(values, "api")
        if save_errors:
            answer.update(ok=False, errors=save_errors)
            return answer, performance, 409 if "duplicate" in save_errors else 422
        answer.update(saved=True, performance_id=performance.id, status=performance.status)
        return answer, performance, 200
