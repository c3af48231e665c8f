"""The context in which the workflow writes the fields it owns.

Kept apart from the models so that every model and module can import it without making
chikaya.complaint load before the mixins it inherits (models register in import order).
"""

import contextlib
import contextvars

# Set while the workflow's own methods write (see workflow_writes()).
_WORKFLOW = contextvars.ContextVar("chikaya_complaint_workflow", default=False)


def in_workflow():
    """Whether the running code is inside workflow_writes()."""
    return _WORKFLOW.get()


@contextlib.contextmanager
def workflow_writes():
    """Let the code inside the block write the fields the workflow owns
    (complaint_data.WORKFLOW_FIELDS) and post in a citizen's name.

    A context variable rather than a context key: any RPC caller can send a context key
    (`with_context` travels with the call), while a context variable is set only by Python
    code running in the server. Access rights and record rules still apply to the writes
    made inside the block."""
    token = _WORKFLOW.set(True)
    try:
        yield
    finally:
        _WORKFLOW.reset(token)
