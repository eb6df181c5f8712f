from . import benefits_dated_mixin
