# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The attacker's tests, generated from the registry and the controllers.

Each business addon subclasses the two cases below in its own ``tests/`` and says
only who its roles are and which records none of them owns; everything else is
found by the harness, so a new model, method, field or route is covered without
editing any test.

:class:`AccessMatrixCase`
    For every model of the addon, every public method the addon defines (on its
    own models and on the models it extends), the ORM's ``read``/``write``/
    ``unlink``/``copy``, and every role (the addon's roles, a self-registered
    portal user, a logged-out visitor), the call goes through Odoo's real JSON-RPC
    dispatcher (``/web/dataset/call_kw``) on records the role does not own and
    must be refused with an ``AccessError`` (logged out: a session error), with no
    mail, message or record created. Public ``@api.model`` methods have no record
    to own: each must be listed in ``matrix_allowed`` with a reason, or be made
    private (``_name`` or ``@api.private``). Secret-looking fields (tokens, keys,
    IP addresses, passwords) must carry ``groups=``.

:class:`PortalFuzzCase`
    Every POST-capable route the addon's controllers declare must be a fuzz
    target (or be listed in ``fuzz_skip`` with a reason). For each target, each
    field of its sample payload is replaced in turn by hostile values (huge,
    negative and non-finite numbers, impossible dates, NUL bytes, long strings,
    wrong JSON types, nested bodies) and posted over HTTP: the answer is never a
    500, never Odoo's generic error page, never a traceback, and a JSON-RPC error
    is only one of Odoo's own exceptions (a clear message), never a crash.
