from . import benefits_dated_test
