"""Select choices are SelectChoice objects: WTForms 3.4 drops tuples; the suite fails on them."""

import pytest
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice


def test_tuple_choices_fail_the_suite():
    class Legacy(Form):
        size = SelectField(choices=[("s", "Small")])

    with pytest.raises(DeprecationWarning, match="choices as tuples"):
        Legacy()


def test_select_choices_do_not_warn():
    class Current(Form):
        size = SelectField(choices=[SelectChoice("s", "Small")])

    assert [c.label for c in Current().size.iter_choices()] == ["Small"]
