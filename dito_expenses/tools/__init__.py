# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Domain rules of this addon: plain Python, no ``odoo`` import, tested with pytest."""
