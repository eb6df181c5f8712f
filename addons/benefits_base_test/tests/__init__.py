from . import test_dated_mixin
