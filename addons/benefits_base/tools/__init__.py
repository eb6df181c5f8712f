from . import dated, inputs
