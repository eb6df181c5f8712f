# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from . import account_edi_xml_ubl_bis3, account_move, account_tax
