from . import inputs, models, tools
