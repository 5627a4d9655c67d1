"""The domain's vocabulary, one small pure module per concept (no Django, nothing of
ours outside this layer): metrics, letter shapes, percent figures, dates in letters.

Every layer imports these: models build their choices from them, forms and rates
compute with them, letters write them, templates show them. Labels are English; the
``_`` marker in each module lets ``makemessages`` collect them, and the Django layer
translates them where a person reads them (``gettext(label)``).
"""
