# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import sc_paper_payment, sc_performance_move
