from . import inputs, tools
