from . import inputs
