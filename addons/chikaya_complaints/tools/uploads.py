"""The files a citizen sends with a complaint (the portal's form and replies, the Open311 API),
checked by one rule: how many, how large, and which types.

The type is recognised from the first bytes of the content, never from the file's name or
the type the client declares: both are typed by the sender. Pure functions, so that every
entry point applies the same limits and each caller words the refusal for its own readers
(a form field's message, an API error).
"""

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes, per file
# Largest request body worth reading for a filing (the routes' max_content_length): the files
# at their limit, plus room for the text fields and the multipart framing.
MAX_REQUEST_SIZE = MAX_FILES * MAX_FILE_SIZE + 1024 * 1024
# The types accepted: mimetype -> (signatures the content starts with, extension).
FILE_SIGNATURES = {
    "application/pdf": ((b"%PDF-",), "pdf"),
    "image/jpeg": ((b"\xff\xd8\xff",), "jpg"),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), "png"),
}
# Longest file name kept, in characters.
MAX_NAME_LENGTH = 120

# What check_files refuses, first problem only: (code, file name). The codes are the keys of
# the portal's messages (chikaya.complaint.submission._message).
TOO_MANY_FILES = "too_many_files"
FILE_TOO_LARGE = "file_too_large"
FILE_TYPE = "file_type"


def file_mimetype(head):
    """The accepted type whose signature starts `head` (the first bytes), else False."""
    for mimetype, (signatures, _ext) in FILE_SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return mimetype
    return False


def clean_filename(name):
    """The last part of a file name as the sender gave it (browsers on Windows send the whole
    path), cut to MAX_NAME_LENGTH; "file" when nothing is left."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1][:MAX_NAME_LENGTH] or "file"


def read_uploads(storages):
    """(name, content) pairs of the uploaded files (werkzeug FileStorage) that have a name.
    One byte more than the limit is read, enough to know that a file is too large without
    reading all of it."""
    return [(f.filename, f.read(MAX_FILE_SIZE + 1)) for f in storages or [] if f.filename]


def check_files(files):
    """`files`: (name, content) pairs. Return (the ir.attachment values of the good files,
    the first problem or None), a problem being (code, file name): TOO_MANY_FILES (then no
    file is kept, and the name is empty), FILE_TOO_LARGE or FILE_TYPE."""
    files = [(name, content) for name, content in files if name or content]
    if len(files) > MAX_FILES:
        return [], (TOO_MANY_FILES, "")
    attachments, problem = [], None
    for name, content in files:
        name = clean_filename(name)
        if len(content) > MAX_FILE_SIZE:
            problem = problem or (FILE_TOO_LARGE, name)
            continue
        mimetype = file_mimetype(content[:16])
        if not mimetype:
            problem = problem or (FILE_TYPE, name)
            continue
        attachments.append({"name": name, "raw": content, "mimetype": mimetype})
    return attachments, problem