"""

import inspect
import json
import logging
import re
from datetime import date

from odoo import fields, http, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import json_default
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil as safe_dateutil
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

_logger = logging.getLogger(__name__)

try:  # pragma: no cover - depends on the test environment
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

SECRET_FIELD_RE = re.compile(r"(token|secret|password|passwd|api_key|key_hash|(^|_)ip$|^ip_)")
ORM_METHODS = ("read", "write", "unlink", "copy")
REFUSED_PUBLIC = (
    "odoo.http.SessionExpiredException",
    "odoo.exceptions.AccessDenied",
    "odoo.exceptions.AccessError",
)
# JSON-RPC errors that are a clear answer (a message for the user), not a crash.
CLEAR_ERRORS_PREFIX = ("odoo.exceptions.", "odoo.http.SessionExpiredException")
CLEAR_ERRORS_EXTRA = ("werkzeug.exceptions.NotFound", "werkzeug.exceptions.Forbidden")

# Hostile values, as text (forms) and as JSON values (APIs).
EVIL_TEXT = [
    "99999999999",
    "-99999999999",
    "-1",
    "0",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e308",
    "1e400",
    "-1e400",
    "1,5e3",
    "12.3456789",
    "31/02/2020",
    "2020-02-30",
    "99999-01-01",
    "0001-01-01",
    "9999-12-31",
    "00/00/0000",
    "\x00",
    "a\x00b",
    "%00",
    "\u202e\u0000",
    "x" * 100_000,
    "",
    " ",
    "'; DROP TABLE res_users; --",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "[]",
    "{}",
    "null",
    "true",
]
EVIL_JSON = [
    True,
    False,
    None,
    2.9,
    -1,
    0,
    2**63,
    -(2**63),
    1e308,
    [],
    {},
    [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]],
    {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": 1}}}}}}}}},
    "x" * 100_000,
    "\x00",
    "2020-02-30",
]
EVIL_BODIES = [
    b"[" * 3000 + b"]" * 3000,
    b'{"a":' * 2000 + b"1" + b"}" * 2000,
    b"1e400",
    b"NaN",
    b"[]",
    b'"text"',
    b"\xff\xfe\x00",
    b"{" + b'"k": 1,' * 50_000 + b'"z": 1}',
    b"",
]


def _our_function(func, modules):
    module = getattr(func, "__module__", "") or ""
    parts = module.split(".")
    return len(parts) > 2 and parts[:2] == ["odoo", "addons"] and parts[2] in modules


class AccessMatrixCase(HttpCase):
    """Every public method and field of an addon, as every role, on records it does not own.

    Subclass in the addon's tests with ``@tagged("post_install", "-at_install")`` and set:

    - ``matrix_modules``: the addon(s) whose models and methods are covered;
    - ``_matrix_roles()``: ``{role: res.users}`` (login == password, as
      ``new_test_user`` makes them): a second user of each portal role, the
      back-office roles of other jobs...;
    - ``_matrix_records()``: ``{model: recordset}`` that none of those roles owns,
      covering every non-abstract model the addon defines;
    - ``matrix_allowed``: ``{(model, method, role): reason}`` — a call a role may
      make (``role`` ``"*"`` for every role); keep it tiny;
    - ``matrix_skip_models``: ``{model: reason}`` for a model with no record to test;
    - ``matrix_public_secrets``: ``{(model, field): reason}`` for a secret-looking
      field that is not a secret.
    """

    allow_inherited_tests_method = True  # the tests below run in each addon's subclass
    matrix_modules = ()
    matrix_allowed = {}
    matrix_skip_models = {}
    matrix_public_secrets = {}

    @classmethod
    def _matrix_roles(cls):
        return {}

    @classmethod
    def _matrix_records(cls):
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix_users = dict(cls._matrix_roles())
        cls.matrix_users["self_registered"] = new_test_user(
            cls.env,
            login="matrix_self_registered",
            groups="base.group_portal",
            name="Self Registered",
        )
        cls.matrix_targets = cls._matrix_records()

    # ------------------------------------------------------------------ discovery

    def _matrix_models(self):
        """The non-abstract models the addons define (not those they only extend)."""
        found = []
        for name, model in self.env.registry.items():
            if model._abstract:
                continue
            for klass in model.mro()[1:]:
                if vars(klass).get("_name") != name:
                    continue
                inherit = vars(klass).get("_inherit") or ()
                inherit = [inherit] if isinstance(inherit, str) else inherit
                if name not in inherit and _our_function(klass, self.matrix_modules):
                    found.append(name)
                break
        return sorted(found)

    def _matrix_methods(self, model_name):
        """Public methods that the addons define on ``model_name`` (own or extended model)."""
        cls = type(self.env[model_name])
        found = []
        for name in dir(cls):
            # The ORM's own API (create, default_get, name_search...) checks access
            # itself; read/write/unlink/copy are attacked anyway.
            if name.startswith("_") or hasattr(models.BaseModel, name):
                continue
            for klass in cls.mro():
                func = vars(klass).get(name)
                if func is None:
                    continue
                if callable(func) and _our_function(func, self.matrix_modules):
                    found.append(name)
                break
        return [
            name
            for name in sorted(set(found))
            if not any(getattr(vars(k).get(name), "_api_private", False) for k in cls.mro())
        ]

    def _is_model_method(self, model_name, method):
        func = getattr(type(self.env[model_name]), method)
        return getattr(func, "_api_model", False) or getattr(func, "_api_model_create", False)

    # ---------------------------------------------------------------------- calls

    def _call_kw(self, model, method, args, kwargs=None):
        """Call through Odoo's JSON-RPC dispatcher; return ``(result, error_name)``."""
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
            # Dates and the like as the web client sends them (text).
            data=json.dumps(body, default=json_default),
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        self.assertLess(response.status_code, 500, f"{model}.{method}: HTTP {response.status_code}")
        body = response.json()
        if "error" in body:
            return None, body["error"].get("data", {}).get("name", "?")
        return body.get("result"), None

    def _side_effects(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM mail_message),"
            " (SELECT COALESCE(MAX(id), 0) FROM mail_mail)"
        )
        return self.env.cr.fetchone()

    def _sample_args(self, model_name, method, records):
        func = getattr(type(self.env[model_name]), method)
        if method == "write":
            return [records.ids, self._harmless_vals(records)]
        if method == "copy":
            return [records.ids[:1]]
        try:
            params = list(inspect.signature(func).parameters.values())[1:]
        except (TypeError, ValueError):
            params = []
        extra = [
            None
            for param in params
            if param.default is inspect.Parameter.empty
            and param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
        ]
        return [records.ids, *extra]

    def _harmless_vals(self, records):
        for name, field in records._fields.items():
            if (
                field.store
                and not field.readonly
                and not field.compute
                and field.type in ("char", "text", "integer", "float", "boolean", "date")
                and name not in ("id", "create_uid", "write_uid", "create_date", "write_date")
            ):
                return {name: records[:1].sudo()[name]}
        return {"display_name": "x"}

    # ---------------------------------------------------------------------- tests

    def test_matrix_covers_every_model(self):
        """Every model of the addon has records in the matrix (or a reason to be skipped)."""
        missing = [
            name
            for name in self._matrix_models()
            if name not in self.matrix_targets and name not in self.matrix_skip_models
        ]
        self.assertFalse(missing, f"no record to attack for {missing}: add them to _matrix_records")

    def test_secret_fields_have_groups(self):
        """Fields that look like secrets are readable only by the groups they name."""
        ours = set(self._matrix_models())
        offenders = []
        for model_name in self.env:
            for name, field in self.env[model_name]._fields.items():
                if (
                    not SECRET_FIELD_RE.search(name)
                    or (model_name, name) in self.matrix_public_secrets
                ):
                    continue
                if model_name not in ours and not self._defined_here(model_name, name):
                    continue
                if not field.groups:
                    offenders.append(f"{model_name}.{name}")
        self.assertFalse(offenders, f"secret-looking fields without groups=: {offenders}")

    def _defined_here(self, model_name, field_name):
        """Whether one of the addons declares ``field_name`` on the model it extends."""
        return any(
            isinstance(vars(klass).get(field_name), fields.Field)
            and _our_function(klass, self.matrix_modules)
            for klass in type(self.env[model_name]).mro()[1:]
        )

    def test_access_matrix(self):
        """As each role, every method on records it does not own is refused, with no side effect."""
        failures = []
        cases = 0
        for role, user in sorted(self.matrix_users.items()):
            self.authenticate(user.login, user.login)
            for model_name, records in sorted(self.matrix_targets.items()):
                if not records:
                    continue
                methods = [*ORM_METHODS, *self._matrix_methods(model_name)]
                for method in dict.fromkeys(methods):
                    if (model_name, method, role) in self.matrix_allowed or (
                        model_name,
                        method,
                        "*",
                    ) in self.matrix_allowed:
                        continue
                    cases += 1
                    if method not in ORM_METHODS and self._is_model_method(model_name, method):
                        failures.append(
                            f"{model_name}.{method}: public @api.model method: make it private "
                            "or list it in matrix_allowed with a reason"
                        )
                        continue
                    before = self._side_effects()
                    args = self._sample_args(model_name, method, records)
                    _result, error = self._call_kw(model_name, method, args)
                    if error != "odoo.exceptions.AccessError":
                        failures.append(f"{role}: {model_name}.{method} -> {error or 'accepted'}")
                    elif self._side_effects() != before:
                        failures.append(
                            f"{role}: {model_name}.{method} refused after a mail/message"
                        )
        # Logged out: the dispatcher itself refuses (one call per model is enough).
        self.authenticate(None, None)
        for model_name in sorted(self.matrix_targets):
            cases += 1
            _result, error = self._call_kw(
                model_name, "read", [self.matrix_targets[model_name].ids]
            )
            if error not in REFUSED_PUBLIC:
                failures.append(f"public: {model_name}.read -> {error or 'accepted'}")
        _logger.info(
            "access matrix %s: %s cases, %s failures", self.matrix_modules, cases, len(failures)
        )
        self.assertTrue(cases, "the access matrix ran no case")
        self.assertFalse(failures, "\n".join(failures))


