from . import test_inputs_odoo
