"""Adding refusals to the result of a model's `_check_access`, the hook through which Odoo
checks every read, write, create and delete (ORM and routes alike).

`_check_access(operation)` returns None when every record of `self` is allowed, else
(forbidden records, a function building the AccessError). Our overrides (mail.followers,
mail.message, ir.attachment of complaints) refuse more records than Odoo does; they go
through these two functions so that the framework's own refusals and message are kept.
"""


def allowed_by(result, records):
    """The records of `records` that `result` (a `_check_access` result) does not already
    refuse."""
    return records - result[0] if result else records


def refuse(result, forbidden, error):
    """`result` with the records `forbidden` refused too; `error` builds the AccessError
    when `result` had none of its own."""
    if not forbidden:
        return result
    if result:
        return result[0] | forbidden, result[1]
    return forbidden, error