class PortalFuzzCase(HttpCase):
    """Every POST route of an addon, with hostile values in every field.

    Subclass in the addon's tests with ``@tagged("post_install", "-at_install")`` and set:

    - ``fuzz_modules``: the addon(s) whose controllers' routes must all be targets;
    - ``_fuzz_targets()``: ``[(url, kind, sample, login)]`` where ``kind`` is
      ``"http"`` (a form POST; the CSRF token is added), ``"jsonrpc"`` (an Odoo
      ``type="jsonrpc"`` route: ``sample`` is its params) or ``"json"`` (a plain
      JSON body, e.g. an API: ``sample`` is the body; give API headers with
      ``fuzz_headers``), ``login`` the user (password == login) or ``None``
      for a visitor. ``url`` is a concrete URL of the route (ids filled in);
    - ``fuzz_skip``: ``{route: reason}`` for routes not fuzzed (GET-only pages are
      never required);
    - ``fuzz_headers``: ``{url: headers}`` (e.g. an API key);
    - ``fuzz_examples``: extra hypothesis examples per field (when installed).
    """

    allow_inherited_tests_method = True
    fuzz_modules = ()
    fuzz_skip = {}
    fuzz_headers = {}
    fuzz_examples = 15

    def _fuzz_targets(self):
        return []

    # ------------------------------------------------------------------ discovery

    def _declared_post_routes(self):
        """``{route: routing}`` of the addons' controllers that accept POST."""
        routes = {}
        for module in self.fuzz_modules:
            for ctrl in http.Controller.children_classes.get(module, []):
                for klass in ctrl.mro():
                    if not _our_function(klass, self.fuzz_modules):
                        continue
                    for attr in vars(klass).values():
                        routing = getattr(attr, "original_routing", None)
                        if not routing:
                            continue
                        methods = routing.get("methods") or ()
                        # Forms are the http routes that declare POST; every
                        # jsonrpc route takes a body.
                        if routing.get("type") == "http" and "POST" not in methods:
                            continue
                        for route in routing.get("routes") or []:
                            routes[route] = routing
        return routes

    @staticmethod
    def _route_pattern(route):
        return re.compile("^" + re.sub(r"<[^>]+>", r"[^/]+", route) + "/?$")

    # ---------------------------------------------------------------------- calls

    def _fuzz_post(self, url, kind, payload, raw=None):
        headers = dict(self.fuzz_headers.get(url, {}))
        if kind == "http":
            data = dict(payload)
            data.setdefault("csrf_token", http.Request.csrf_token(self))
            return self.opener.post(
                f"{self.base_url()}{url}",
                data=data,
                headers=headers,
                timeout=60,
                allow_redirects=False,
            )
        if kind == "jsonrpc":
            body = json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": payload},
                default=str,
            ).encode()
        else:
            body = raw if raw is not None else json.dumps(payload, default=str).encode()
        headers.setdefault("Content-Type", "application/json")
        return self.opener.post(f"{self.base_url()}{url}", data=body, headers=headers, timeout=60)

    def _fuzz_check(self, url, kind, field, value, response, failures):
        label = f"{kind} {url} [{field}={value!r:.60}]"
        text = response.text or ""
        if response.status_code >= 500:
            failures.append(f"{label}: HTTP {response.status_code}")
            return
        if "Traceback (most recent call last)" in text:
            failures.append(f"{label}: traceback in the answer")
            return
        if kind == "http" and response.status_code == 422:
            failures.append(f"{label}: Odoo's generic error page instead of a form error")
            return
        if kind == "jsonrpc":
            try:
                body = response.json()
            except ValueError:
                failures.append(f"{label}: answer is not JSON")
                return
            error = body.get("error") if isinstance(body, dict) else None
            if error:
                name = (error.get("data") or {}).get("name", "")
                if not (name.startswith(CLEAR_ERRORS_PREFIX) or name in CLEAR_ERRORS_EXTRA):
                    failures.append(f"{label}: crashed with {name}")

    def _fuzz_values(self, kind):
        values = list(EVIL_TEXT) if kind == "http" else [*EVIL_TEXT, *EVIL_JSON]
        if given is not None and self.fuzz_examples:
            drawn = []
            strategy = st.one_of(
                st.integers(min_value=-(2**70), max_value=2**70).map(str),
                st.floats(allow_nan=True, allow_infinity=True).map(repr),
                st.text(
                    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                    max_size=40,
                ),
                st.dates(min_value=date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
            )

            @settings(
                max_examples=self.fuzz_examples,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(strategy)
            def draw(value):
                drawn.append(value)

            draw()
            values.extend(drawn)
        return values

    # ---------------------------------------------------------------------- tests

    def test_fuzz_every_post_route(self):
        """Hostile values in every field of every POST route: never a crash."""
        targets = self._fuzz_targets()
        declared = self._declared_post_routes()
        uncovered = [
            route
            for route in declared
            if route not in self.fuzz_skip
            and not any(self._route_pattern(route).match(url) for url, *_rest in targets)
        ]
        self.assertFalse(uncovered, f"POST routes without a fuzz target: {uncovered}")
        failures = []
        cases = 0
        current_login = object()
        for url, kind, sample, login in targets:
            if login != current_login:
                self.authenticate(login, login)  # None: a visitor's session
                current_login = login
            for field in sample:
                for value in self._fuzz_values(kind):
                    payload = dict(sample)
                    payload[field] = value
                    cases += 1
                    with self.subTest(url=url, field=field):
                        response = self._fuzz_post(url, kind, payload)
                        self._fuzz_check(url, kind, field, value, response, failures)
            if kind == "json":
                for raw in EVIL_BODIES:
                    cases += 1
                    response = self._fuzz_post(url, kind, sample, raw=raw)
                    self._fuzz_check(url, kind, "<body>", raw[:20], response, failures)
                    if response.status_code < 500:
                        try:
                            response.json()
                        except ValueError:
                            failures.append(f"json {url} [<body>={raw[:20]!r}]: answer is not JSON")
        _logger.info("fuzz %s: %s cases, %s failures", self.fuzz_modules, cases, len(failures))
        self.assertTrue(cases, "the fuzz test ran no case")
        self.assertFalse(failures, "\n".join(failures[:200]))


__all__ = ["AccessError", "AccessMatrixCase", "MenuAccessCase", "PortalFuzzCase"]


class MenuAccessCase(TransactionCase):
    """Every menu of the addons opens for every back-office role that sees it.

    What the web client does when a menu is clicked, as the role's user: load the
    window action, the views of its model, and the first page of records with the
    action's domain and the list view's fields. A role that sees a menu it cannot
    open (an access error on the model or on a field of its list) fails the test,
    which names the role, the menu and the error. Subclass with
    ``@tagged("post_install", "-at_install")`` and set:

    - ``menu_modules``: the addons whose menus are checked (by their XML ids);
    - ``_menu_roles()`` (optional): ``{role: res.users}``; by default one user per
      back-office group the addons declare.
    """

    allow_inherited_tests_method = True
    menu_modules = ()

    @classmethod
    def _menu_roles(cls):
        """By default, one user per back-office group the addons declare (found in the
        registry, so a new group is covered without editing the test)."""
        data = cls.env["ir.model.data"].search(
            [("module", "in", list(cls.menu_modules)), ("model", "=", "res.groups")]
        )
        portal = cls.env.ref("base.group_portal")
        roles = {}
        for xmlid in data:
            group = cls.env["res.groups"].browse(xmlid.res_id)
            if portal in group.all_implied_ids or group.share:
                continue
            roles[f"{xmlid.module}.{xmlid.name}"] = new_test_user(
                cls.env,
                login=f"menu_{xmlid.module}_{xmlid.name}",
                groups=f"base.group_user,{xmlid.module}.{xmlid.name}",
            )
        return roles

    def _open_action(self, env, action):
        Model = env[action.res_model]
        views = [(False, mode) for mode in (action.view_mode or "list").split(",")]
        result = Model.get_views(views, {"load_filters": True, "toolbar": True})
        try:
            domain = safe_eval(
                action.domain or "[]",
                {
                    "uid": env.uid,
                    "user": env.user,
                    "context_today": safe_datetime.date.today,
                    "datetime": safe_datetime,
                    "time": safe_time,
                    "relativedelta": safe_dateutil.relativedelta.relativedelta,
                    "allowed_company_ids": env.companies.ids,
                    "active_id": False,
                    "active_ids": [],
                },
            )
        except (ValueError, NameError, SyntaxError, TypeError):
            domain = []
        list_arch = result["views"].get("list", {}).get("arch") or ""
        names = [
            name
            for name in re.findall(r'<field name="([a-z0-9_]+)"', list_arch)
            if name in Model._fields
        ] or ["display_name"]
        records = Model.search_fetch(domain, names, limit=80)
        records.read(names)
        return len(records)

    def test_every_menu_opens(self):
        """Each role opens each of the addons' menus it sees (no access error)."""
        roles = self._menu_roles()
        self.assertTrue(roles, "no back-office role to check")
        failures = []
        cases = 0
        for role, user in sorted(roles.items()):
            env = self.env(user=user, context={"lang": "en_US"})
            menus = env["ir.ui.menu"].load_menus(debug=False)
            for menu in menus.values():
                xmlid = menu.get("xmlid") or ""
                if not isinstance(menu, dict) or xmlid.split(".")[0] not in self.menu_modules:
                    continue
                if menu.get("action_model") != "ir.actions.act_window":
                    continue
                cases += 1
                action = self.env["ir.actions.act_window"].browse(menu["action_id"])
                try:
                    with self.env.cr.savepoint():
                        self._open_action(env, action)
                except (AccessError, UserError) as error:
                    failures.append(f"{role}: menu {xmlid} ({action.res_model}): {error}")
        _logger.info("menus %s: %s openings, %s failures", self.menu_modules, cases, len(failures))
        self.assertTrue(cases, "no menu of the addons was opened")
        self.assertFalse(failures, "\n".join(failures))
