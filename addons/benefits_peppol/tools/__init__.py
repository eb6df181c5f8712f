from . import structured_reference
